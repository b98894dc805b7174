"""The register's events in the feed (vacancy_law migration 0003): a case's opening and each of
its steps, reports, disputes of records and ordinances, written by the database in the
transaction of the change; seen by the municipality's officers and the owner only (an
ordinance by every reader), never by a province or the nation."""

import datetime
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from events.choices import MUNICIPAL_TYPES, PUBLIC_TYPES, EventType
from events.models import Event
from kantorentop.accounts.scopes import Scope, scope_for_user
from regions.models import Municipality
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.buildings.factories import VacancyRecordFactory
from tests.events.test_feed_api import PATIENCE_SECONDS, _all, _client
from tests.vacancy_law.conftest import PNG, pdf
from tests.vacancy_law.factories import OrdinanceFactory, report_submitted
from vacancy_law import services

D = datetime.date
pytestmark = pytest.mark.django_db
T = EventType
REGISTER_TYPES = {*MUNICIPAL_TYPES, *PUBLIC_TYPES}


def _register_events(**filters) -> list[Event]:
    return list(Event.objects.filter(type__in=REGISTER_TYPES, **filters).order_by("sequence"))


def _run_case(owner, officer, building):
    report = report_submitted(owner, building)
    services.vacancy_report_confirm(report=report, user=officer)
    case = services.vacancy_case_consult(
        case=report.case, user=officer, consulted_on=D(2025, 10, 15), minutes=pdf()
    )
    case = services.vacancy_case_decide(
        case=case,
        user=officer,
        decided_on=D(2025, 11, 30),
        decision_summary="Voordracht van een gebruiker",
        designated_user="Stichting Werkplaats",
    )
    case = services.vacancy_case_comply(case=case, user=officer, complied_on=D(2026, 2, 1))
    return services.vacancy_case_close(
        case=case, user=officer, closed_on=D(2026, 2, 2), closure_reason="In gebruik genomen"
    )


def test_a_case_writes_its_opening_and_every_step(owner, officer, building, ordinance):
    case = _run_case(owner, officer, building)
    events = _register_events(subject=building.bag_id)
    assert [event.type for event in events] == [
        T.VACANCY_REPORT_SUBMITTED,
        T.VACANCY_CASE_OPENED,
        T.VACANCY_REPORT_CONFIRMED,
        T.VACANCY_CASE_CONSULTED,
        T.VACANCY_CASE_DECIDED,
        T.VACANCY_CASE_COMPLIED,
        T.VACANCY_CASE_CLOSED,
    ]
    opened, decided = events[1], events[4]
    assert opened.dataref == f"vacancy-cases/{case.pk}"
    assert opened.data == {
        "id": case.pk,
        "bagId": building.bag_id,
        "status": "reported",
        "origin": "report",
        "vacantSince": "2024-02-29",
        "openedOn": "2025-08-31",
        "nextStep": "consultation",
        "nextDueOn": "2025-11-30",
    }
    assert (decided.data["status"], decided.data["nextDueOn"]) == ("decided", "2026-02-28")
    assert events[-1].data["nextStep"] is None
    assert {(e.municipality_id, e.organisation_id) for e in events} == {
        (building.municipality_id, building.owner_id)
    }
    assert events[0].dataref == f"vacancy-reports/{case.report_id}"
    # The report's contact details are the owner's and the municipality's, not the feed's.
    assert "contactEmail" not in events[0].data and "contactName" not in events[0].data


def test_a_detected_case_opens_then_is_reported(owner, building, ordinance):
    for day, area in ((D(2023, 12, 31), 0), (D(2024, 2, 29), 1000)):
        VacancyRecordFactory(building=building, observed_on=day, vacant_area_m2=area)
    assert services.vacancy_cases_detect(on=D(2024, 9, 30)) == 1
    report_submitted(owner, building, reported_on=D(2024, 10, 1))
    events = _register_events(subject=building.bag_id)
    assert [(e.type, e.data["status"]) for e in events] == [
        (T.VACANCY_CASE_OPENED, "detected"),
        (T.VACANCY_REPORT_SUBMITTED, "submitted"),
        (T.VACANCY_CASE_REPORTED, "reported"),
    ]


def test_a_change_that_is_no_step_is_internal_and_a_save_without_change_writes_nothing(
    owner, building, ordinance
):
    case = report_submitted(owner, building).case
    case.save()
    assert _register_events(subject=building.bag_id)[-1].type == T.VACANCY_CASE_OPENED
    before = Event.objects.count()
    case.next_due_on = D(2025, 12, 31)
    case.save()
    assert list(Event.objects.filter(sequence__gt=0).order_by("-sequence")[:1])[0].type == (
        T.INTERNAL
    )
    assert Event.objects.count() == before + 1


