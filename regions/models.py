"""Provinces, municipalities, office regions, designated areas, regional visions and new office
developments."""

from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kantorentop.core.models import TimeStampedModel
from regions.choices import DevelopmentStatus, PolicyKind, VisionStatus
from regions.querysets import DevelopmentProjectQuerySet


class Province(models.Model):
    """One of the twelve provinces, by its CBS code (PV20..PV31)."""

    code = models.CharField(_("CBS code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^PV(2[0-9]|3[01])$"), name="province_code_format"
            )
        ]

    def __str__(self) -> str:
        return self.name


class OfficeRegion(models.Model):
    """A kantorenregio: a named set of municipalities that make one office market."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    is_priority = models.BooleanField(
        _("priority region"),
        default=False,
        help_text=_("One of the five regions that owed a vision within twelve months of signing."),
    )
    frictional_vacancy_percentage = models.DecimalField(
        _("frictional vacancy (%)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("5.0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("office region")
        verbose_name_plural = _("office regions")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(frictional_vacancy_percentage__gte=0)
                & Q(frictional_vacancy_percentage__lte=100),
                name="office_region_frictional_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A gemeente, by its CBS code (GM + 4 digits). Codes are never reused.

    Municipalities merge every year: a municipality that no longer exists keeps its row with
    `dissolved_on` and its `successor`, so old references stay readable.
    """

    code = models.CharField(_("CBS code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=100)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="municipalities",
    )
    office_region = models.ForeignKey(
        OfficeRegion,
        verbose_name=_("office region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="municipalities",
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^GM[0-9]{4}$"), name="municipality_code_format"
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(dissolved_on__isnull=False),
                name="municipality_successor_only_when_dissolved",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None


class DesignatedArea(TimeStampedModel):
    """A part of a municipality with an office policy (growth, consolidation, restriction,
    transformation)."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="designated_areas",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("policy"), max_length=20, choices=PolicyKind.choices)
    polygon = models.JSONField(
        _("polygon (GeoJSON)"), null=True, blank=True, help_text=_("WGS84 GeoJSON geometry.")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("designated area")
        verbose_name_plural = _("designated areas")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="designated_area_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PolicyKind.values), name="designated_area_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"


class RegionalVision(TimeStampedModel):
    """An office region's vision and targets for its existing stock, new development and
    reprogramming."""

    office_region = models.OneToOneField(
        OfficeRegion,
        verbose_name=_("office region"),
        on_delete=models.CASCADE,
        related_name="vision",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VisionStatus.choices, default=VisionStatus.DRAFT
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    target_vacancy_percentage = models.DecimalField(
        _("target vacancy rate (%)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    withdrawal_target_m2 = models.PositiveIntegerField(
        _("m2 to withdraw by the target year"), null=True, blank=True
    )
    max_new_office_m2 = models.PositiveIntegerField(
        _("maximum new office m2 (plan capacity)"), null=True, blank=True
    )
    reprogramming_m2 = models.PositiveIntegerField(
        _("planned m2 to reprogram"), null=True, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("regional vision")
        verbose_name_plural = _("regional visions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=VisionStatus.ADOPTED) | Q(adopted_on__isnull=False),
                name="vision_adopted_has_date",
            ),
            models.CheckConstraint(
                condition=Q(target_vacancy_percentage__isnull=True)
                | (Q(target_vacancy_percentage__gte=0) & Q(target_vacancy_percentage__lte=100)),
                name="vision_target_rate_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.office_region)


class DevelopmentProject(TimeStampedModel):
    """Planned new office space, registered by an officer (or an API client). None may lie in a
    restriction or transformation area."""

    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="development_projects",
    )
    designated_area = models.ForeignKey(
        DesignatedArea,
        verbose_name=_("designated area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="development_projects",
    )
    office_area_m2 = models.PositiveIntegerField(_("office m2 (VVO)"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DevelopmentStatus.choices,
        default=DevelopmentStatus.PLANNED,
    )
    expected_completion = models.DateField(_("expected completion"), null=True, blank=True)
    tenant_relocation = models.BooleanField(
        _("a tenant moves here from another building"), default=False
    )
    building_left_behind = models.ForeignKey(
        "buildings.Building",
        verbose_name=_("building left behind"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vision_for_left_behind = models.TextField(_("vision for the building left behind"), blank=True)
    # Who registered it (accountability): an officer in the portal, or an API client with a key
    # (whose request user is no portal user). Empty for rows from before these fields.
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_by_client = models.ForeignKey(
        "accounts.ApiClient",
        verbose_name=_("registered by API client"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DevelopmentProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("development project")
        verbose_name_plural = _("development projects")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(office_area_m2__gte=1) & Q(office_area_m2__lte=500_000),
                name="development_area_range",
            ),
            models.CheckConstraint(
                condition=Q(tenant_relocation=False)
                | (Q(building_left_behind__isnull=False) & ~Q(vision_for_left_behind="")),
                name="development_relocation_names_left_behind",
            ),
            # A registration is by a portal user or by an API client, never both.
            models.CheckConstraint(
                condition=Q(registered_by__isnull=True) | Q(registered_by_client__isnull=True),
                name="development_one_registrar",
            ),
        ]
        triggers = [
            # The covenant: no new office m2 in restriction and transformation areas. A trigger,
            # since the rule reads the area's kind in another table; the area must also lie in the
            # project's municipality.
            pgtrigger.Trigger(
                name="development_not_in_restricted_area",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func="""
                    IF NEW.designated_area_id IS NOT NULL THEN
                        -- Cancelling stays possible for a project in an area re-zoned later.
                        IF NEW.status <> 'cancelled' AND EXISTS (
                            SELECT 1 FROM regions_designatedarea a
                            WHERE a.id = NEW.designated_area_id
                              AND a.kind IN ('restriction', 'transformation')
                        ) THEN
                            RAISE EXCEPTION
                                'no new office m2 in restriction or transformation area %',
                                NEW.designated_area_id USING ERRCODE = 'check_violation';
                        END IF;
                        IF NOT EXISTS (
                            SELECT 1 FROM regions_designatedarea a
                            WHERE a.id = NEW.designated_area_id
                              AND a.municipality_id = NEW.municipality_id
                        ) THEN
                            RAISE EXCEPTION
                                'designated area % lies outside municipality %',
                                NEW.designated_area_id, NEW.municipality_id
                                USING ERRCODE = 'check_violation';
                        END IF;
                    END IF;
                    RETURN NEW;
                """,
            ),
        ]

    def __str__(self) -> str:
        return self.name
