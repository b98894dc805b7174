"""Reads of the Leegstandwet register for the API and the pages alike, limited to what an actor
may see (vacancy_law.querysets)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Q, QuerySet

from kantorentop.accounts.scopes import Scope, area_condition
from kantorentop.core.audit import audit_events_for
from kantorentop.core.replica import read_connection
from regions.models import Municipality
from vacancy_law.choices import CaseEvent, CaseStatus, DisputeStatus
from vacancy_law.models import RecordDispute, VacancyCase, VacancyOrdinance, VacancyReport


def ordinance_in_force(*, municipality_id: int, on: datetime.date) -> VacancyOrdinance | None:
    """The version of a municipality's ordinance in force on `on`, if it has one."""
    return (
        VacancyOrdinance.objects.filter(municipality_id=municipality_id, in_force_from__lte=on)
        .order_by("-in_force_from")
        .first()
    )


def ordinance_since(*, municipality_id: int) -> datetime.date | None:
    """The day the municipality's ordinance came into force: its first version's (a later
    version replaces it without a gap, so the duty to report runs on)."""
    first: datetime.date | None = VacancyOrdinance.objects.filter(
        municipality_id=municipality_id
    ).aggregate(first=Min("in_force_from"))["first"]
    return first


def ordinances_since() -> dict[int, datetime.date]:
    """ordinance_since of every municipality with an ordinance, by municipality id."""
    rows = VacancyOrdinance.objects.values("municipality_id").annotate(first=Min("in_force_from"))
    return {row["municipality_id"]: row["first"] for row in rows}


def ordinances_public() -> QuerySet[VacancyOrdinance]:
    """Every version of every ordinance: published law, public."""
    return VacancyOrdinance.objects.select_related("municipality").order_by(
        "municipality__code", "-in_force_from", "pk"
    )


def cases_visible_to(scope: Scope) -> QuerySet[VacancyCase]:
    """Cases the actor may see, with what a list shows (one query)."""
    return (
        VacancyCase.objects.visible_to(scope)
        .select_related("building__municipality", "ordinance", "report")
        .prefetch_related("letters")
        .order_by("-opened_on", "-pk")
    )


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a case's history."""

    occurred_at: datetime.datetime
    label: str
    actor_username: str


def case_history(*, case: VacancyCase, limit: int = 50) -> list[HistoryEntry]:
    """The case's audit events, newest first, each named by its label in the active language;
    an action without a label (an older one) by the last part of its code."""
    object_type = VacancyCase._meta.label_lower
    events = audit_events_for(object_type=object_type, object_id=case.pk)[:limit]
    labels = dict(CaseEvent.choices)
    entries: list[HistoryEntry] = []
    for event in events:
        name = event.action.removeprefix(f"{object_type}.")
        label = labels.get(name) or name.rpartition(".")[2].replace("_", " ")
        entries.append(HistoryEntry(event.occurred_at, str(label), event.actor_username))
    return entries


def reports_visible_to(scope: Scope) -> QuerySet[VacancyReport]:
    return (
        VacancyReport.objects.visible_to(scope)
        .select_related("building", "case")
        .order_by("-reported_on", "-pk")
    )


