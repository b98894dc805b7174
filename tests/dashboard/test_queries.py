"""Each page runs the same number of queries for 3 buildings as for 30."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buildings.models import StructuralVacancyFlag
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory


def _make_buildings(municipality, count, start):
    for n in range(count):
        building = BuildingFactory(
            bag_id=f"0344100{start + n:09d}",
            municipality=municipality,
            lettable_floor_area_m2=6000 + n,
            latitude="52.09",
            longitude="5.11",
        )
        for year in (2009, 2012):
            VacancyRecordFactory(
                building=building, observed_on=datetime.date(year, 6, 30), vacant_area_m2=5500
            )
        if n % 3 == 0:
            StructuralVacancyFlag.objects.create(
                building=building,
                vacant_since=datetime.date(2009, 6, 30),
                flagged_on=datetime.date(2012, 6, 30),
            )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


URLS = [
    "/",
    "/gemeenten/GM0344",
    "/provincies/PV26",
    "/gebouwen?ordering=-vacancyPercentage",
    "/gebouwen/kaart.json?municipality=GM0344",
    "/gebouwen?datum=30-06-2012&ordering=-vacancyPercentage&flagged=true",
    "/gebouwen/kaart.json?municipality=GM0344&datum=30-06-2012&minVacancyPercentage=10",
    "/gemeenten/GM0344?datum=30-06-2012",
    "/signaleringen",
    "/gebouwen/0344100000000000",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_constant_query_count(client_as, utrecht, url):
    client = client_as("utrecht")
    _make_buildings(utrecht, 3, 0)
    few = _count(client, url)
    _make_buildings(utrecht, 27, 100)
    many = _count(client, url)
    assert few == many, f"{url}: {few} queries for 3 buildings, {many} for 30"


def _export(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/gebouwen/export.csv",
        "/gebouwen/export.csv?datum=30-06-2012&flagged=true",
        "/gebouwen/export.xlsx",
        "/gebouwen/export.xlsx?datum=30-06-2012&minVacancyPercentage=50",
    ],
)
def test_export_query_count_is_constant(client_as, utrecht, url):
    client = client_as("utrecht")
    _make_buildings(utrecht, 3, 0)
    with CaptureQueriesContext(connection) as few:
        small = _export(client, url)
    _make_buildings(utrecht, 27, 100)
    with CaptureQueriesContext(connection) as many:
        large = _export(client, url)
    assert len(large) > len(small)
    assert len(few) == len(many)
