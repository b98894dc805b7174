"""The general rules of the API contract (../shared/spec/api-v1.md, "General")."""

import datetime
import re

import pytest
from django.test import Client

from buildings.models import Building
from regions.api import views as region_views
from regions.models import Municipality
from tests.api.helpers import assert_problem, invalid_names
from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def utrecht_building():
    return BuildingFactory(
        municipality=Municipality.objects.get(code="GM0344"), bag_id="0344100000012345"
    )


def test_trailing_slash_is_a_404_problem_not_a_redirect(anonymous, national):
    for client, url in [
        (anonymous, "/api/v1/provinces/"),
        (national, "/api/v1/buildings/"),
        (anonymous, "/api/v1/openapi.json/"),
        (anonymous, "/api/v1/"),
    ]:
        assert_problem(client.get(url), 404)


def test_an_unknown_address_without_slash_does_not_redirect(anonymous):
    response = anonymous.get("/api/v1")
    assert_problem(response, 404)


def test_api_version_header_on_success_and_error(anonymous):
    ok = anonymous.get("/api/v1/provinces")
    assert ok.status_code == 200 and ok["API-Version"] == "1.1.0"
    assert anonymous.get("/api/v1/buildings")["API-Version"] == "1.1.0"  # 401
    assert anonymous.get("/api/v1/nothing-here")["API-Version"] == "1.1.0"  # 404 of Django
    assert anonymous.get("/api/v1/openapi.json")["API-Version"] == "1.1.0"


def test_400_lists_every_invalid_parameter_with_camel_case_names(national):
    response = national.post(
        "/api/v1/buildings",
        {"bagId": "123", "municipality": "GM0344", "lettableFloorAreaM2": "many"},
        format="json",
    )
    body = assert_problem(response, 400)
    names = {param["name"] for param in body["invalidParams"]}
    assert "lettableFloorAreaM2" in names
    assert all({"name", "code", "reason"} == set(param) for param in body["invalidParams"])


def test_400_from_a_service_names_the_fields_in_camel_case(national):
    response = national.post(
        "/api/v1/buildings",
        {
            "bagId": "0344100000099999",
            "municipality": "GM0344",
            "lettableFloorAreaM2": 6000,
            "grossFloorAreaM2": 10,
        },
        format="json",
    )
    params = assert_problem(response, 400)["invalidParams"]
    assert {key: params[0][key] for key in ("name", "code")} == {
        "name": "grossFloorAreaM2",
        "code": "below_lettable",
    }


def test_malformed_json_is_a_400_problem(national):
    response = national.generic(
        "POST", "/api/v1/buildings", b"{not json", content_type="application/json"
    )
    assert_problem(response, 400)


def test_401_has_www_authenticate(anonymous):
    response = anonymous.get("/api/v1/buildings")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Token"
    anonymous.credentials(HTTP_AUTHORIZATION="Token kt_00000000.wrong")
    wrong = anonymous.get("/api/v1/provinces")
    assert_problem(wrong, 401)
    assert wrong["WWW-Authenticate"] == "Token"


def test_403_for_a_read_only_key(read_only):
    response = read_only.post("/api/v1/buildings", {}, format="json")
    assert_problem(response, 403)


def test_404_problem_for_unknown_objects(anonymous, national):
    assert_problem(anonymous.get("/api/v1/provinces/PV99"), 404)
    assert_problem(national.get("/api/v1/buildings/0344100000000000"), 404)


def test_405_problem_with_allow(national, utrecht_building):
    response = national.delete(f"/api/v1/buildings/{utrecht_building.bag_id}")
    assert_problem(response, 405)
    assert "GET" in response["Allow"] and "DELETE" not in response["Allow"]


def test_406_problem(anonymous):
    assert_problem(anonymous.get("/api/v1/provinces", HTTP_ACCEPT="application/xml"), 406)


def test_413_problem_for_a_body_over_the_limit(national, settings):
    settings.API_MAX_BODY_BYTES = 100
    response = national.post(
        "/api/v1/buildings", {"name": "x" * 200, "municipality": "GM0344"}, format="json"
    )
    assert_problem(response, 413)
    assert not Building.objects.exists()


def test_415_problem(national):
    response = national.generic(
        "POST", "/api/v1/buildings", b"name=x", content_type="application/x-www-form-urlencoded"
    )
    assert_problem(response, 415)


