"""The audit trail: every state change, sign-in and refused access writes an event with who,
what, when (UTC), where from and the outcome; the database refuses to change or delete one."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.test import Client
from rest_framework.test import APIClient

from buildings.models import ImportJob, PlanDocument, TransformationPlan
from buildings.services.flags import structural_vacancy_flags_update
from buildings.services.imports import vacancy_records_import
from buildings.tasks import structural_vacancy_flags_daily
from kantorentop.accounts.scopes import Scope
from kantorentop.accounts.services import api_client_create
from kantorentop.core.audit import audit_events_for, audit_record
from kantorentop.core.models import AuditEvent, AuditOutcome
from regions.models import Municipality
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory
from tests.funds.factories import ContributionFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _local_cache(settings):
    # API throttle counters stay out of any shared Redis.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


_first_event_id_of_this_test = 0


@pytest.fixture(autouse=True)
def _only_this_tests_events():
    """The audit trail is append-only, so events committed by an earlier test package (the demo
    dataset's load and flag job) stay in the test database; each test reads only its own."""
    global _first_event_id_of_this_test
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    _first_event_id_of_this_test = last + 1


def _events(action: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action=action, id__gte=_first_event_id_of_this_test).order_by(
            "id"
        )
    )


def _plan(building) -> TransformationPlan:
    return TransformationPlan.objects.create(
        building=building, organisation=OrganisationFactory(), kind="transformation"
    )


# --- append-only ---------------------------------------------------------------------------------


def test_the_database_refuses_to_change_an_event():
    event = audit_record(action="test.event", details={"n": 1})
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(outcome=AuditOutcome.FAILURE)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert (event.action, event.outcome) == ("test.event", "success")


def test_the_database_refuses_to_delete_an_event():
    event = audit_record(action="test.event")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# --- state changes -------------------------------------------------------------------------------

CREATIONS = {
    "buildings.building": lambda: BuildingFactory(),
    "buildings.vacancyrecord": lambda: VacancyRecordFactory(),
    "buildings.structuralvacancyflag": lambda: FlagFactory(),
    "buildings.transformationplan": lambda: _plan(BuildingFactory()),
    "buildings.plandocument": lambda: PlanDocument.objects.create(
        plan=_plan(BuildingFactory()),
        file="plan-documents/x.pdf",
        original_name="x.pdf",
        size_bytes=10,
    ),
    "funds.ledgerentry": lambda: ContributionFactory(),
    "auth.user": lambda: UserFactory(),
    "accounts.membership": lambda: MembershipFactory(),
    "accounts.apiclient": lambda: api_client_create(name="Gelderland", province_code="PV25")[0],
}


@pytest.mark.parametrize("label", sorted(CREATIONS))
def test_creating_an_object_writes_an_event(label):
    instance = CREATIONS[label]()
    events = AuditEvent.objects.filter(object_type=label, object_id=str(instance.pk))
    assert [e.action for e in events] == [f"{label}.created"]
    event = events.get()
    assert event.outcome == "success"
    assert event.occurred_at.utcoffset() == datetime.timedelta(0)


def test_a_change_names_the_fields_and_keeps_the_values_of_status_fields():
    membership = MembershipFactory(role="investor")
    membership.role = "municipal_officer"
    membership.save()
    event = _events("accounts.membership.updated")[-1]
    assert event.object_id == str(membership.pk)
    assert event.details["changed"] == ["role"]
    assert event.details["values"] == {"role": ["investor", "municipal_officer"]}


def test_a_deletion_writes_an_event():
    building = BuildingFactory()
    pk = building.pk
    building.delete()
    assert [e.object_id for e in _events("buildings.building.deleted")] == [str(pk)]


def test_a_password_change_is_an_event_without_the_hash():
    user = UserFactory()
    user.set_password("another-long-passphrase-here")
    user.save()
    event = _events("auth.user.updated")[-1]
    assert event.details["changed"] == ["password"]
    assert user.password not in str(event.details)
    assert "values" not in event.details


def test_saving_without_a_change_or_only_last_login_writes_nothing():
    user = UserFactory()
    before = AuditEvent.objects.count()
    user.save()
    user.last_login = datetime.datetime.now(datetime.UTC)
    user.save(update_fields=["last_login"])
    assert AuditEvent.objects.count() == before


def test_a_state_change_that_rolls_back_leaves_no_event():
    with pytest.raises(RuntimeError), transaction.atomic():
        BuildingFactory(bag_id="0344100000009999")
        raise RuntimeError
    assert not _events("buildings.building.created")


def test_a_bulk_import_writes_one_summary_event():
    buildings = [BuildingFactory(municipality=Municipality.objects.get(code="GM0344"))]
    buildings.append(BuildingFactory(municipality=buildings[0].municipality))
    user = UserFactory()
    job = ImportJob.objects.create(file="imports/test.csv", created_by=user)
    rows = [
        {"bag_id": b.bag_id, "observed_on": "2020-06-30", "vacant_area_m2": 10, "source": "survey"}
        for b in buildings
    ]
    vacancy_records_import(source=rows, scope=Scope(national=True), user=user, job=job)
    (event,) = _events("buildings.vacancyrecord.imported")
    assert event.actor_user_id == user.pk
    assert event.details["created"] == 2 and event.details["total_rows"] == 2
    # The rows themselves, written in SQL, are not one event each.
    assert not _events("buildings.vacancyrecord.created")


