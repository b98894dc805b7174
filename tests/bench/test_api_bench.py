"""The API benchmark's floor (one json_agg statement behind a bare view) answers the same page
as GET /api/v1/buildings on a tiny dataset, so the ratio `python -m bench --only api` reports
compares like with like."""

import datetime

import pytest

from bench import cases
from bench.harness import Mismatch
from buildings.choices import FlagStatus
from kantorentop.accounts.services import api_client_create
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

FILTERS = {"municipality": "GM0344", "minFloorArea": 1000}


@pytest.fixture
def tiny_api_dataset(db):
    """Seven buildings in Utrecht (one below the area filter, one in Amsterdam), with records
    and an active flag, so every field of the representation has a value somewhere."""
    utrecht = Municipality.objects.get(code="GM0344")
    amsterdam = Municipality.objects.get(code="GM0363")
    buildings = [
        BuildingFactory(
            bag_id=f"03441000000000{n:02d}",
            municipality=utrecht,
            lettable_floor_area_m2=1000 + 700 * n,
            latitude="52.090000",
            longitude="5.120000",
        )
        for n in (5, 1, 4, 2, 3)
    ]
    BuildingFactory(bag_id="0344100000000099", municipality=utrecht, lettable_floor_area_m2=500)
    BuildingFactory(bag_id="0363100000000001", municipality=amsterdam)
    VacancyRecordFactory(building=buildings[0], vacant_area_m2=1234)
    VacancyRecordFactory(
        building=buildings[0], observed_on=datetime.date(2013, 6, 30), vacant_area_m2=4321
    )
    VacancyRecordFactory(building=buildings[1], vacant_area_m2=1700)
    FlagFactory(building=buildings[0], status=FlagStatus.OPEN)
    FlagFactory(
        building=buildings[2],
        status=FlagStatus.RESOLVED,
        resolved_on=datetime.date(2014, 1, 1),
        resolution="vacancy_below_threshold",
    )
    return buildings


@pytest.fixture
def key(db) -> str:
    return api_client_create(name="bench national")[1]


def test_floor_and_endpoint_return_the_same_page(tiny_api_dataset, key):
    _, api = cases.api_candidate(key=key, params=FILTERS)
    _, floor = cases.api_baseline(params=FILTERS)
    cases.api_check(api, floor)
    ids = [row["bagId"] for row in floor["results"]]
    assert ids == [f"03441000000000{n:02d}" for n in (1, 2, 3, 4, 5)]
    assert floor["count"] == 5 and floor["next"] is None
    by_id = {row["bagId"]: row for row in floor["results"]}
    assert by_id["0344100000000005"]["currentVacancy"]["vacantAreaM2"] == 4321
    assert by_id["0344100000000005"]["structuralVacancy"]["status"] == "open"
    assert by_id["0344100000000004"]["structuralVacancy"] is None


def test_pages_after_the_first_agree_too(tiny_api_dataset, key, monkeypatch):
    monkeypatch.setattr(cases, "API_PAGE_SIZE", 2)
    for page in (1, 2, 3):
        params = {**FILTERS, "page": page}
        _, api = cases.api_candidate(key=key, params=params)
        _, floor = cases.api_baseline(params=params)
        cases.api_check(api, floor)
        assert len(floor["results"]) == (1 if page == 3 else 2)
        assert (floor["next"] is None) == (page == 3)


def test_the_check_notices_a_different_page(tiny_api_dataset, key):
    _, api = cases.api_candidate(key=key, params=FILTERS)
    _, floor = cases.api_baseline(params={**FILTERS, "minFloorArea": 3000})
    with pytest.raises(Mismatch):
        cases.api_check(api, floor)
    _, floor = cases.api_baseline(params=FILTERS)
    floor["results"][0]["city"] = "Elders"
    with pytest.raises(Mismatch):
        cases.api_check(api, floor)
