"""Input the contract does not allow is 400, on every endpoint alike (shared fields and the
shared filter backend): dates only as YYYY-MM-DD, numbers as JSON numbers, notes with a limit,
finite percentages from 0 to 100, no empty filter values; no resolution is null."""

import datetime

import pytest
from django.db import IntegrityError

from buildings.models import VacancyRecord
from buildings.models.vacancy import NOTE_MAX_LENGTH
from regions.models import Municipality
from tests.api.helpers import assert_problem, invalid_names
from tests.buildings.factories import BuildingFactory, FlagFactory

pytestmark = pytest.mark.django_db

BAG_ID = "0344100000000001"
RECORDS = f"/api/v1/buildings/{BAG_ID}/vacancy-records"


@pytest.fixture
def building():
    return BuildingFactory(
        municipality=Municipality.objects.get(code="GM0344"),
        bag_id=BAG_ID,
        lettable_floor_area_m2=6000,
    )


def _record(**values):
    return {"observedOn": "2024-06-30", "vacantAreaM2": 3390, "source": "province", **values}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/vacancy-statistics?date=2012-6-30",
        "/api/v1/vacancy-statistics?from=2012-1-1&to=2012-12-31",
        "/api/v1/vacancy-records?observedFrom=2012-6-30",
        "/api/v1/structural-vacancy-watchlist?date=2012-06-3",
    ],
)
def test_dates_are_iso_only(national, url):
    names = invalid_names(national.get(url))
    assert names & {"date", "from", "observedFrom"}, names


def test_iso_dates_still_work(national):
    assert national.get("/api/v1/vacancy-statistics?date=2012-06-30").status_code == 200
    assert national.get("/api/v1/vacancy-records?observedFrom=2012-06-30").status_code == 200


def test_a_date_in_a_body_is_iso_only(national, building):
    response = national.post(RECORDS, _record(observedOn="2024-6-30"), format="json")
    assert invalid_names(response) == {"observedOn"}


def test_numbers_in_a_json_body_are_json_numbers(national, building):
    assert invalid_names(national.post(RECORDS, _record(vacantAreaM2="3390"), format="json")) == {
        "vacantAreaM2"
    }
    assert invalid_names(national.post(RECORDS, _record(vacantAreaM2=True), format="json")) == {
        "vacantAreaM2"
    }
    response = national.post(
        "/api/v1/buildings",
        {
            "bagId": "0344100000000002",
            "municipality": "GM0344",
            "lettableFloorAreaM2": "6000",
            "latitude": "52.1",
        },
        format="json",
    )
    assert invalid_names(response) == {"lettableFloorAreaM2", "latitude"}
    assert not VacancyRecord.objects.exists()
    assert national.post(RECORDS, _record(), format="json").status_code == 201


def test_a_note_has_a_maximum_length(national, building):
    too_long = _record(note="x" * 100_000)
    assert invalid_names(national.post(RECORDS, too_long, format="json")) == {"note"}
    at_limit = _record(note="x" * NOTE_MAX_LENGTH)
    assert national.post(RECORDS, at_limit, format="json").status_code == 201


def test_an_imported_note_has_the_same_maximum_length(national, building):
    body = "bagId,observedOn,vacantAreaM2,source,note\n" + (
        f"{BAG_ID},2024-06-30,10,province,{'x' * (NOTE_MAX_LENGTH + 1)}\n"
    )
    response = national.generic(
        "POST", "/api/v1/vacancy-records/_import", body.encode(), content_type="text/csv"
    )
    params = assert_problem(response, 400)["invalidParams"]
    assert [(p["name"], p["code"]) for p in params] == [("row 1.note", "too_long")]
    assert not VacancyRecord.objects.exists()


def test_the_database_holds_the_note_limit(building):
    with pytest.raises(IntegrityError):
        VacancyRecord.objects.create(
            building=building,
            observed_on=datetime.date(2024, 6, 30),
            vacant_area_m2=1,
            source="province",
            note="x" * (NOTE_MAX_LENGTH + 1),
        )


def test_the_openapi_document_states_the_note_limit(anonymous):
    schema = anonymous.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schema["VacancyRecordRequest"]["properties"]["note"]["maxLength"] == NOTE_MAX_LENGTH


@pytest.mark.parametrize("value", ["-1e309", "1e309", "-1", "100.5", "nan", "inf", "-inf"])
def test_a_percentage_filter_is_finite_from_0_to_100(national, value):
    response = national.get("/api/v1/buildings", {"minVacancyPercentage": value})
    assert invalid_names(response) == {"minVacancyPercentage"}


def test_a_percentage_filter_within_bounds_works(national):
    for value in ("0", "50.5", "100"):
        response = national.get("/api/v1/buildings", {"minVacancyPercentage": value})
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/buildings?status=", "status"),
        ("/api/v1/buildings?municipality=", "municipality"),
        ("/api/v1/buildings?flagged=&status=in_use", "flagged"),
        ("/api/v1/structural-vacancy-flags?status=", "status"),
        ("/api/v1/vacancy-records?officeRegion=", "officeRegion"),
        ("/api/v1/municipalities?province=", "province"),
    ],
)
def test_an_empty_filter_value_is_400(national, url, name):
    body = assert_problem(national.get(url), 400)
    assert [(p["name"], p["code"]) for p in body["invalidParams"]] == [(name, "blank")]


def test_no_resolution_is_null(national, building):
    FlagFactory(building=building, status="open")
    FlagFactory(
        building=BuildingFactory(municipality=building.municipality, bag_id="0344100000000003"),
        status="resolved",
        resolved_on=datetime.date(2013, 1, 1),
        resolution="vacancy_below_threshold",
    )
    rows = national.get("/api/v1/structural-vacancy-flags").json()["results"]
    assert {row["bagId"]: row["resolution"] for row in rows} == {
        BAG_ID: None,
        "0344100000000003": "vacancy_below_threshold",
    }


def test_an_area_sent_as_text_in_a_json_import_is_refused_with_its_row(national, building):
    rows = [
        {"bagId": BAG_ID, "observedOn": "2024-06-30", "vacantAreaM2": 10, "source": "province"},
        {"bagId": BAG_ID, "observedOn": "2024-09-30", "vacantAreaM2": "3390", "source": "owner"},
    ]
    response = national.post("/api/v1/vacancy-records/_import", rows, format="json")
    params = assert_problem(response, 400)["invalidParams"]
    assert [(p["name"], p["code"]) for p in params] == [("row 2.vacantAreaM2", "invalid_integer")]
    assert not VacancyRecord.objects.exists()
