"""The office building: one BAG pand, measured in lettable floor area."""

import pghistory
import pgtrigger
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from buildings.choices import BuildingStatus, EnergyLabel
from buildings.models.fields import CoordinateField, WholeAreaField
from buildings.querysets import BuildingQuerySet
from kantorentop.core.models import TimeStampedModel, modification_time_triggers
from kantorentop.core.validators import (
    BAG_PAND_ID_PATTERN,
    POSTCODE_PATTERN,
    validate_bag_pand_id,
    validate_postcode,
)

MAX_LETTABLE_AREA_M2 = 500_000


class AreaBasis(models.TextChoices):
    """What a building's area measures (domain spec, "The office stock from the BAG")."""

    VVO = "VVO", _("Lettable floor area (VVO)")
    GO = "GO", _("Usable area from the BAG (GO)")


# History keeps each replaced version (the current one is the row), so a building's page and the
# admin can show what each change, a BAG import's included, did. The date of the last extract
# a building was in line with changes every month without changing the building: no version.
@pghistory.track(
    pghistory.UpdateEvent(
        row=pghistory.Old,
        condition=pghistory.AnyChange(exclude=["bag_extract_date"], exclude_auto=True),
    ),
    meta={
        "verbose_name": _("earlier building version"),
        "verbose_name_plural": _("earlier building versions"),
    },
)
class Building(TimeStampedModel):
    """An office building: one BAG pand, measured in lettable floor area (VVO, NEN 2580)."""

    bag_id = models.CharField(
        _("BAG pand id"), max_length=16, unique=True, validators=[validate_bag_pand_id]
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(_("house number"), max_length=12, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[validate_postcode]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="buildings",
    )
    designated_area = models.ForeignKey(
        "regions.DesignatedArea",
        verbose_name=_("designated area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="buildings",
    )
    latitude = CoordinateField(_("latitude"), max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = CoordinateField(
        _("longitude"), max_digits=8, decimal_places=6, null=True, blank=True
    )
    lettable_floor_area_m2 = WholeAreaField(
        _("lettable floor area (VVO m2)"),
        error_messages={"invalid": _("Give the lettable area in whole m2.")},
    )
    gross_floor_area_m2 = WholeAreaField(
        _("gross floor area (BVO m2)"),
        null=True,
        blank=True,
        error_messages={"invalid": _("Give the gross area in whole m2.")},
    )
    construction_year = models.PositiveSmallIntegerField(
        _("construction year"), null=True, blank=True
    )
    energy_label = models.CharField(
        _("energy label"), max_length=6, choices=EnergyLabel.choices, null=True, blank=True
    )
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="buildings",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BuildingStatus.choices, default=BuildingStatus.IN_USE
    )
    completed_on = models.DateField(
        _("completed on"), null=True, blank=True, error_messages={"invalid": _("Give a date.")}
    )
    withdrawn_on = models.DateField(
        _("withdrawn from the stock on"),
        null=True,
        blank=True,
        error_messages={"invalid": _("Give a date.")},
    )
    # A database default too: the bulk writers (records import, demo, benchmarks) COPY rows
    # without naming the column, and a building they write has a lettable area (VVO).
    area_basis = models.CharField(
        _("area basis"),
        max_length=3,
        choices=AreaBasis.choices,
        default=AreaBasis.VVO,
        db_default=AreaBasis.VVO,
    )
    bag_office_area_m2 = models.PositiveIntegerField(
        _("office area in the BAG (GO m2)"), null=True, blank=True
    )
    bag_extract_date = models.DateField(_("BAG extract date"), null=True, blank=True)

    objects = BuildingQuerySet.as_manager()

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["bag_id"]
        indexes = [
            models.Index(fields=["municipality", "lettable_floor_area_m2"]),
            # `modifiedSince` (the API) and mirrors reading what changed.
            models.Index(fields=["updated_at"], name="building_updated_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(bag_id__regex=BAG_PAND_ID_PATTERN), name="building_bag_id_format"
            ),
            models.CheckConstraint(
                condition=Q(lettable_floor_area_m2__gte=1)
                & Q(lettable_floor_area_m2__lte=MAX_LETTABLE_AREA_M2),
                name="building_lettable_area_range",
            ),
            models.CheckConstraint(
                condition=Q(gross_floor_area_m2__isnull=True)
                | Q(gross_floor_area_m2__gte=F("lettable_floor_area_m2")),
                name="building_gross_at_least_lettable",
            ),
            models.CheckConstraint(
                condition=Q(postcode="")
                | (
                    Q(postcode__regex=POSTCODE_PATTERN)
                    & ~Q(postcode__endswith=" SA")
                    & ~Q(postcode__endswith=" SD")
                    & ~Q(postcode__endswith=" SS")
                ),
                name="building_postcode_format",
            ),
            models.CheckConstraint(
                condition=Q(energy_label__isnull=True) | Q(energy_label__in=EnergyLabel.values),
                name="building_energy_label_valid",
            ),
            models.CheckConstraint(
                # Both or neither: a comparison with NULL is unknown, which a CHECK lets pass,
                # so the second branch names the NOT NULLs.
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__isnull=False)
                    & Q(longitude__isnull=False)
                    & Q(latitude__gte=50.7)
                    & Q(latitude__lte=53.7)
                    & Q(longitude__gte=3.2)
                    & Q(longitude__lte=7.3)
                ),
                name="building_coordinates_in_netherlands",
            ),
            models.CheckConstraint(
                condition=Q(construction_year__isnull=True)
                | (Q(construction_year__gte=1500) & Q(construction_year__lte=2100)),
                name="building_construction_year_range",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(completed_on__isnull=True)
                | Q(withdrawn_on__gte=F("completed_on")),
                name="building_withdrawn_after_completed",
            ),
            models.CheckConstraint(
                condition=Q(status__in=BuildingStatus.values), name="building_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(area_basis__in=AreaBasis.values), name="building_area_basis_valid"
            ),
            models.CheckConstraint(
                condition=Q(bag_office_area_m2__isnull=True) | Q(bag_office_area_m2__gte=1),
                name="building_bag_office_area_positive",
            ),
        ]
        triggers = [
            # A building's lettable area may not shrink below a vacant area already recorded.
            pgtrigger.Trigger(
                name="lettable_area_covers_records",
                when=pgtrigger.Before,
                operation=pgtrigger.UpdateOf("lettable_floor_area_m2"),
                func="""
                    IF EXISTS (
                        SELECT 1 FROM buildings_vacancyrecord r
                        WHERE r.building_id = NEW.id
                          AND r.vacant_area_m2 > NEW.lettable_floor_area_m2
                    ) THEN
                        RAISE EXCEPTION
                            'lettable area % of building % is below a recorded vacant area',
                            NEW.lettable_floor_area_m2, NEW.bag_id
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                """,
            ),
            # The modification time (`modifiedAt`) is the database's: a change of the BAG
            # extract date alone is no change (as for the history above).
            *modification_time_triggers(
                table="buildings_building", column="updated_at", ignore=("bag_extract_date",)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.street} ({self.bag_id})".strip()
