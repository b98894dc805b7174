"""API clients: keys, hashes, revocation, last use, sessions with CSRF, and scopes."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from kantorentop.accounts.authentication import api_client_forget
from kantorentop.accounts.models import ApiClient
from regions.models import Municipality, Province
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.api.helpers import assert_problem
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

pytestmark = pytest.mark.django_db


def _run(*args) -> list[str]:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip().splitlines()


def _with_key(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_create_api_client_prints_the_key_last_and_stores_only_a_hash():
    lines = _run("create_api_client", "Provincie Utrecht", "--province", "PV26")
    key = lines[-1]
    client = ApiClient.objects.get(name="Provincie Utrecht")
    assert client.province.code == "PV26" and client.scope == "province" and not client.read_only
    assert key.startswith(client.key_prefix + ".")
    secret = key.split(".", 1)[1]
    stored = [
        str(value) for value in ApiClient.objects.filter(pk=client.pk).values().first().values()
    ]
    assert not any(secret in value for value in stored)
    assert client.key_hash != key
    assert _with_key(key).get("/api/v1/buildings").status_code == 200


def test_create_api_client_national_and_read_only():
    key = _run("create_api_client", "Rijk", "--national", "--read-only")[-1]
    client = ApiClient.objects.get(name="Rijk")
    assert client.scope == "national" and client.province is None and client.read_only
    api = _with_key(key)
    assert api.get("/api/v1/buildings").status_code == 200
    assert_problem(api.post("/api/v1/buildings", {}, format="json"), 403)


def test_create_api_client_refuses_bad_input():
    with pytest.raises(CommandError):
        _run("create_api_client", "X", "--province", "PV99")
    with pytest.raises(CommandError):
        _run("create_api_client", "X")  # neither --province nor --national
    _run("create_api_client", "Dubbel", "--national")
    with pytest.raises(CommandError):
        _run("create_api_client", "Dubbel", "--national")


def test_a_wrong_secret_with_a_valid_prefix_is_refused(national_key):
    prefix = national_key.split(".")[0]
    assert_problem(_with_key(f"{prefix}.wrong-secret").get("/api/v1/buildings"), 401)
    assert_problem(_with_key(national_key + "x").get("/api/v1/buildings"), 401)


def test_revoked_clients_are_refused(national_key):
    api = _with_key(national_key)
    assert api.get("/api/v1/buildings").status_code == 200
    _run("revoke_api_client", "Landelijk systeem")
    assert ApiClient.objects.get(name="Landelijk systeem").revoked_at is not None
    response = api.get("/api/v1/buildings")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Token"
    # Also on public endpoints: a revoked key is never silently ignored.
    assert_problem(api.get("/api/v1/provinces"), 401)


def test_without_a_shared_cache_a_revocation_elsewhere_holds_at_once(national_key, settings):
    """A revocation in another process sends no signal here: with each process's own cache the
    key would still be accepted from that cache, so without Redis clients are not cached."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    api = _with_key(national_key)
    assert api.get("/api/v1/buildings").status_code == 200
    # As another process would: no save signal reaches this process.
    ApiClient.objects.filter(name="Landelijk systeem").update(revoked_at=timezone.now())
    assert_problem(api.get("/api/v1/buildings"), 401)


def test_last_used_is_written_at_most_once_a_minute(national, national_key):
    national.get("/api/v1/provinces")
    client = ApiClient.objects.get(name="Landelijk systeem")
    first = client.last_used_at
    assert first is not None
    recent = timezone.now() - datetime.timedelta(seconds=10)
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=recent)
    api_client_forget(client)  # update() writes past the model's signals
    national.get("/api/v1/provinces")
    assert ApiClient.objects.get(pk=client.pk).last_used_at == recent
    old = timezone.now() - datetime.timedelta(minutes=2)
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=old)
    api_client_forget(client)
    national.get("/api/v1/provinces")
    assert ApiClient.objects.get(pk=client.pk).last_used_at > old


