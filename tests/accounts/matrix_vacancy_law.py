"""The Leegstandwet register's rows of the permission matrix (issue 16): its pages (namespace
`vacancy_law`) and its API routes, for the ten roles of tests/accounts/matrix.py.

Municipality A is investor A's building's: its officers take the steps, investor A's members
report and dispute. A case, a report and a dispute are the municipality's business with the
owner (docs/adr/0018): the officer of municipality B, the provincial officer and keys and the
administrator (national) get 404 for them, as everyone else; ordinances are public.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.accounts.matrix import LOGIN, PDF, Case, row
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory
from tests.vacancy_law.factories import OrdinanceFactory
from vacancy_law import services

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
VACANCY_LAW_API_PREFIXES = (
    "vacancy-ordinance-",
    "vacancy-report-",
    "vacancy-case-",
    "record-dispute-",
)


@dataclass
class Register:
    ordinance: object
    report: object
    case: object  # reported, awaiting consultation
    consulted: object  # with minutes, awaiting the decision
    decided: object  # awaiting compliance
    letter: object
    dispute: object  # open
    free_record: object  # a record of investor A's without a dispute
    free_building: object  # investor A's, without a case


def _today() -> datetime.date:
    return datetime.date.today()


def register_objects(world) -> Register:  # type: ignore[no-untyped-def]
    """A case in three states, its report, letters and minutes, and an open dispute, all of
    investor A's buildings in municipality A, under municipality A's ordinance."""
    investor, officer = world.investor_a_user, world.officer_a
    ordinance = OrdinanceFactory(municipality=world.municipality_a)

    def building():  # type: ignore[no-untyped-def]
        return BuildingFactory(
            municipality=world.municipality_a, owner=world.investor_a, lettable_floor_area_m2=4000
        )

    def case():  # type: ignore[no-untyped-def]
        report = services.vacancy_report_submit(
            user=investor,
            building=building(),
            vacant_since=_today() - datetime.timedelta(days=400),
            vacant_area_m2=1000,
            contact_name="J. de Vries",
            contact_email="j.devries@example.nl",
            reported_on=_today() - datetime.timedelta(days=30),
        )
        return report.case

    def consulted():  # type: ignore[no-untyped-def]
        return services.vacancy_case_consult(
            case=case(),
            user=officer,
            consulted_on=_today(),
            minutes=SimpleUploadedFile("verslag.pdf", PDF),
        )

    reported = case()
    decided = services.vacancy_case_decide(
        case=consulted(),
        user=officer,
        decided_on=_today(),
        decision_summary="Herstel van de installaties",
        necessary_works="Installaties herstellen",
    )
    disputed = building()
    record = VacancyRecordFactory(
        building=disputed, observed_on=datetime.date(2024, 3, 31), vacant_area_m2=1000
    )
    dispute = services.record_dispute_submit(
        user=investor,
        record=record,
        reason="Verhuurd per 1 maart",
        evidence=SimpleUploadedFile("foto.png", PNG),
    )
    return Register(
        ordinance=ordinance,
        report=reported.report,
        case=reported,
        consulted=consulted(),
        decided=decided,
        letter=reported.letters.first(),
        dispute=dispute,
        free_record=VacancyRecordFactory(
            building=disputed, observed_on=datetime.date(2024, 6, 30), vacant_area_m2=1000
        ),
        free_building=building(),
    )


def _day() -> str:
    return _today().strftime("%d-%m-%Y")


# Pages. Signed in, a role outside the case's municipality and owner gets 404; the owner gets
# 403 for the officer's steps (the service refuses), the officer 302 back to the case.
PUBLIC_PAGE = row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN_PAGE = row(LOGIN, 200, 200, 200, 200, 200, 200, LOGIN, LOGIN, 200)
PARTIES_PAGE = row(LOGIN, 200, 404, 200, 404, 404, 404, LOGIN, LOGIN, 404)
OWNER_PAGE = row(LOGIN, 200, 404, 404, 404, 404, 404, LOGIN, LOGIN, 404)
OFFICER_STEP_PAGE = row(LOGIN, 403, 404, 302, 404, 404, 404, LOGIN, LOGIN, 404)
# The API. Keys read (a provincial key sees no case: 404) and get 403 for every write.
PUBLIC_API = row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN_API = row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200)
PARTIES_API = row(401, 200, 404, 200, 404, 404, 404, 404, 404, 404)
OFFICER_STEP_API = row(401, 403, 404, 200, 404, 404, 404, 403, 403, 404)


def _case_step(step: str, obj: str, data) -> Case:  # type: ignore[no-untyped-def]
    return Case(
        "post",
        lambda w: f"/api/v1/vacancy-cases/{getattr(w.register, obj).pk}/_{step}",
        OFFICER_STEP_API,
        data=data,
    )


VACANCY_LAW_MATRIX: dict[str, list[Case]] = {
    # --- pages ---
    "vacancy_law:worklist": [Case("get", lambda w: "/leegstandwet", SIGNED_IN_PAGE)],
    "vacancy_law:ordinances": [Case("get", lambda w: "/leegstandwet/verordeningen", PUBLIC_PAGE)],
    "vacancy_law:ordinance-create": [
        Case(
            "get",
            lambda w: "/leegstandwet/verordeningen/nieuw",
            # Each municipality's officers record their own municipality's ordinance.
            row(LOGIN, 404, 404, 200, 200, 404, 404, LOGIN, LOGIN, 404),
        )
    ],
    "vacancy_law:report-create": [
        Case("get", lambda w: f"/leegstandwet/melden/{w.register.free_building.bag_id}", OWNER_PAGE)
    ],
    "vacancy_law:report-confirm": [
        Case(
            "post",
            lambda w: f"/leegstandwet/meldingen/{w.register.report.pk}/bevestigen",
            OFFICER_STEP_PAGE,
        )
    ],
    "vacancy_law:case": [
        Case("get", lambda w: f"/leegstandwet/zaken/{w.register.case.pk}", PARTIES_PAGE)
    ],
    "vacancy_law:case-minutes": [
        Case(
            "get", lambda w: f"/leegstandwet/zaken/{w.register.consulted.pk}/verslag", PARTIES_PAGE
        )
    ],
    "vacancy_law:case-letter": [
        Case(
            "get",
            lambda w: f"/leegstandwet/zaken/{w.register.case.pk}/brieven/{w.register.letter.pk}",
            PARTIES_PAGE,
        )
    ],
    "vacancy_law:case-step": [
        Case(
            "post",
            lambda w: f"/leegstandwet/zaken/{w.register.case.pk}/overleg",
            OFFICER_STEP_PAGE,
            data=lambda w: {"consulted_on": _day()},
            json=False,
        ),
        Case(
            "post",
            lambda w: f"/leegstandwet/zaken/{w.register.decided.pk}/sluiten",
            OFFICER_STEP_PAGE,
            data=lambda w: {"closed_on": _day(), "closure_reason": "Weer in gebruik"},
            json=False,
        ),
    ],
    "vacancy_law:dispute-create": [
        Case("get", lambda w: f"/leegstandwet/bezwaar/{w.register.free_record.pk}", OWNER_PAGE)
    ],
    "vacancy_law:dispute": [
        Case("get", lambda w: f"/leegstandwet/bezwaren/{w.register.dispute.pk}", PARTIES_PAGE),
        Case(
            "post",
            lambda w: f"/leegstandwet/bezwaren/{w.register.dispute.pk}",
            OFFICER_STEP_PAGE,
            data=lambda w: {"decision": "upheld", "reason": "De telling klopt"},
            json=False,
        ),
    ],
    "vacancy_law:dispute-evidence": [
        Case(
            "get", lambda w: f"/leegstandwet/bezwaren/{w.register.dispute.pk}/bewijs", PARTIES_PAGE
        )
    ],
    # --- API: ordinances (public law) ---
    "api:vacancy-ordinance-list": [
        Case("get", lambda w: "/api/v1/vacancy-ordinances", PUBLIC_API),
        Case(
            "post",
            lambda w: "/api/v1/vacancy-ordinances",
            row(401, 403, 403, 201, 403, 403, 403, 403, 403, 403),
            data=lambda w: {
                "municipality": w.world.municipality_a.code,
                "title": "Leegstandverordening 2020",
                "adoptedOn": "2020-01-01",
                "inForceFrom": "2020-02-01",
                "buildingKinds": ["office"],
            },
        ),
    ],
    "api:vacancy-ordinance-detail": [
        Case("get", lambda w: f"/api/v1/vacancy-ordinances/{w.register.ordinance.pk}", PUBLIC_API)
    ],
    # --- API: reports ---
    "api:vacancy-report-list": [
        Case("get", lambda w: "/api/v1/vacancy-reports", SIGNED_IN_API),
        Case(
            "post",
            lambda w: "/api/v1/vacancy-reports",
            # A building outside the caller's scope is an invalid bagId (400), as for plans.
            row(401, 201, 400, 403, 400, 400, 403, 403, 403, 403),
            data=lambda w: {
                "bagId": w.register.free_building.bag_id,
                "vacantSince": "2024-01-31",
                "vacantAreaM2": 1000,
                "contactName": "J. de Vries",
                "contactEmail": "j.devries@example.nl",
            },
        ),
    ],
    "api:vacancy-report-detail": [
        Case("get", lambda w: f"/api/v1/vacancy-reports/{w.register.report.pk}", PARTIES_API)
    ],
    "api:vacancy-report-confirm": [
        Case(
            "post",
            lambda w: f"/api/v1/vacancy-reports/{w.register.report.pk}/_confirm",
            OFFICER_STEP_API,
        )
    ],
    # --- API: cases and their steps ---
    "api:vacancy-case-list": [Case("get", lambda w: "/api/v1/vacancy-cases", SIGNED_IN_API)],
    "api:vacancy-case-detail": [
        Case("get", lambda w: f"/api/v1/vacancy-cases/{w.register.case.pk}", PARTIES_API)
    ],
    "api:vacancy-case-consult": [
        _case_step("consult", "case", lambda w: {"consultedOn": _today().isoformat()})
    ],
    "api:vacancy-case-decide": [
        _case_step(
            "decide",
            "consulted",
            lambda w: {
                "decidedOn": _today().isoformat(),
                "decisionSummary": "Herstel",
                "necessaryWorks": "Installaties herstellen",
            },
        )
    ],
    "api:vacancy-case-comply": [
        _case_step("comply", "decided", lambda w: {"compliedOn": _today().isoformat()})
    ],
    "api:vacancy-case-close": [
        _case_step(
            "close",
            "case",
            lambda w: {"closedOn": _today().isoformat(), "closureReason": "Weer in gebruik"},
        )
    ],
    "api:vacancy-case-minutes": [
        Case(
            "get",
            lambda w: f"/api/v1/vacancy-cases/{w.register.consulted.pk}/minutes",
            PARTIES_API,
        )
    ],
    "api:vacancy-case-letter": [
        Case(
            "get",
            lambda w: f"/api/v1/vacancy-cases/{w.register.case.pk}/letters/{w.register.letter.pk}",
            PARTIES_API,
        )
    ],
    # --- API: disputes of records ---
    "api:record-dispute-list": [
        Case("get", lambda w: "/api/v1/record-disputes", SIGNED_IN_API),
        Case(
            "post",
            lambda w: "/api/v1/record-disputes",
            row(401, 201, 400, 403, 400, 400, 403, 403, 403, 403),
            data=lambda w: {
                "bagId": w.register.free_record.building.bag_id,
                "observedOn": "2024-06-30",
                "reason": "Verhuurd",
                "evidence": SimpleUploadedFile("foto.png", PNG),
            },
            json=False,
        ),
    ],
    "api:record-dispute-detail": [
        Case("get", lambda w: f"/api/v1/record-disputes/{w.register.dispute.pk}", PARTIES_API)
    ],
    "api:record-dispute-decide": [
        Case(
            "post",
            lambda w: f"/api/v1/record-disputes/{w.register.dispute.pk}/_decide",
            OFFICER_STEP_API,
            data=lambda w: {"decision": "upheld", "reason": "De telling klopt"},
        )
    ],
    "api:record-dispute-evidence": [
        Case(
            "get",
            lambda w: f"/api/v1/record-disputes/{w.register.dispute.pk}/evidence",
            PARTIES_API,
        )
    ],
}

# (list URL, the object's path on Objects, the matrix case of its detail): a list shows a role
# exactly what it may open.
VACANCY_LAW_LISTS: list[tuple[str, str, tuple[str, int] | None]] = [
    ("/api/v1/vacancy-cases", "register.case", ("api:vacancy-case-detail", 0)),
    ("/api/v1/vacancy-reports", "register.report", ("api:vacancy-report-detail", 0)),
    ("/api/v1/record-disputes", "register.dispute", ("api:record-dispute-detail", 0)),
    ("/api/v1/vacancy-ordinances", "register.ordinance", ("api:vacancy-ordinance-detail", 0)),
    ("/leegstandwet", "register.case", ("vacancy_law:case", 0)),
]
