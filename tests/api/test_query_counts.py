"""Every list endpoint costs the same number of queries whatever the page size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions.models import Municipality
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/provinces",
    "/api/v1/municipalities?province=PV26",
    "/api/v1/office-regions",
    "/api/v1/buildings",
    "/api/v1/buildings?province=PV26&ordering=-vacancyPercentage&minVacancyPercentage=0",
    "/api/v1/buildings/0344100000000000/vacancy-records",
    "/api/v1/vacancy-records?province=PV26",
    "/api/v1/structural-vacancy-flags",
    "/api/v1/structural-vacancy-watchlist?date=2024-06-30",
]


@pytest.fixture
def stock():
    """60 buildings, each with records, half of them flagged, many on the watchlist."""
    municipalities = list(Municipality.objects.filter(province__code="PV26")[:5])
    for n in range(60):
        building = BuildingFactory(
            municipality=municipalities[n % 5],
            bag_id=f"0344100001{n:06d}",
            lettable_floor_area_m2=6000,
        )
        for year in (2022, 2023):
            VacancyRecordFactory(
                building=building, observed_on=datetime.date(year, 6, 30), vacant_area_m2=5000
            )
        if n % 2:
            FlagFactory(building=building)
    building = BuildingFactory(
        municipality=municipalities[0], bag_id="0344100000000000", lettable_floor_area_m2=6000
    )
    for day in range(60):
        VacancyRecordFactory(
            building=building, observed_on=datetime.date(2020, 1, 1) + datetime.timedelta(day)
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("url", LISTS)
def test_constant_queries_for_page_sizes_1_and_50(national, stock, url):
    separator = "&" if "?" in url else "?"
    national.get(url)  # the key's last use is written on the first call
    small = _queries(national, f"{url}{separator}pageSize=1")
    large_response = national.get(f"{url}{separator}pageSize=50")
    assert len(large_response.json()["results"]) > 1
    large = _queries(national, f"{url}{separator}pageSize=50")
    assert small == large, f"{url}: {small} queries for 1 row, {large} for 50"