def test_session_users_use_the_api_with_csrf():
    province = Province.objects.get(code="PV26")
    organisation = OrganisationFactory(name="Provincie Utrecht", kind="province", province=province)
    user = UserFactory(username="ambtenaar")
    MembershipFactory(user=user, organisation=organisation, role="provincial_officer")
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.get("/api/v1/buildings").status_code == 200
    data = {"bagId": "0344100000000001", "municipality": "GM0344", "lettableFloorAreaM2": 100}
    assert_problem(browser.post("/api/v1/buildings", data, format="json"), 403)
    token = "a" * 32
    browser.cookies["csrftoken"] = token
    response = browser.post("/api/v1/buildings", data, format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content


# -- Scopes -------------------------------------------------------------------------------------


@pytest.fixture
def two_provinces():
    """A flagged building in Utrecht (PV26) and one in Amsterdam (PV27), with records."""
    utrecht = BuildingFactory(
        municipality=Municipality.objects.get(code="GM0344"),
        bag_id="0344100000000001",
        lettable_floor_area_m2=6000,
    )
    amsterdam = BuildingFactory(
        municipality=Municipality.objects.get(code="GM0363"),
        bag_id="0363100000000001",
        lettable_floor_area_m2=6000,
    )
    for building in (utrecht, amsterdam):
        for year in (2019, 2020, 2021, 2022, 2023):
            VacancyRecordFactory(
                building=building, observed_on=datetime.date(year, 6, 30), vacant_area_m2=6000
            )
        FlagFactory(building=building)
    return utrecht, amsterdam


def test_a_province_client_sees_its_own_province_only(utrecht, two_provinces):
    _, amsterdam = two_provinces
    for url in (
        "/api/v1/buildings",
        "/api/v1/vacancy-records",
        "/api/v1/structural-vacancy-flags",
    ):
        bag_ids = {row["bagId"] for row in utrecht.get(url).json()["results"]}
        assert bag_ids == {"0344100000000001"}, url
    assert_problem(utrecht.get(f"/api/v1/buildings/{amsterdam.bag_id}"), 404)
    assert_problem(utrecht.get(f"/api/v1/buildings/{amsterdam.bag_id}/vacancy-records"), 404)


def test_a_national_client_sees_both(national, two_provinces):
    bag_ids = {row["bagId"] for row in national.get("/api/v1/buildings").json()["results"]}
    assert bag_ids == {"0344100000000001", "0363100000000001"}


def test_a_province_client_writes_in_its_own_province_only(utrecht, two_provinces):
    own, amsterdam = two_provinces
    create = utrecht.post(
        "/api/v1/buildings",
        {"bagId": "0363100000000002", "municipality": "GM0363", "lettableFloorAreaM2": 100},
        format="json",
    )
    assert_problem(create, 403)
    assert_problem(
        utrecht.patch(f"/api/v1/buildings/{amsterdam.bag_id}", {"name": "x"}, format="json"), 404
    )
    record = {"observedOn": "2024-06-30", "vacantAreaM2": 1, "source": "province"}
    assert_problem(
        utrecht.post(
            f"/api/v1/buildings/{amsterdam.bag_id}/vacancy-records", record, format="json"
        ),
        404,
    )
    # Moving its own building to another province is refused too.
    assert_problem(
        utrecht.patch(f"/api/v1/buildings/{own.bag_id}", {"municipality": "GM0363"}, format="json"),
        403,
    )
    ok = utrecht.patch(f"/api/v1/buildings/{own.bag_id}", {"name": "Nieuw"}, format="json")
    assert ok.status_code == 200 and ok.json()["name"] == "Nieuw"


def test_read_only_clients_cannot_write(read_only, two_provinces):
    own, _ = two_provinces
    record = {"observedOn": "2024-06-30", "vacantAreaM2": 1, "source": "province"}
    assert_problem(
        read_only.post(f"/api/v1/buildings/{own.bag_id}/vacancy-records", record, format="json"),
        403,
    )
    assert_problem(
        read_only.patch(f"/api/v1/buildings/{own.bag_id}", {"name": "x"}, format="json"), 403
    )
    assert_problem(
        read_only.post("/api/v1/vacancy-records/_import", [], format="json"),
        403,
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/provinces",
        "/api/v1/provinces/PV26",
        "/api/v1/municipalities?province=PV26",
        "/api/v1/municipalities/GM0344",
        "/api/v1/office-regions",
        "/api/v1/office-regions/utrecht",
        "/api/v1/vacancy-statistics?date=2024-06-30",
        "/api/v1/openapi.json",
    ],
)
def test_public_endpoints_need_no_key(anonymous, url):
    assert anonymous.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/buildings",
        "/api/v1/vacancy-records",
        "/api/v1/structural-vacancy-flags",
        "/api/v1/structural-vacancy-watchlist",
    ],
)
def test_building_level_data_needs_a_key(anonymous, url):
    assert_problem(anonymous.get(url), 401)


def test_the_watchlist_is_scoped(utrecht, national):
    for municipality, bag_id in (("GM0344", "0344100000000003"), ("GM0363", "0363100000000003")):
        building = BuildingFactory(
            municipality=Municipality.objects.get(code=municipality),
            bag_id=bag_id,
            lettable_floor_area_m2=6000,
        )
        VacancyRecordFactory(
            building=building, observed_on=datetime.date(2024, 3, 31), vacant_area_m2=6000
        )
    url = "/api/v1/structural-vacancy-watchlist?date=2025-06-30"
    assert [row["bagId"] for row in utrecht.get(url).json()["results"]] == ["0344100000000003"]
    rows = national.get(url).json()["results"]
    assert {row["bagId"] for row in rows} == {"0344100000000003", "0363100000000003"}
    assert rows[0] == {
        "bagId": rows[0]["bagId"],
        "vacantSince": "2024-03-31",
        "expectedFlagOn": "2027-03-31",
    }


def test_a_province_client_sees_plans_of_its_own_province_only(utrecht, national, two_provinces):
    from buildings.services import plans as plan_services

    investor = OrganisationFactory(name="Belegger", kind="investor")
    owner = MembershipFactory(organisation=investor, role="investor").user
    own, amsterdam = two_provinces
    plans = {}
    for building in (own, amsterdam):
        building.owner = investor
        building.save(update_fields=["owner"])
        plan = plan_services.plan_create(user=owner, building=building, kind="demolition")
        plans[building.bag_id] = plan_services.plan_submit(plan=plan, user=owner)
    listed = utrecht.get("/api/v1/transformation-plans").json()["results"]
    assert [row["bagId"] for row in listed] == [own.bag_id]
    assert_problem(utrecht.get(f"/api/v1/transformation-plans/{plans[amsterdam.bag_id].pk}"), 404)
    every = national.get("/api/v1/transformation-plans").json()["results"]
    assert {row["bagId"] for row in every} == {own.bag_id, amsterdam.bag_id}
    # Times are RFC 3339 with an offset.
    submitted = national.get(f"/api/v1/transformation-plans/{plans[own.bag_id].pk}").json()
    parsed = datetime.datetime.fromisoformat(submitted["submittedAt"])
    assert parsed.utcoffset() is not None, submitted["submittedAt"]