def test_the_flag_job_writes_one_summary_event_naming_the_task():
    building = BuildingFactory(lettable_floor_area_m2=8000)
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2010, 1, 1), vacant_area_m2=8000
    )
    structural_vacancy_flags_daily.delay("2014-01-01")
    (event,) = _events("buildings.structuralvacancyflag.job_ran")
    assert event.details["created"] >= 1
    assert event.actor_username == "task:buildings.tasks.structural_vacancy_flags_daily"
    assert event.request_id  # the task id


def test_the_flag_job_outside_a_task():
    structural_vacancy_flags_update(as_of=datetime.date(2015, 1, 1))
    assert len(_events("buildings.structuralvacancyflag.job_ran")) == 1


# --- sign-in and refused access ------------------------------------------------------------------


def test_sign_in_success_and_failure_with_address_and_request_id():
    user = UserFactory(username="k.jansen")
    client = Client(REMOTE_ADDR="192.0.2.10")
    failed = client.post("/inloggen", {"username": "k.jansen", "password": "fout"})
    signed_in = client.post("/inloggen", {"username": "k.jansen", "password": PASSWORD})
    (failure,) = _events("auth.sign_in_failed")
    assert failure.outcome == "failure"
    assert failure.details == {"username": "k.jansen"}
    assert failure.ip_address == "192.0.2.10"
    assert failure.request_id == failed["X-Request-ID"]
    (success,) = _events("auth.signed_in")
    assert (success.actor_user_id, success.actor_username) == (user.pk, "k.jansen")
    assert success.request_id == signed_in["X-Request-ID"]
    assert success.ip_address == "192.0.2.10"
    client.post("/uitloggen")
    assert _events("auth.signed_out")[0].actor_user_id == user.pk


def test_the_caller_address_behind_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="k.jansen")
    Client(REMOTE_ADDR="10.0.0.2").post(
        "/inloggen",
        {"username": "k.jansen", "password": "fout"},
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
    )
    assert _events("auth.sign_in_failed")[0].ip_address == "198.51.100.7"


def test_an_api_write_names_the_api_client():
    client, key = api_client_create(name="Landelijk systeem")
    building = BuildingFactory(bag_id="0344100000000020")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.post(
        f"/api/v1/buildings/{building.bag_id}/vacancy-records",
        {"observedOn": "2024-06-30", "vacantAreaM2": 100, "source": "province"},
        format="json",
    )
    assert response.status_code == 201
    (event,) = _events("buildings.vacancyrecord.created")
    assert event.api_client_id == client.pk
    assert event.actor_user_id is None
    assert event.actor_username == "api-client:Landelijk systeem"
    assert event.request_id == response["X-Request-ID"]
    assert event.details["building_id"] == building.pk


def test_a_refused_write_is_an_event():
    client, key = api_client_create(name="Alleen lezen", read_only=True)
    building = BuildingFactory(bag_id="0344100000000021")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.post(
        f"/api/v1/buildings/{building.bag_id}/vacancy-records",
        {"observedOn": "2024-06-30", "vacantAreaM2": 100, "source": "province"},
        format="json",
    )
    assert response.status_code == 403
    (event,) = _events("access.refused")
    assert event.outcome == "denied"
    assert event.api_client_id == client.pk
    assert event.details["status"] == 403 and event.details["method"] == "POST"


def test_a_wrong_key_is_an_event():
    APIClient(HTTP_AUTHORIZATION="Token kt_00000000.wrong").get("/api/v1/buildings")
    (event,) = _events("access.refused")
    assert event.details["status"] == 401


def test_a_building_outside_ones_scope_is_an_event_for_a_signed_in_user():
    amsterdam = BuildingFactory(
        bag_id="0363100000000001", municipality=Municipality.objects.get(code="GM0363")
    )
    officer = MembershipFactory(
        user=UserFactory(username="ambtenaar"),
        organisation=OrganisationFactory(
            kind="municipality", municipality=Municipality.objects.get(code="GM0344")
        ),
        role="municipal_officer",
    ).user
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(f"/gebouwen/{amsterdam.bag_id}")
    assert response.status_code == 404
    (event,) = _events("access.refused")
    assert event.actor_user_id == officer.pk
    assert event.details["status"] == 404
    # An anonymous visitor's 404 is no event (it would only record scanners).
    Client().get("/gebouwen/0363100000000001")
    assert len(_events("access.refused")) == 1


# --- history of a building and a plan ------------------------------------------------------------


def test_the_history_of_a_building_holds_its_records_plans_and_documents():
    building = BuildingFactory()
    other = BuildingFactory()
    VacancyRecordFactory(building=building)
    VacancyRecordFactory(building=other)
    plan = _plan(building)
    PlanDocument.objects.create(
        plan=plan, file="plan-documents/y.pdf", original_name="y.pdf", size_bytes=1
    )
    building.name = "Nieuwe naam"
    building.save()
    actions = [
        e.action for e in audit_events_for(object_type="buildings.building", object_id=building.pk)
    ]
    assert sorted(actions) == sorted(
        [
            "buildings.building.created",
            "buildings.vacancyrecord.created",
            "buildings.transformationplan.created",
            "buildings.plandocument.created",
            "buildings.building.updated",
        ]
    )
    assert actions[0] == "buildings.building.updated"  # newest first
    plan_actions = [
        e.action
        for e in audit_events_for(object_type="buildings.transformationplan", object_id=plan.pk)
    ]
    assert sorted(plan_actions) == [
        "buildings.plandocument.created",
        "buildings.transformationplan.created",
    ]


def test_events_of_a_deleted_user_stay():
    user = UserFactory()
    pk = user.pk
    get_user_model().objects.filter(pk=pk).delete()
    assert AuditEvent.objects.filter(object_type="auth.user", object_id=str(pk)).count() == 2
