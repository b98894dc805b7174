"""Conditional requests (api-v1.md, "Keeping a copy up to date"): every 200 to a GET carries an
ETag; the same request with If-None-Match answers 304 without a body while the answer would be
the same, and 200 with a new ETag once it changed, whoever changed it."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buildings.models import Building
from buildings.services.imports import vacancy_records_import
from kantorentop.accounts.scopes import Scope
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

pytestmark = pytest.mark.django_db

BAG_ID = "0344100000000301"
URLS = [
    "/api/v1/buildings",
    "/api/v1/buildings?province=PV26&ordering=-bagId",
    f"/api/v1/buildings/{BAG_ID}",
    f"/api/v1/buildings/{BAG_ID}/vacancy-records",
    "/api/v1/vacancy-records?province=PV26",
    "/api/v1/structural-vacancy-flags",
    "/api/v1/structural-vacancy-watchlist?date=2024-06-30",
    "/api/v1/vacancy-statistics?date=2024-06-30&province=PV26",
    "/api/v1/events",
    "/api/v1/provinces",  # a hash of the body
    "/api/v1/municipalities?province=PV26",
    "/api/v1/openapi.json",
]


@pytest.fixture
def building():
    building = BuildingFactory(municipality=Municipality.objects.get(code="GM0344"), bag_id=BAG_ID)
    VacancyRecordFactory(building=building, vacant_area_m2=1000)
    FlagFactory(building=building)
    return building


def _etag(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "private, no-cache"
    return response["ETag"]


@pytest.mark.parametrize("url", URLS)
def test_304_on_repeat_and_for_head(national, building, url):
    etag = _etag(national, url)
    assert etag.startswith('"') and etag.endswith('"')
    again = national.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["API-Version"]
    assert national.get(url, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    assert national.head(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert national.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_304_does_not_compute_the_answer(national, building):
    url = "/api/v1/buildings?province=PV26"
    etag = _etag(national, url)
    with CaptureQueriesContext(connection) as queries:
        assert national.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert not [q for q in queries if "buildings_building" in q["sql"]], queries.captured_queries
    assert len(queries) <= 4  # the key, the data version


def _changes():
    def service():
        building = Building.objects.get(bag_id=BAG_ID)
        building.name = "Nieuwe naam"
        building.save()

    def raw_sql():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE buildings_building SET street = 'Psql' WHERE bag_id = %s", [BAG_ID]
            )

    def bulk_import():
        csv = f"bagId,observedOn,vacantAreaM2,source,note\n{BAG_ID},2020-06-30,77,survey,\n"
        vacancy_records_import(source=io.BytesIO(csv.encode()), scope=Scope(national=True))

    def flag_reminder():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE buildings_structuralvacancyflag SET reminded_on = '2024-01-01'")

    def municipality_renamed():
        Municipality.objects.filter(code="GM0344").update(name="Utreg")

    def record_deleted_in_the_admin():
        Building.objects.get(bag_id=BAG_ID).vacancy_records.all().delete()

    return [
        service,
        raw_sql,
        bulk_import,
        flag_reminder,
        municipality_renamed,
        record_deleted_in_the_admin,
    ]


@pytest.mark.parametrize("change", _changes(), ids=lambda change: change.__name__)
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/buildings",
        "/api/v1/vacancy-records",
        "/api/v1/structural-vacancy-flags",
        "/api/v1/vacancy-statistics?date=2024-06-30&municipality=GM0344",
    ],
)
def test_any_change_gives_200_and_a_new_etag(national, building, change, url):
    etag = _etag(national, url)
    change()
    response = national.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert national.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_another_scope_another_etag(national, utrecht, building):
    url = "/api/v1/buildings"
    national_etag = _etag(national, url)
    utrecht_etag = _etag(utrecht, url)
    assert national_etag != utrecht_etag
    assert utrecht.get(url, HTTP_IF_NONE_MATCH=national_etag).status_code == 200


def test_another_page_or_filter_another_etag(national, building):
    BuildingFactory(municipality=Municipality.objects.get(code="GM0363"))
    etags = {
        _etag(national, url)
        for url in [
            "/api/v1/buildings",
            "/api/v1/buildings?pageSize=1",
            "/api/v1/buildings?pageSize=1&page=2",
            "/api/v1/buildings?municipality=GM0344",
            "/api/v1/buildings?ordering=-bagId",
        ]
    }
    assert len(etags) == 5
    # The order of the parameters does not matter; their values do.
    assert _etag(national, "/api/v1/buildings?pageSize=1&page=2") == _etag(
        national, "/api/v1/buildings?page=2&pageSize=1"
    )


def test_errors_have_no_etag(national, anonymous):
    assert "ETag" not in anonymous.get("/api/v1/buildings")
    assert "ETag" not in national.get("/api/v1/buildings/0000000000000000")
    assert "ETag" not in national.get("/api/v1/buildings?modifiedSince=gisteren")
