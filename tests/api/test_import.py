"""POST /vacancy-records/_import: JSON or CSV, all or nothing, 413 above the limit."""

import datetime

import pytest

from buildings.models import VacancyRecord
from kantorentop.core.api.problems import PayloadTooLarge
from kantorentop.core.api.uploads import read_body
from regions.models import Municipality
from tests.api.helpers import assert_problem
from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/vacancy-records/_import"


@pytest.fixture
def buildings():
    utrecht = Municipality.objects.get(code="GM0344")
    amsterdam = Municipality.objects.get(code="GM0363")
    return [
        BuildingFactory(
            municipality=utrecht, bag_id="0344100000000001", lettable_floor_area_m2=1000
        ),
        BuildingFactory(
            municipality=utrecht, bag_id="0344100000000002", lettable_floor_area_m2=1000
        ),
        BuildingFactory(
            municipality=amsterdam, bag_id="0363100000000001", lettable_floor_area_m2=1000
        ),
    ]


def _csv(client, text: str, delimiter_bom: bool = False):
    body = ("\ufeff" if delimiter_bom else "") + text
    return client.generic("POST", URL, body.encode(), content_type="text/csv; charset=utf-8")


def test_json_import_counts_created_updated_unchanged(national, buildings):
    common = {"observedOn": "2024-06-30", "source": "province"}
    rows = [
        {**common, "bagId": "0344100000000001", "vacantAreaM2": 10},
        {**common, "bagId": "0344100000000002", "vacantAreaM2": 20, "note": "a"},
    ]
    first = national.post(URL, rows, format="json")
    assert first.status_code == 200, first.content
    assert first.json() == {"created": 2, "updated": 0, "unchanged": 0}
    again = national.post(URL, rows, format="json")
    assert again.json() == {"created": 0, "updated": 0, "unchanged": 2}
    rows[1]["note"] = "b"
    assert national.post(URL, rows, format="json").json() == {
        "created": 0,
        "updated": 1,
        "unchanged": 1,
    }


def test_csv_with_semicolons_and_bom(national, buildings):
    text = (
        "bagId;observedOn;vacantAreaM2;source;note\n"
        "0344100000000001;2024-06-30;10;province;\n"
        "0363100000000001;2024-06-30;30;province;x\n"
    )
    response = _csv(national, text, delimiter_bom=True)
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 2, "updated": 0, "unchanged": 0}
    assert VacancyRecord.objects.count() == 2


def test_header_only_answers_zeros(national, buildings):
    response = _csv(national, "bagId,observedOn,vacantAreaM2,source,note\n")
    assert response.json() == {"created": 0, "updated": 0, "unchanged": 0}


def test_bad_rows_are_listed_and_nothing_is_written(utrecht, buildings):
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    text = (
        "bagId,observedOn,vacantAreaM2,source,note\n"
        "0344100000000001,2024-06-30,10,province,\n"  # good
        "0344100000000001,2024-06-30,11,province,\n"  # same building and date again
        "0344100000000002,2024-06-30,1001,province,\n"  # above the lettable area
        f"0344100000000002,{future},1,province,\n"  # in the future
        "0363100000000001,2024-06-30,1,province,\n"  # outside the client's province
        "9999100000000001,2024-06-30,1,province,\n"  # unknown building
        "0344100000000002,2024-06-31,x,nobody,\n"  # several bad values in one row
    )
    body = assert_problem(_csv(utrecht, text), 400)
    names = [param["name"] for param in body["invalidParams"]]
    assert [name.split(".")[0] for name in names] == [f"row {n}" for n in range(2, 8)]
    assert names[1] == "row 3.vacantAreaM2"
    assert VacancyRecord.objects.count() == 0


def test_json_rows_must_be_an_array(national, buildings):
    assert_problem(national.post(URL, {"bagId": "0344100000000001"}, format="json"), 400)


def test_other_media_types_are_415(national):
    response = national.generic("POST", URL, b"<rows/>", content_type="application/xml")
    assert_problem(response, 415)


