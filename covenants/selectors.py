"""Reads of the covenant app: the effective status of progress, the commitments of a region, the
checks from the data, who reports progress, and the commitments due for a reminder.

`overdue` is never stored (a database constraint refuses it): it follows from the commitment's due
date and the date the status is read on, so it is computed here, in Python for one row and in SQL
for a list.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buildings.choices import PlanStatus
from buildings.models import Building, StructuralVacancyFlag, TransformationPlan
from buildings.selectors.figures import COVENANT_SIGNED_ON
from covenants.choices import DataCheck, PartyCategory, ProgressStatus
from covenants.models import Commitment, CommitmentProgress, CovenantParty
from covenants.querysets import effective_status_on, latest_reports
from kantorentop.accounts.models import Membership
from kantorentop.accounts.scopes import area_condition, scope_for_user
from regions.choices import NO_NEW_OFFICE_KINDS, DevelopmentStatus, VisionStatus
from regions.models import DevelopmentProject, Municipality, OfficeRegion

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def commitment_progress_status(*, progress: CommitmentProgress, on: datetime.date) -> str:
    """The status of `progress` as read on `on`: `overdue` when its commitment's due date lies
    before `on` and the stored status is not `done`; otherwise the stored status.

    On the due date itself the commitment is not yet overdue.
    """
    due_on = progress.commitment.due_on
    if due_on is not None and due_on < on and progress.status != ProgressStatus.DONE:
        return ProgressStatus.OVERDUE
    return progress.status


def commitment_progress_list(
    *,
    on: datetime.date | None = None,
    queryset: QuerySet[CommitmentProgress] | None = None,
) -> QuerySet[CommitmentProgress]:
    """Progress rows annotated with `effective_status` as read on `on` (default: today in the
    portal's time zone), by the same rule as `commitment_progress_status`, in one SQL query.
    """
    on = on or timezone.localdate()
    if queryset is None:
        queryset = CommitmentProgress.objects.all()
    return queryset.select_related("commitment", "office_region", "party").annotate(
        effective_status=effective_status_on(on)
    )


def commitments_listed() -> QuerySet[Commitment]:
    """Every commitment in the covenant's order."""
    return Commitment.objects.in_covenant_order()


def progress_of_commitment(*, commitment: Commitment) -> QuerySet[CommitmentProgress]:
    """Every report of a commitment's progress, newest first, with its status as read today."""
    return commitment_progress_list(
        queryset=CommitmentProgress.objects.filter(commitment=commitment)
    ).order_by("-reported_on", "-pk")


def commitments_for_region(*, office_region: OfficeRegion) -> QuerySet[Commitment]:
    """The commitments whose progress is tracked per office region and that apply to
    `office_region`: those meant for the priority regions only are left out for the others.
    """
    return Commitment.objects.for_office_region(office_region).order_by("order", "code")


# --- checks from the data (workflows of issue 6) -------------------------------------------------

PRIORITY_VISION_DUE_ON = datetime.date(2013, 6, 27)
PLAN_EXPECTED_WITHIN = relativedelta(months=6)

GREEN, ORANGE, RED = "green", "orange", "red"


# The label of every number a check returns, for the scoreboard page. A check that returns a key
# without a label here fails the scoreboard (KeyError) and its test rather than show the raw key.
DATA_CHECK_NUMBER_LABELS: dict[str, StrOrPromise] = {
    "flagged": _("Flagged buildings"),
    "without_plan": _("Without a plan"),
    "overdue": _("Without a plan for six months or more"),
    "projects": _("Development projects"),
    "project_m2": _("Office area of the projects"),
    "beyond_planning": _("Permitted, under construction or completed"),
    "buildings": _("Buildings completed after the signing"),
    "building_m2": _("Lettable floor area of those buildings"),
    "priority_regions": _("Priority regions"),
    "adopted_on_time": _("Adopted on time"),
    "adopted_late": _("Adopted late"),
    "not_adopted": _("Not adopted"),
}


@dataclass(frozen=True)
class DataCheckResult:
    """One commitment checked from the data: a traffic light and the numbers behind it."""

    check: str
    light: str
    numbers: dict[str, int]


def check_plans_for_flagged(*, on: datetime.date | None = None) -> DataCheckResult:
    """Every active flag of a covenant investor's building is answered by a plan (a plan in any
    status but draft, withdrawn or rejected).

    Red when a flag has gone without a plan for six months or more (when the reminder goes out),
    orange when flags lack a plan but all are younger, green when none does.
    """
    on = on or timezone.localdate()
    answered = TransformationPlan.objects.filter(building=OuterRef("building")).exclude(
        status__in=[PlanStatus.DRAFT, PlanStatus.WITHDRAWN, PlanStatus.REJECTED]
    )
    flags = StructuralVacancyFlag.objects.active().filter(
        building__owner__is_covenant_investor=True
    )
    counts = flags.aggregate(
        flagged=Count("pk"),
        without_plan=Count("pk", filter=~Q(Exists(answered))),
        overdue=Count(
            "pk", filter=~Q(Exists(answered)) & Q(flagged_on__lte=on - PLAN_EXPECTED_WITHIN)
        ),
    )
    light = RED if counts["overdue"] else ORANGE if counts["without_plan"] else GREEN
    return DataCheckResult(check=DataCheck.PLANS_FOR_FLAGGED, light=light, numbers=counts)


def check_no_new_office_in_restricted() -> DataCheckResult:
    """No office m2 added in restriction and transformation areas: development projects (not
    cancelled) and buildings completed after the signing, in such areas.

    Red when such space was permitted, is being built or was completed; orange when only
    planned; green when there is none.
    """
    restricted = Q(designated_area__kind__in=NO_NEW_OFFICE_KINDS)
    projects = DevelopmentProject.objects.filter(restricted).exclude(
        status=DevelopmentStatus.CANCELLED
    )
    project_counts = projects.aggregate(
        projects=Count("pk"),
        project_m2=Coalesce(Sum("office_area_m2"), 0),
        beyond_planning=Count("pk", filter=~Q(status=DevelopmentStatus.PLANNED)),
    )
    building_counts = Building.objects.filter(
        restricted, completed_on__gt=COVENANT_SIGNED_ON
    ).aggregate(buildings=Count("pk"), building_m2=Coalesce(Sum("lettable_floor_area_m2"), 0))
    numbers = {**project_counts, **building_counts}
    if numbers["beyond_planning"] or numbers["buildings"]:
        light = RED
    elif numbers["projects"]:
        light = ORANGE
    else:
        light = GREEN
    return DataCheckResult(
        check=DataCheck.NO_NEW_OFFICE_IN_RESTRICTED, light=light, numbers=numbers
    )


def check_priority_visions_adopted(*, on: datetime.date | None = None) -> DataCheckResult:
    """Every priority region adopted its vision by 27 June 2013 (twelve months after signing).

    Green when all adopted on time; orange when all adopted, some late (or, before the due date,
    some not yet adopted); red when a region has none adopted after the due date.
    """
    on = on or timezone.localdate()
    regions = OfficeRegion.objects.filter(is_priority=True)
    adopted = Q(vision__status=VisionStatus.ADOPTED, vision__adopted_on__isnull=False)
    numbers = regions.aggregate(
        priority_regions=Count("pk"),
        adopted_on_time=Count(
            "pk", filter=adopted & Q(vision__adopted_on__lte=PRIORITY_VISION_DUE_ON)
        ),
        adopted_late=Count("pk", filter=adopted & Q(vision__adopted_on__gt=PRIORITY_VISION_DUE_ON)),
    )
    numbers["not_adopted"] = (
        numbers["priority_regions"] - numbers["adopted_on_time"] - numbers["adopted_late"]
    )
    if numbers["not_adopted"] and on > PRIORITY_VISION_DUE_ON:
        light = RED
    elif numbers["not_adopted"] or numbers["adopted_late"]:
        light = ORANGE
    else:
        light = GREEN
    return DataCheckResult(check=DataCheck.PRIORITY_VISIONS_ADOPTED, light=light, numbers=numbers)


def covenant_data_checks(*, on: datetime.date | None = None) -> list[DataCheckResult]:
    """The three commitments the portal checks from its own data, for the scoreboard."""
    return [
        check_plans_for_flagged(on=on),
        check_no_new_office_in_restricted(),
        check_priority_visions_adopted(on=on),
    ]


# --- who reports progress (the rule of services.user_may_report_progress, as querysets) ----------


@dataclass(frozen=True)
class ReportingOptions:
    """The office regions and parties an actor may report a commitment's progress on; a national
    actor may also report without naming either."""

    office_regions: QuerySet[OfficeRegion]
    parties: QuerySet[CovenantParty]
    national: bool = False

    @property
    def any(self) -> bool:
        return self.national or self.office_regions.exists() or self.parties.exists()


def commitment_reporting_options(*, user: object, commitment: Commitment) -> ReportingOptions:
    """What `user` (a portal user, or the ApiClientUser of an API key) may report on: national
    scopes everything; officers of a municipality or province the office regions with a
    municipality of theirs; members of a party's organisation that party. A commitment for the
    priority regions offers only those. Read-only scopes report nothing."""
    scope = scope_for_user(user)
    regions = OfficeRegion.objects.order_by("name")
    parties = CovenantParty.objects.filter(covenant_id=commitment.covenant_id).order_by(
        "category", "abbreviation"
    )
    if commitment.applies_to_priority_regions_only:
        regions = regions.filter(is_priority=True)
    if scope.read_only:
        return ReportingOptions(office_regions=regions.none(), parties=parties.none())
    if scope.national:
        return ReportingOptions(office_regions=regions, parties=parties, national=True)
    in_scope = Municipality.objects.filter(
        area_condition(scope, municipality=""),
        office_region=OuterRef("pk"),
        dissolved_on__isnull=True,
    )
    organisations = Membership.objects.filter(user_id=scope.user_id or 0).values("organisation_id")
    return ReportingOptions(
        office_regions=regions.filter(Exists(in_scope)),
        parties=parties.filter(organisation_id__in=organisations),
    )


# --- reminders of commitments due or overdue ----------------------------------------------------

# How long before its due date a commitment is first reminded of.
REMINDER_BEFORE_DUE = datetime.timedelta(weeks=4)


@dataclass(frozen=True)
class CommitmentDue:
    """A commitment due within `REMINDER_BEFORE_DUE` or overdue, and those not done with it: the
    office regions (a commitment tracked per region) or the parties of its category (otherwise)
    whose latest report is not `done`, or who have none."""

    commitment: Commitment
    office_regions: list[OfficeRegion]
    parties: list[CovenantParty]


def _done(reports: QuerySet[CommitmentProgress], by: str) -> set[tuple[int, int]]:
    """(commitment id, `by` id) of the pairs whose latest report is `done`."""
    latest = latest_reports(reports.filter(**{f"{by}__isnull": False}), by)
    return {
        (commitment_id, key)
        for commitment_id, key, status in latest.values_list("commitment_id", by, "status")
        if status == ProgressStatus.DONE
    }


def commitments_due(*, on: datetime.date) -> list[CommitmentDue]:
    """The commitments due on or before `on` + `REMINDER_BEFORE_DUE` (those due before `on` are
    overdue), each with the regions or parties not done with it; those done everywhere are left
    out. A commitment for the priority regions counts those only; one of the category `all`
    every party of its covenant. Five queries, whatever the number of commitments."""
    commitments = list(
        Commitment.objects.filter(
            due_on__isnull=False, due_on__lte=on + REMINDER_BEFORE_DUE
        ).in_covenant_order()
    )
    reports = CommitmentProgress.objects.filter(commitment__in=commitments)
    done_regions = _done(reports, "office_region_id")
    done_parties = _done(reports, "party_id")
    regions = list(OfficeRegion.objects.order_by("name")) if commitments else []
    parties = list(
        CovenantParty.objects.filter(covenant_id__in={c.covenant_id for c in commitments})
    )
    due = []
    for commitment in commitments:
        open_regions: list[OfficeRegion] = []
        open_parties: list[CovenantParty] = []
        if commitment.per_region:
            open_regions = [
                region
                for region in regions
                if (region.is_priority or not commitment.applies_to_priority_regions_only)
                and (commitment.pk, region.pk) not in done_regions
            ]
        else:
            open_parties = [
                party
                for party in parties
                if party.covenant_id == commitment.covenant_id
                and commitment.party_category in (PartyCategory.ALL, party.category)
                and (commitment.pk, party.pk) not in done_parties
            ]
        if open_regions or open_parties:
            due.append(CommitmentDue(commitment, open_regions, open_parties))
    return due
