"""The writes that bypass the save signals (`QuerySet.update()`) still leave an audit event
(ADR 0005): a withdrawn plan reopens the flag, a started plan changes the building's status, the
reminder job marks flags, and a municipal merger moves buildings to the successor."""

import contextlib
import datetime

import pytest
from django.test import RequestFactory
from django.utils import translation

from buildings.choices import BuildingStatus, FlagStatus
from buildings.services import plans as svc
from buildings.services.flag_notifications import flag_reminders_send
from kantorentop.core.audit import audit_actor, audit_events_for, request_var
from kantorentop.core.models import AuditEvent
from regions.models import Municipality
from regions.services import MunicipalityRow, municipalities_import
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.buildings.factories import BuildingFactory, FlagFactory
from tests.regions.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db
PLAN = {"kind": "transformation", "target_use": "housing"}


@pytest.fixture(autouse=True)
def _first_event_id():
    """Events committed earlier (the demo package) stay in the append-only table; read only ours."""
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return last + 1


def _events(first_id: int, action: str, object_type: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            id__gte=first_id, action=action, object_type=object_type
        ).order_by("id")
    )


@contextlib.contextmanager
def _request_of(user):
    """Run as within a portal request of `user` (the middleware sets this context variable)."""
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.44")
    request.user = user
    token = request_var.set(request)
    try:
        yield
    finally:
        request_var.reset(token)


@pytest.fixture
def owner_and_officer():
    municipality = MunicipalityFactory()
    owner = OrganisationFactory(kind="investor")
    investor = MembershipFactory(organisation=owner, role="investor").user
    officer = MembershipFactory(
        organisation=OrganisationFactory(kind="municipality", municipality=municipality),
        role="municipal_officer",
    ).user
    building = BuildingFactory(municipality=municipality, owner=owner)
    return building, investor, officer


def test_withdrawing_a_plan_records_the_reopened_flag(owner_and_officer, _first_event_id):
    building, investor, _ = owner_and_officer
    flag = FlagFactory(building=building)
    plan = svc.plan_create(user=investor, building=building, **PLAN)
    svc.plan_submit(plan=plan, user=investor)
    flag.refresh_from_db()
    assert flag.status == FlagStatus.PLAN_SUBMITTED

    with _request_of(investor):
        svc.plan_withdraw(plan=plan, user=investor)

    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
    event = _events(
        _first_event_id,
        "buildings.structuralvacancyflag.updated",
        "buildings.structuralvacancyflag",
    )[-1]
    assert event.object_id == str(flag.pk)
    assert event.details["values"]["status"] == [FlagStatus.PLAN_SUBMITTED, FlagStatus.OPEN]
    assert event.details["building_id"] == building.pk
    assert (event.actor_user_id, event.ip_address) == (investor.pk, "192.0.2.44")
    assert event in audit_events_for(object_type="buildings.building", object_id=building.pk)


def test_starting_a_plan_records_the_buildings_new_status(owner_and_officer, _first_event_id):
    building, investor, officer = owner_and_officer
    plan = svc.plan_create(user=investor, building=building, **PLAN)
    svc.plan_submit(plan=plan, user=investor)
    svc.plan_approve(plan=plan, user=officer)

    with _request_of(investor):
        svc.plan_start(plan=plan, user=investor)

    building.refresh_from_db()
    assert building.status == BuildingStatus.TRANSFORMING
    (event,) = _events(_first_event_id, "buildings.building.updated", "buildings.building")
    assert event.object_id == str(building.pk)
    assert event.details["values"]["status"] == [
        BuildingStatus.IN_USE,
        BuildingStatus.TRANSFORMING,
    ]
    assert event.actor_user_id == investor.pk


def test_a_reminder_records_one_event_per_flag(owner_and_officer, _first_event_id):
    building, _, _ = owner_and_officer
    other = BuildingFactory(municipality=building.municipality, owner=building.owner)
    flags = [
        FlagFactory(building=building, flagged_on=datetime.date(2020, 1, 1)),
        FlagFactory(building=other, flagged_on=datetime.date(2020, 1, 1)),
    ]
    young = FlagFactory(
        building=BuildingFactory(municipality=building.municipality),
        flagged_on=datetime.date(2020, 6, 1),
    )

    with audit_actor("task:buildings.tasks.flag_reminders_weekly"):
        flag_reminders_send(on=datetime.date(2020, 7, 1))

    events = _events(
        _first_event_id,
        "buildings.structuralvacancyflag.updated",
        "buildings.structuralvacancyflag",
    )
    assert sorted(e.object_id for e in events) == sorted(str(f.pk) for f in flags)
    assert str(young.pk) not in {e.object_id for e in events}
    for event in events:
        assert event.details["changed"] == ["reminded_on"]
        assert event.actor_username == "task:buildings.tasks.flag_reminders_weekly"
    (event,) = [e for e in events if e.object_id == str(flags[0].pk)]
    assert event.details["building_id"] == building.pk
    assert event in audit_events_for(object_type="buildings.building", object_id=building.pk)

    # A second run reminds nobody, so records nothing.
    flag_reminders_send(on=datetime.date(2020, 7, 1))
    assert len(
        _events(
            _first_event_id,
            "buildings.structuralvacancyflag.updated",
            "buildings.structuralvacancyflag",
        )
    ) == len(flags)


def test_a_municipal_merger_records_each_building_moved(_first_event_id):
    merged = MunicipalityFactory(code="GM9201")
    dissolved = MunicipalityFactory(code="GM9202")
    moved = [BuildingFactory(municipality=dissolved) for _ in range(3)]
    stays = BuildingFactory(municipality=merged)
    rows = [
        MunicipalityRow(
            line=line,
            code=m.code,
            name=m.name,
            province_code=m.province.code,
            successor_code="GM9201" if m.code == "GM9202" else "",
        )
        for line, m in enumerate(
            Municipality.objects.filter(dissolved_on__isnull=True)
            .select_related("province")
            .order_by("code"),
            start=2,
        )
    ]

    with translation.override("en"), audit_actor("command:import_municipalities"):
        summary = municipalities_import(rows=rows, effective_on=datetime.date(2027, 1, 1))

    assert summary.dissolved == 1
    events = _events(_first_event_id, "buildings.building.updated", "buildings.building")
    assert sorted(e.object_id for e in events) == sorted(str(b.pk) for b in moved)
    assert str(stays.pk) not in {e.object_id for e in events}
    for event in events:
        assert event.details["changed"] == ["municipality_id"]
        assert event.details["values"] == {"municipality_id": [dissolved.pk, merged.pk]}
        assert event.actor_username == "command:import_municipalities"
    history = audit_events_for(object_type="buildings.building", object_id=moved[0].pk)
    assert history.filter(action="buildings.building.updated").exists()