def test_body_over_the_limit_is_413(national, buildings, settings):
    settings.API_MAX_BODY_BYTES = 1000
    text = "bagId,observedOn,vacantAreaM2,source,note\n" + (
        "0344100000000001,2024-06-30,10,province,\n" * 100
    )
    assert_problem(_csv(national, text), 413)
    assert VacancyRecord.objects.count() == 0


def test_the_limit_holds_while_streaming_whatever_content_length_says(settings):
    settings.API_MAX_BODY_BYTES = 1000

    class Body:
        META = {"CONTENT_LENGTH": "10"}

        def __init__(self) -> None:
            self.chunks = [b"x" * 600, b"x" * 600, b""]

        def read(self, size: int) -> bytes:
            return self.chunks.pop(0)

    class Request:
        _request = Body()

    with pytest.raises(PayloadTooLarge):
        read_body(Request())


@pytest.mark.slow
def test_100000_rows_are_accepted(national):
    utrecht = Municipality.objects.get(code="GM0344")
    bag_ids = [f"03441000000001{n:02d}" for n in range(25)]
    for bag_id in bag_ids:
        BuildingFactory(municipality=utrecht, bag_id=bag_id, lettable_floor_area_m2=1000)
    lines = ["bagId,observedOn,vacantAreaM2,source,note"]
    start = datetime.date(1995, 1, 1)
    for n in range(100_000):
        day = start + datetime.timedelta(days=n // len(bag_ids))
        lines.append(f"{bag_ids[n % len(bag_ids)]},{day},{n % 1000},survey,")
    response = _csv(national, "\n".join(lines) + "\n")
    assert response.status_code == 200, response.content[:500]
    assert response.json() == {"created": 100_000, "updated": 0, "unchanged": 0}


def test_a_change_of_source_only_counts_as_updated(national, buildings):
    row = {"bagId": "0344100000000001", "observedOn": "2024-06-30", "vacantAreaM2": 10}
    assert national.post(URL, [{**row, "source": "province"}], format="json").json()["created"] == 1
    assert national.post(URL, [{**row, "source": "survey"}], format="json").json() == {
        "created": 0,
        "updated": 1,
        "unchanged": 0,
    }
    assert VacancyRecord.objects.get().source == "survey"


def test_json_rows_are_numbered_from_1_too(national, buildings):
    rows = [
        {"bagId": "0344100000000001", "observedOn": "2024-06-30", "vacantAreaM2": 1},
        {"bagId": "0344100000000002", "observedOn": "2024-06-30", "vacantAreaM2": "x"},
    ]
    rows = [{**row, "source": "province"} for row in rows]
    body = assert_problem(national.post(URL, rows, format="json"), 400)
    assert [param["name"].split(".")[0] for param in body["invalidParams"]] == ["row 2"]
    assert not VacancyRecord.objects.exists()


def test_the_default_limit_is_50_mb(national, buildings):
    from django.conf import settings

    assert settings.API_MAX_BODY_BYTES == 50_000_000
    header = "bagId,observedOn,vacantAreaM2,source,note\n"
    # Declared above 50 MB: refused before the body is read.
    response = national.generic(
        "POST", URL, header.encode(), content_type="text/csv", CONTENT_LENGTH="50000001"
    )
    assert_problem(response, 413)


def test_a_nul_character_anywhere_is_a_listed_problem_not_a_server_error(national, buildings):
    # Found by schemathesis: an unknown field's name with a NUL went into the staged reason.
    rows = [
        {"bagId": "0344100000000001", "observedOn": "2012-06-30", "vacantAreaM2": 1, "x\x00": 1},
        {"bagId": "0344100000000002", "observedOn": "2012-06-30", "vacantAreaM2": "1\x00"},
    ]
    response = national.post(URL, rows, format="json")
    assert_problem(response, 400)
    assert not VacancyRecord.objects.exists()
