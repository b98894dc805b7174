"""Office buildings, their vacancy records, structural-vacancy flags, transformation plans and
market transactions.

The invariants of the domain spec are enforced by PostgreSQL (constraints and triggers), so bulk
paths and raw SQL cannot break them either; services validate first to give clear messages.
"""

import datetime

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from buildings.choices import (
    ACTIVE_FLAG_STATUSES,
    BuildingStatus,
    EnergyLabel,
    FinancingStatus,
    FlagResolution,
    FlagStatus,
    ImportJobStatus,
    PlanKind,
    PlanStatus,
    RecordSource,
    TargetUse,
    TransactionKind,
)
from buildings.querysets import BuildingQuerySet, FlagQuerySet, VacancyRecordQuerySet
from kantorentop.core.models import TimeStampedModel
from kantorentop.core.validators import (
    BAG_PAND_ID_PATTERN,
    POSTCODE_PATTERN,
    validate_bag_pand_id,
    validate_postcode,
)

MAX_LETTABLE_AREA_M2 = 500_000
EARLIEST_OBSERVATION = datetime.date(1990, 1, 1)


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
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=6, null=True, blank=True
    )
    lettable_floor_area_m2 = models.PositiveIntegerField(_("lettable floor area (VVO m2)"))
    gross_floor_area_m2 = models.PositiveIntegerField(
        _("gross floor area (BVO m2)"), null=True, blank=True
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
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn from the stock on"), null=True, blank=True)

    objects = BuildingQuerySet.as_manager()

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["bag_id"]
        indexes = [models.Index(fields=["municipality", "lettable_floor_area_m2"])]
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
        ]

    def __str__(self) -> str:
        return f"{self.name or self.street} ({self.bag_id})".strip()


VACANCY_RECORDS_CHECK_SQL = """
    PERFORM 1 FROM buildings_building b
    WHERE b.id IN (SELECT n.building_id FROM new_records n)
    ORDER BY b.id FOR SHARE;
    SELECT n.vacant_area_m2, n.building_id, b.lettable_floor_area_m2 INTO bad
    FROM new_records n JOIN buildings_building b ON b.id = n.building_id
    WHERE n.vacant_area_m2 > b.lettable_floor_area_m2
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'vacant area % exceeds the lettable area of building %',
            bad.vacant_area_m2, bad.building_id
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT n.observed_on INTO bad FROM new_records n
    WHERE n.observed_on > (now() AT TIME ZONE 'Europe/Amsterdam')::date
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'observation date % is in the future', bad.observed_on
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
"""