def test_a_dispute_opens_and_is_decided_and_moves_the_records_etag(
    owner, officer, building, record
):
    url = f"/api/v1/buildings/{building.bag_id}/vacancy-records"
    client = APIClient()
    client.force_authenticate(officer)
    first = client.get(url)
    assert first.json()["results"][0]["disputed"] is False
    dispute = services.record_dispute_submit(
        user=owner,
        record=record,
        reason="Verhuurd per 1 maart",
        evidence=SimpleUploadedFile("foto.png", PNG, content_type="image/png"),
    )
    # Without the dispute's event the data version stands still: a stale 304.
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again.json()["results"][0]["disputed"] is True
    services.record_dispute_decide(
        dispute=dispute, user=officer, decision="upheld", reason="De telling klopt"
    )
    events = _register_events(dataref=f"record-disputes/{dispute.pk}")
    assert [(e.type, e.data["status"]) for e in events] == [
        (T.RECORD_DISPUTE_OPENED, "open"),
        (T.RECORD_DISPUTE_DECIDED, "upheld"),
    ]
    assert events[0].data["observedOn"] == "2024-03-31"
    assert events[0].organisation_id == building.owner_id


def test_an_ordinance_version_is_created_and_changed(utrecht_gm):
    ordinance = OrdinanceFactory(municipality=utrecht_gm)
    ordinance.title = "Leegstandverordening Utrecht 2012 (gewijzigd)"
    ordinance.save()
    events = _register_events(dataref=f"vacancy-ordinances/{ordinance.pk}")
    assert [e.type for e in events] == [T.VACANCY_ORDINANCE_CREATED, T.VACANCY_ORDINANCE_CHANGED]
    assert (events[0].subject, events[0].data["municipality"]) == ("GM0344", "GM0344")
    assert events[1].data["inForceFrom"] == "2012-01-01"


def test_who_sees_the_register_events(owner, officer, building, ordinance, record):
    _run_case(owner, officer, building)
    services.record_dispute_submit(
        user=owner,
        record=record,
        reason="Verhuurd",
        evidence=SimpleUploadedFile("foto.png", PNG, content_type="image/png"),
    )
    amsterdam = OrganisationFactory(
        kind="municipality", municipality=Municipality.objects.get(code="GM0363")
    )
    other_officer = MembershipFactory(organisation=amsterdam, role="municipal_officer").user
    other_owner = MembershipFactory(organisation=OrganisationFactory(), role="investor").user
    scopes = {
        "owner": scope_for_user(owner),
        "officer": scope_for_user(officer),
        "other_officer": scope_for_user(other_officer),
        "other_owner": scope_for_user(other_owner),
        "province": Scope(province_codes=frozenset({"PV26"})),
        "nation": Scope(national=True),
    }
    ours = Event.objects.filter(type__in=REGISTER_TYPES, subject=building.bag_id)
    ordinances = Event.objects.filter(type=T.VACANCY_ORDINANCE_CREATED)
    seen = {
        name: (
            ours.visible_to(scope).count(),
            ordinances.visible_to(scope).count(),
            # The building's own events (created, records) stay as they were.
            Event.objects.filter(type=T.BUILDING_CREATED, subject=building.bag_id)
            .visible_to(scope)
            .exists(),
        )
        for name, scope in scopes.items()
    }
    total = ours.count()
    assert total == 8  # seven of the case and its report, the dispute's opening
    assert seen == {
        "owner": (total, 1, True),
        "officer": (total, 1, True),
        "other_officer": (0, 1, False),
        "other_owner": (0, 1, False),
        "province": (0, 1, True),
        "nation": (0, 1, True),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_feed_serves_a_case_to_its_owner_and_officer_and_not_to_the_province(
    owner, officer, building, ordinance
):
    report_submitted(owner, building)
    province = _client(name="Provincie Utrecht", province_code="PV26")

    def case_types(client, *, wait_for: int) -> set[str]:
        """The types of the building's events the client gets, once `wait_for` of them are
        there (the feed serves an event once every older transaction, also other test runs',
        has ended)."""
        deadline = time.monotonic() + PATIENCE_SECONDS
        while True:
            events, _next = _all(client, url="/api/v1/events?pageSize=50")
            ours = [e["type"] for e in events if e.get("subject") == building.bag_id]
            if len(ours) >= wait_for or time.monotonic() > deadline:
                return set(ours)
            time.sleep(0.2)

    for user in (owner, officer):
        client = APIClient()
        client.force_authenticate(user)
        assert {T.VACANCY_REPORT_SUBMITTED, T.VACANCY_CASE_OPENED} <= case_types(client, wait_for=3)
    seen = case_types(province, wait_for=1)
    assert T.BUILDING_CREATED in seen
    assert seen.isdisjoint(MUNICIPAL_TYPES)
    assert T.VACANCY_ORDINANCE_CREATED in {e["type"] for e in _all(province, expect=1)[0]}
