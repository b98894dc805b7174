"""The API's JSON is written by orjson with the bytes DRF's renderer (the json module) writes:
dates, times, Decimals and lazy texts through DRF's encoder, the line separators escaped, and
DRF's own way for what orjson cannot write the same (an indented answer, huge integers)."""

import datetime
import json
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from kantorentop.core.api.renderers import ApiJSONRenderer, Camelized
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

CASES = [
    {"count": 2, "next": None, "results": [Camelized({"bagId": "0344100000000001"})]},
    {"observedOn": datetime.date(2026, 6, 30), "flaggedOn": datetime.date(429, 1, 1)},
    {"modifiedAt": datetime.datetime(2026, 3, 29, 1, 59, 59, 123456, tzinfo=AMSTERDAM)},
    {"at": datetime.datetime(2026, 12, 7, 5, 0, tzinfo=datetime.UTC), "time": datetime.time(9)},
    {"percentage": Decimal("12.5"), "latitude": 52.0907, "m2": 10_000, "none": None},
    {"detail": gettext_lazy("Not found."), "id": uuid.UUID(int=7)},
    {"name": 'Café \u2028 Zuid\u2029\n\t\x1f"\\/ 北'},
    {"nested": [[1, 2.0, True, False], {"1": "a"}], "tuple": (1, "b")},
    {1: "integer key", "big": 2**70},
    [],
    "",
]


@pytest.mark.parametrize("data", CASES)
def test_the_same_bytes_as_drfs_renderer(data):
    assert ApiJSONRenderer().render(data) == JSONRenderer().render(data)


def test_an_indented_answer_as_drf_writes_it():
    data = {"count": 1, "results": [{"bagId": "1"}]}
    media_type = "application/json; indent=4"
    rendered = ApiJSONRenderer().render(data, media_type)
    assert rendered == JSONRenderer().render(data, media_type)
    assert b'\n    "count": 1' in rendered


def test_nothing_renders_as_nothing():
    assert ApiJSONRenderer().render(None) == b""


@pytest.mark.django_db
def test_a_whole_page_of_the_api_is_the_same_json(national):
    for n in range(3):
        building = BuildingFactory(name=f"Kantoor {n}  ", lettable_floor_area_m2=6000 + n)
        VacancyRecordFactory(building=building, vacant_area_m2=1000 * n)
    FlagFactory(building=building)
    response = national.get("/api/v1/buildings", {"pageSize": 100})
    assert response.status_code == 200
    page = json.loads(response.content)
    assert page["results"]
    assert response.content == JSONRenderer().render(page)