# History keeps each replaced or deleted version (the current one is the row itself), so a
# million inserted records do not write a million history rows.
@pghistory.track(
    pghistory.UpdateEvent(row=pghistory.Old),
    pghistory.DeleteEvent(),
    obj_field=None,
)
class VacancyRecord(models.Model):
    """On `observed_on`, `vacant_area_m2` of the building's lettable area was vacant.

    The record holds until the building's next record (a step function). Changes are kept in
    history (pghistory triggers, which also see bulk writes).
    """

    # No index of its own: the unique index on (building, observed_on) serves building lookups.
    building = models.ForeignKey(
        Building, on_delete=models.CASCADE, related_name="vacancy_records", db_index=False
    )
    observed_on = models.DateField(_("observed on"))
    vacant_area_m2 = models.PositiveIntegerField(_("vacant area (m2)"))
    source = models.CharField(_("source"), max_length=20, choices=RecordSource.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    recorded_by_client = models.ForeignKey(
        "accounts.ApiClient",
        verbose_name=_("recorded by API client"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    objects = VacancyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("vacancy record")
        verbose_name_plural = _("vacancy records")
        ordering = ["building_id", "observed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "observed_on"], name="vacancy_record_one_per_date"
            ),
            models.CheckConstraint(
                condition=Q(observed_on__gte=EARLIEST_OBSERVATION),
                name="vacancy_record_not_before_1990",
            ),
            models.CheckConstraint(
                condition=Q(source__in=RecordSource.values), name="vacancy_record_source_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["observed_on"]),
            # A record is recorded by a user or by an API client (or neither, in the demo data):
            # partial indexes keep each record out of the index it has no value for.
            models.Index(
                fields=["recorded_by"],
                name="vacancy_record_recorded_by",
                condition=Q(recorded_by__isnull=False),
            ),
            models.Index(
                fields=["recorded_by_client"],
                name="vacancy_record_by_client",
                condition=Q(recorded_by_client__isnull=False),
            ),
        ]
        # Cross-table and clock-dependent rules cannot be CHECK constraints. Checked once per
        # statement over its new rows (transition tables; one trigger per event, as PostgreSQL
        # wants), so a bulk import pays one join instead of a lookup per row. The buildings of
        # the new rows are share-locked first: a concurrent drop of a lettable area waits for
        # this transaction (and then sees its records in the building's own trigger) instead of
        # slipping between the check and the commit.
        triggers = [
            pgtrigger.Trigger(
                name=f"vacancy_within_lettable_on_{operation}",
                when=pgtrigger.After,
                operation=getattr(pgtrigger, operation.capitalize()),
                level=pgtrigger.Statement,
                referencing=pgtrigger.Referencing(new="new_records"),
                declare=[("bad", "record")],
                func=VACANCY_RECORDS_CHECK_SQL,
            )
            for operation in ("insert", "update")
        ]

    def __str__(self) -> str:
        return f"{self.building_id} {self.observed_on}: {self.vacant_area_m2} m2"


class StructuralVacancyFlag(TimeStampedModel):
    """The covenant rule's verdict on a building, kept as an operational record.

    A building has at most one active (open or plan_submitted) flag: a partial unique index.
    """

    building = models.ForeignKey(
        Building, on_delete=models.CASCADE, related_name="structural_vacancy_flags"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    vacant_since = models.DateField(_("vacant since"))
    flagged_on = models.DateField(_("flagged on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=30, choices=FlagResolution.choices, blank=True
    )
    dismissal_reason = models.TextField(_("reason for dismissal"), blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dismissed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("structural-vacancy flag")
        verbose_name_plural = _("structural-vacancy flags")
        ordering = ["-flagged_on", "building_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["building"],
                condition=Q(status__in=ACTIVE_FLAG_STATUSES),
                name="flag_one_active_per_building",
            ),
            models.CheckConstraint(
                condition=Q(status__in=FlagStatus.values), name="flag_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(vacant_since__lte=F("flagged_on")), name="flag_vacant_before_flagged"
            ),
            models.CheckConstraint(
                condition=~Q(status=FlagStatus.RESOLVED)
                | (Q(resolved_on__isnull=False) & ~Q(resolution="")),
                name="flag_resolved_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=FlagStatus.DISMISSED)
                | (Q(resolved_on__isnull=False) & ~Q(dismissal_reason="")),
                name="flag_dismissed_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.building_id} {self.get_status_display()} ({self.flagged_on})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_FLAG_STATUSES


class FlagRun(models.Model):
    """One run of the flag job. Flags move forward in time: a run before the latest is refused."""

    as_of = models.DateField(_("as of"), unique=True)
    created = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    active = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("flag run")
        verbose_name_plural = _("flag runs")
        ordering = ["-as_of"]

    def __str__(self) -> str:
        return f"{self.as_of}: created {self.created}, resolved {self.resolved}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), obj_field=None)
class TransformationPlan(TimeStampedModel):
    """An owner's plan for one building: transformation, demolition, renovation or re-letting."""

    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="transformation_plans"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="transformation_plans",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    target_use = models.CharField(
        _("target use"), max_length=20, choices=TargetUse.choices, blank=True
    )
    office_m2_withdrawn = models.PositiveIntegerField(_("office m2 withdrawn"), default=0)
    housing_units = models.PositiveIntegerField(_("housing units"), default=0)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_completion = models.DateField(_("planned completion"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    estimated_investment_eur = models.DecimalField(
        _("estimated investment (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    financing_status = models.CharField(
        _("financing"),
        max_length=20,
        choices=FinancingStatus.choices,
        default=FinancingStatus.NOT_STARTED,
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("transformation plan")
        verbose_name_plural = _("transformation plans")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="plan_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_completion__isnull=True)
                | Q(planned_completion__gte=F("planned_start")),
                name="plan_completion_after_start",
            ),
            models.CheckConstraint(
                condition=Q(estimated_investment_eur__isnull=True)
                | Q(estimated_investment_eur__gte=0),
                name="plan_investment_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.REJECTED) | ~Q(decision_reason=""),
                name="plan_rejection_has_reasons",
            ),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.COMPLETED) | Q(completed_on__isnull=False),
                name="plan_completed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.building}"


class PlanDocument(models.Model):
    """A PDF attached to a plan, stored outside the web root under a generated name."""

    plan = models.ForeignKey(TransformationPlan, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to="plan-documents/%Y/")
    original_name = models.CharField(_("original file name"), max_length=255)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class PlanComment(models.Model):
    """A review comment on a plan, by an officer or the owner."""

    plan = models.ForeignKey(TransformationPlan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan comment")
        verbose_name_plural = _("plan comments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class MarketTransaction(TimeStampedModel):
    """A lease or sale of (part of) an office building. Published only as aggregates of >= 5."""

    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="transactions")
    kind = models.CharField(_("kind"), max_length=10, choices=TransactionKind.choices)
    transaction_date = models.DateField(_("date"))
    area_m2 = models.PositiveIntegerField(_("area (m2 VVO)"))
    annual_rent_per_m2_eur = models.DecimalField(
        _("annual rent per m2 (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    price_eur = models.DecimalField(
        _("price (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    rent_free_months = models.PositiveSmallIntegerField(_("rent-free months"), default=0)
    other_incentives_eur = models.DecimalField(
        _("other incentives (EUR)"), max_digits=12, decimal_places=2, default=0
    )
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("market transaction")
        verbose_name_plural = _("market transactions")
        ordering = ["-transaction_date"]
        constraints = [
            models.CheckConstraint(condition=Q(area_m2__gte=1), name="transaction_area_positive"),
            models.CheckConstraint(
                condition=~Q(kind=TransactionKind.LEASE)
                | (Q(annual_rent_per_m2_eur__gt=0) & Q(term_months__gte=1)),
                name="transaction_lease_has_rent_and_term",
            ),
            models.CheckConstraint(
                condition=~Q(kind=TransactionKind.SALE) | Q(price_eur__gt=0),
                name="transaction_sale_has_price",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.building_id} {self.transaction_date}"


class ImportJob(TimeStampedModel):
    """A background import of vacancy records, with progress the dashboard can poll."""

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ImportJobStatus.choices,
        default=ImportJobStatus.PENDING,
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/")
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    api_client = models.ForeignKey(
        "accounts.ApiClient", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
