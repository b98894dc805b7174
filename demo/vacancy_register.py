"""The demo's Leegstandwet register: Utrecht and Amsterdam adopt an ordinance, and cases of the
persona investors' vacant buildings stand in every state, with a few disputed records. Written
through the production services, so every deadline, audit event and notification is the real
one (STYLE.md, after Zulip).

The services write a case's history (its audit events) and its letters at the time they run, the
demo's load; afterwards each is moved to the date of its own step, as flag_history does for the
flag job's runs (`_history_dated`)."""

import datetime

import pgtrigger
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from buildings.models import Building, VacancyRecord
from demo import tables as t
from regions.models import Municipality
from vacancy_law import services
from vacancy_law.choices import CaseStatus
from vacancy_law.models import VacancyCase
from vacancy_law.selectors import unreported_vacancy

# Demo text is data, written in Dutch.
ORDINANCES = {
    "GM0344": {
        "title": "Leegstandverordening Utrecht 2011",
        "reference": "CVDR-demo-0344",
        "adopted_on": datetime.date(2011, 6, 30),
        "in_force_from": datetime.date(2011, 7, 1),
        "minimum_area_m2": 1000,
    },
    "GM0363": {
        "title": "Leegstandverordening Amsterdam 2012",
        "reference": "CVDR-demo-0363",
        "adopted_on": datetime.date(2012, 3, 1),
        "in_force_from": datetime.date(2012, 4, 1),
        "minimum_area_m2": 2000,
        "consultation_period_months": 2,
    },
}
OWNERS = {0: "belegger.a", 1: "belegger.b"}
STATES = (
    CaseStatus.DETECTED,
    CaseStatus.REPORTED,
    CaseStatus.CONSULTED,
    CaseStatus.DECIDED,
    CaseStatus.COMPLIED,
    CaseStatus.CLOSED,
)
DEMO_PDF = b"%PDF-1.4\n% Kantorentop demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def _candidates(*, today: datetime.date, investor_ids: list[int]) -> list[tuple[Building, int]]:
    """Persona investors' buildings in the two municipalities, with the index of their owner:
    those whose records show unreported vacancy first (the job finds them), at most two per
    state per municipality."""
    unreported = {row[0] for row in unreported_vacancy(on=today, minimum_months=6)}
    buildings = sorted(
        Building.objects.filter(
            owner_id__in=investor_ids,
            municipality__code__in=ORDINANCES,
            lettable_floor_area_m2__gte=2000,
        ).select_related("municipality"),
        key=lambda b: (b.municipality.code, b.pk not in unreported, b.pk),
    )
    per_municipality: dict[int, int] = {}
    chosen = []
    for building in buildings:
        count = per_municipality.get(building.municipality_id, 0)
        if count < 2 * len(STATES):
            per_municipality[building.municipality_id] = count + 1
            chosen.append((building, investor_ids.index(building.owner_id)))
    return chosen