def disputes_visible_to(scope: Scope) -> QuerySet[RecordDispute]:
    return (
        RecordDispute.objects.visible_to(scope)
        .select_related("building", "record")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class Worklist:
    """An officer's work: open cases by their next deadline, disputes awaiting a decision."""

    cases: list[VacancyCase]
    disputes: list[RecordDispute]


def worklist(*, scope: Scope, limit: int = 200) -> Worklist:
    """The open cases the actor may see, soonest deadline first (overdue on top), and the
    disputes awaiting a decision, oldest first."""
    cases = list(
        cases_visible_to(scope)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("next_due_on", "pk")[:limit]
    )
    disputes = list(
        disputes_visible_to(scope)
        .filter(status=DisputeStatus.OPEN)
        .order_by("created_at", "pk")[:limit]
    )
    return Worklist(cases=cases, disputes=disputes)


@dataclass(frozen=True)
class MunicipalityCounts:
    code: str
    name: str
    open_cases: int
    overdue: int
    designations: int
    open_disputes: int


def case_counts_per_municipality(*, scope: Scope, on: datetime.date) -> list[MunicipalityCounts]:
    """Per municipality of the actor's area with an ordinance: cases open, open cases overdue on
    `on`, designations of a user made, disputes awaiting a decision. Aggregates: a province
    and the nation read these, not the cases."""
    open_case = ~Q(vacancy_ordinances__cases__status=CaseStatus.CLOSED)
    rows = (
        Municipality.objects.filter(area_condition(scope, municipality=""))
        .filter(vacancy_ordinances__isnull=False)
        .annotate(
            open_cases=Count("vacancy_ordinances__cases", filter=open_case, distinct=True),
            overdue=Count(
                "vacancy_ordinances__cases",
                filter=open_case & Q(vacancy_ordinances__cases__next_due_on__lt=on),
                distinct=True,
            ),
            designations=Count(
                "vacancy_ordinances__cases",
                filter=~Q(vacancy_ordinances__cases__designated_user=""),
                distinct=True,
            ),
        )
        .order_by("name")
    )
    disputes = dict(
        RecordDispute.objects.filter(status=DisputeStatus.OPEN)
        .values_list("building__municipality_id")
        .annotate(n=Count("pk"))
        .values_list("building__municipality_id", "n")
    )
    return [
        MunicipalityCounts(
            code=row.code,
            name=row.name,
            open_cases=row.open_cases,
            overdue=row.overdue,
            designations=row.designations,
            open_disputes=disputes.get(row.pk, 0),
        )
        for row in rows
    ]


def building_cases(*, scope: Scope, building_id: int) -> list[VacancyCase]:
    """A building's cases the actor may see, the open one first."""
    return list(
        cases_visible_to(scope)
        .filter(building_id=building_id)
        .order_by("closed_on", "-opened_on", "-pk")
    )


def disputed_record_ids(*, building_id: int) -> set[int]:
    """Records of a building with a dispute awaiting a decision (the building page marks them;
    the page has already checked that the actor may see the building)."""
    return set(
        RecordDispute.objects.filter(
            building_id=building_id, status=DisputeStatus.OPEN
        ).values_list("record_id", flat=True)
    )


# The trailing run of a building's records with vacancy (vacant area above 0) on p.d: the records
# after its latest record without vacancy. Only the buildings whose latest record has vacancy,
# in the stock, of at least the ordinance's minimum area, with no open case and no case opened
# during the run (docs/adr/0018-leegstandwet-periods.md, "Unreported vacancy").
UNREPORTED_SQL = """
    WITH p AS (SELECT %s::date AS d)
    SELECT b.id, o.id, run.vacant_since
    FROM p
    CROSS JOIN buildings_building b
    CROSS JOIN LATERAL (
        SELECT o.id, o.minimum_area_m2 FROM vacancy_law_vacancyordinance o
        WHERE o.municipality_id = b.municipality_id AND o.in_force_from <= p.d
        ORDER BY o.in_force_from DESC LIMIT 1
    ) o
    CROSS JOIN LATERAL (
        SELECT r.vacant_area_m2 FROM buildings_vacancyrecord r
        WHERE r.building_id = b.id AND r.observed_on <= p.d
        ORDER BY r.observed_on DESC LIMIT 1
    ) latest
    CROSS JOIN LATERAL (
        SELECT min(r.observed_on) AS vacant_since FROM buildings_vacancyrecord r
        WHERE r.building_id = b.id AND r.observed_on <= p.d
          AND r.observed_on > COALESCE((
              SELECT max(z.observed_on) FROM buildings_vacancyrecord z
              WHERE z.building_id = b.id AND z.observed_on <= p.d AND z.vacant_area_m2 = 0
          ), '-infinity'::date)
    ) run
    WHERE latest.vacant_area_m2 > 0
      AND (%s::bigint[] IS NULL OR b.id = ANY(%s::bigint[]))
      AND (b.completed_on IS NULL OR b.completed_on <= p.d)
      AND (b.withdrawn_on IS NULL OR b.withdrawn_on > p.d)
      AND b.lettable_floor_area_m2 >= o.minimum_area_m2
      AND run.vacant_since <= (p.d - make_interval(months => %s))::date
      AND NOT EXISTS (
          SELECT 1 FROM vacancy_law_vacancycase c
          WHERE c.building_id = b.id AND (c.status <> 'closed' OR c.opened_on >= run.vacant_since)
      )
    ORDER BY b.id
"""


def unreported_vacancy(
    *, on: datetime.date, minimum_months: int, building_ids: list[int] | None = None
) -> list[tuple[int, int, datetime.date]]:
    """(building id, ordinance id, vacant since) of the buildings whose records show vacancy
    for at least `minimum_months` on `on` without a case (one query). The caller applies each
    ordinance's own reporting period (vacancy_law.periods). Optionally some buildings only."""
    with read_connection().cursor() as cursor:
        cursor.execute(UNREPORTED_SQL, [on, building_ids, building_ids, minimum_months])
        rows: list[Any] = cursor.fetchall()
    return [(row[0], row[1], row[2]) for row in rows]


def building_register(*, scope: Scope, building: Any) -> dict[str, Any]:
    """What the building page shows of the register (the page has checked that the actor may
    see the building): its cases, the records under dispute, and whether the actor, as a
    member of the owner, may report vacancy or dispute a record."""
    is_owner = building.owner_id is not None and building.owner_id in scope.owner_organisation_ids
    return {
        "vacancy_cases": building_cases(scope=scope, building_id=building.pk),
        "disputed_record_ids": disputed_record_ids(building_id=building.pk),
        "may_report_vacancy": is_owner and not scope.read_only,
        "may_dispute": is_owner and not scope.read_only,
    }