def test_429_problem_with_retry_after(national, anonymous, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"client": "2/minute", "anonymous": "2/minute"},
    }
    for _ in range(2):
        assert national.get("/api/v1/provinces").status_code == 200
    response = national.get("/api/v1/provinces")
    problem = assert_problem(response, 429)
    assert int(response["Retry-After"]) >= 1
    # One language, ours: not DRF's Dutch sentence with an English wait after it.
    assert problem["detail"] == "Te veel verzoeken; probeer het later opnieuw."
    english = national.get("/api/v1/provinces", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["detail"] == "Too many requests; retry later."
    # Throttling is per client: another caller still gets through.
    assert anonymous.get("/api/v1/provinces").status_code == 200


def test_500_is_a_problem_without_traceback(monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(region_views.ProvinceViewSet, "list", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/provinces")
    assert_problem(response, 500)
    assert b"secret internals" not in response.content


@pytest.mark.parametrize("debug", [True, False])
def test_a_500_of_django_itself_under_the_api_is_a_problem(monkeypatch, settings, debug):
    """An error outside DRF (here in a middleware) is answered by Django: its debug page with
    the traceback, or handler500; under /api/ both become a problem document."""
    from django.middleware.common import CommonMiddleware

    def broken(self, request):
        raise RuntimeError("secret internals")

    settings.DEBUG = debug
    monkeypatch.setattr(CommonMiddleware, "process_request", broken)
    response = Client(raise_request_exception=False).get("/api/v1/provinces")
    assert_problem(response, 500)
    assert b"secret internals" not in response.content


def test_django_404_outside_the_api_is_not_a_problem(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/problem+json")
    assert "API-Version" not in response


def test_pagination_default_and_shape(anonymous):
    body = anonymous.get("/api/v1/municipalities").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert len(body["results"]) == 100 < body["count"]
    assert "page=2" in body["next"] and body["previous"] is None


def test_page_size_limits(anonymous):
    assert len(anonymous.get("/api/v1/municipalities?pageSize=1000").json()["results"]) > 100
    assert invalid_names(anonymous.get("/api/v1/municipalities?pageSize=1001")) == {"pageSize"}
    assert invalid_names(anonymous.get("/api/v1/municipalities?pageSize=0")) == {"pageSize"}
    assert invalid_names(anonymous.get("/api/v1/municipalities?page=0")) == {"page"}
    second = anonymous.get("/api/v1/municipalities?pageSize=2&page=2").json()
    assert len(second["results"]) == 2 and second["previous"]


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/buildings?municipality=GM0000", "municipality"),
        ("/api/v1/buildings?province=PV99", "province"),
        ("/api/v1/buildings?officeRegion=atlantis", "officeRegion"),
        ("/api/v1/buildings?status=empty", "status"),
        ("/api/v1/buildings?energyLabel=Z", "energyLabel"),
        ("/api/v1/buildings?flagged=maybe", "flagged"),
        ("/api/v1/buildings?minFloorArea=big", "minFloorArea"),
        ("/api/v1/buildings?ordering=name", "ordering"),
        ("/api/v1/vacancy-records?observedFrom=yesterday", "observedFrom"),
        ("/api/v1/vacancy-records?municipality=GM0000", "municipality"),
        ("/api/v1/structural-vacancy-flags?status=closed", "status"),
        ("/api/v1/structural-vacancy-watchlist?province=PV99", "province"),
    ],
)
def test_unknown_filter_values_are_a_400(national, url, name):
    assert name in invalid_names(national.get(url))


def test_unknown_municipality_filter_of_reference_data_is_a_400(anonymous):
    assert invalid_names(anonymous.get("/api/v1/municipalities?province=PV99")) == {"province"}


def test_keys_are_camel_case(national, utrecht_building):
    body = national.get(f"/api/v1/buildings/{utrecht_building.bag_id}").json()
    assert {"bagId", "houseNumber", "lettableFloorAreaM2", "currentVacancy"} <= set(body)
    assert not [key for key in body if "_" in key]
    regions = national.get("/api/v1/office-regions/utrecht").json()
    assert "isPriority" in regions


def test_openapi_is_public_with_cors_and_contact(anonymous):
    for url in ("/api/v1/openapi.json", "/api/v1/openapi.yaml"):
        response = anonymous.get(url, HTTP_ORIGIN="https://example.org")
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
    document = anonymous.get("/api/v1/openapi.json").json()
    assert {"name", "url", "email"} <= set(document["info"]["contact"])
    # Building data is not readable cross-origin.
    other = anonymous.get("/api/v1/provinces", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in other


def test_interactive_docs_are_served_by_the_portal(anonymous):
    response = anonymous.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    # No script or style from another host (a bare "cdn" can occur in the random CSRF token).
    lowered = html.lower()
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', lowered)
    assert "unpkg.com" not in lowered and "cdn.jsdelivr" not in lowered


def test_dates_are_iso(national, utrecht_building):
    Building.objects.filter(pk=utrecht_building.pk).update(completed_on=datetime.date(1978, 5, 1))
    body = national.get(f"/api/v1/buildings/{utrecht_building.bag_id}").json()
    assert body["completedOn"] == "1978-05-01"