def _run_case(building: Building, owner, officer, state: str, today: datetime.date) -> None:  # type: ignore[no-untyped-def]
    """One case, taken through the steps up to `state`; dates counted back from today."""
    if state == CaseStatus.DETECTED:
        services.vacancy_cases_detect(on=today, building_ids=[building.pk])
        return
    day = today - datetime.timedelta(days=240)
    run = unreported_vacancy(on=day, minimum_months=6, building_ids=[building.pk])
    since = run[0][2] if run else day - datetime.timedelta(days=400)
    report = services.vacancy_report_submit(
        user=owner,
        building=building,
        vacant_since=since,
        vacant_area_m2=max(1, building.lettable_floor_area_m2 // 2),
        contact_name=f"{owner.first_name} {owner.last_name}",
        contact_email=owner.email,
        reported_on=day,
    )
    case: VacancyCase = report.case
    designable = since + datetime.timedelta(days=366) <= day
    steps = [
        (
            CaseStatus.CONSULTED,
            services.vacancy_case_consult,
            {"consulted_on": day + datetime.timedelta(days=30), "minutes": _pdf("verslag.pdf")},
        ),
        (
            CaseStatus.DECIDED,
            services.vacancy_case_decide,
            {
                "decided_on": day + datetime.timedelta(days=60),
                "decision_summary": "Voordracht van een gebruiker; brandveiligheid.",
                # A user can be designated once the vacancy lasted the designation period.
                "designated_user": "Stichting Tijdelijk Werken" if designable else "",
                "necessary_works": "Brandmeldinstallatie herstellen.",
            },
        ),
        (
            CaseStatus.COMPLIED,
            services.vacancy_case_comply,
            {
                "complied_on": day + datetime.timedelta(days=120),
                "compliance_note": "Gebruiker heeft de ruimte betrokken.",
            },
        ),
        (
            CaseStatus.CLOSED,
            services.vacancy_case_close,
            {
                "closed_on": day + datetime.timedelta(days=130),
                "closure_reason": "Leegstand opgeheven.",
            },
        ),
    ]
    for reached, service, values in steps:
        if STATES.index(reached) > STATES.index(state):
            break
        case = service(case=case, user=officer, **values)


def _disputes(owner_users, officer_users, investor_ids: list[int]) -> int:  # type: ignore[no-untyped-def]
    """Three disputed records of persona buildings: one open, one upheld, one corrected."""
    records = list(
        VacancyRecord.objects.filter(
            building__owner_id__in=investor_ids,
            building__municipality__code__in=ORDINANCES,
            vacant_area_m2__gt=0,
        )
        .select_related("building__municipality")
        .order_by("-observed_on", "building_id")[:3]
    )
    for index, record in enumerate(records):
        owner = owner_users[investor_ids.index(record.building.owner_id)]
        dispute = services.record_dispute_submit(
            user=owner,
            record=record,
            reason="De ruimte is sinds de registratie verhuurd; het huurcontract is bijgevoegd.",
            evidence=_pdf("huurcontract.pdf"),
            claimed_vacant_area_m2=0,
        )
        officer = officer_users[record.building.municipality.code]
        if index == 1:
            services.record_dispute_decide(
                dispute=dispute,
                user=officer,
                decision="upheld",
                reason="Het contract gaat pas na de registratiedatum in.",
            )
        elif index == 2:
            services.record_dispute_decide(
                dispute=dispute,
                user=officer,
                decision="corrected",
                reason="Huurcontract gezien.",
                corrected_vacant_area_m2=0,
            )
    return len(records)


def vacancy_register_create(
    *, users: dict[str, object], investor_ids: list[int], today: datetime.date
) -> tuple[int, int]:
    """The ordinances, cases in every state and disputes; returns (cases, disputes)."""
    officers = {code: users[name] for code, name in t.OFFICER_USERNAMES.items()}
    for code, values in ORDINANCES.items():
        services.vacancy_ordinance_create(
            user=officers[code], municipality=Municipality.objects.get(code=code), **values
        )
    owners = [users[OWNERS[index]] for index in range(len(OWNERS))]
    persona_investors = investor_ids[: len(OWNERS)]
    counters: dict[str, int] = {}
    for building, owner_index in _candidates(today=today, investor_ids=persona_investors):
        code = building.municipality.code
        state = STATES[counters.get(code, 0) % len(STATES)]
        counters[code] = counters.get(code, 0) + 1
        _run_case(building, owners[owner_index], officers[code], state, today)
    disputes = _disputes(owners, officers, persona_investors)
    _history_dated()
    return VacancyCase.objects.count(), disputes


# Each event and letter moves to its step's day, at the time of day it was written (Europe/
# Amsterdam), so those of one step keep their order. An event's step: a letter's step, the
# opening (the case's opening day), or else the status the step reached; a report's submission
# is dated on the day of the report.
_DATED_SQL = (
    """UPDATE core_auditevent e
       SET occurred_at = (s.day + (e.occurred_at AT TIME ZONE %s)::time) AT TIME ZONE %s
       FROM (
           SELECT ev.id,
                  CASE CASE ev.action
                           WHEN 'vacancy_law.vacancycase.letter' THEN ev.details->>'step'
                           WHEN 'vacancy_law.vacancycase.opened' THEN 'detected'
                           ELSE ev.details->>'status' END
                      WHEN 'detected' THEN c.opened_on WHEN 'reported' THEN c.reported_on
                      WHEN 'consulted' THEN c.consulted_on WHEN 'decided' THEN c.decided_on
                      WHEN 'complied' THEN c.complied_on WHEN 'closed' THEN c.closed_on
                  END AS day
           FROM core_auditevent ev
           JOIN vacancy_law_vacancycase c ON ev.object_id = c.id::text
           WHERE ev.object_type = 'vacancy_law.vacancycase'
           UNION ALL
           SELECT ev.id, r.reported_on
           FROM core_auditevent ev
           JOIN vacancy_law_vacancyreport r ON ev.object_id = r.id::text
           WHERE ev.object_type = 'vacancy_law.vacancyreport'
             AND ev.action = 'vacancy_law.vacancyreport.submitted'
       ) s
       WHERE e.id = s.id AND s.day IS NOT NULL""",
    """UPDATE vacancy_law_caseletter l
       SET created_at = (s.day + (l.created_at AT TIME ZONE %s)::time) AT TIME ZONE %s
       FROM (
           SELECT cl.id,
                  CASE cl.step
                      WHEN 'detected' THEN c.opened_on WHEN 'reported' THEN c.reported_on
                      WHEN 'consulted' THEN c.consulted_on WHEN 'decided' THEN c.decided_on
                      WHEN 'complied' THEN c.complied_on WHEN 'closed' THEN c.closed_on
                  END AS day
           FROM vacancy_law_caseletter cl
           JOIN vacancy_law_vacancycase c ON c.id = cl.case_id
       ) s
       WHERE l.id = s.id AND s.day IS NOT NULL""",
)


@transaction.atomic
def _history_dated() -> None:
    """Date the cases' history and letters to their steps. The audit trail is append-only (ADR
    0005); the demo's history is invented, so the demo alone lifts that guard, for these
    statements, in this transaction."""
    zone = timezone.get_current_timezone_name()
    with pgtrigger.ignore("core.AuditEvent:audit_append_only"), connection.cursor() as cursor:
        for sql in _DATED_SQL:
            cursor.execute(sql, [zone, zone])
