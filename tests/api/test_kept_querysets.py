"""The pages of a list share its filtered queryset (ConditionalGetMixin.kept_queryset): built
once per version of the data, caller and filters, never across them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kantorentop.core.api import conditional
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/buildings?municipality=GM0344&minFloorArea=1000&pageSize=1"


@pytest.fixture
def buildings():
    utrecht = Municipality.objects.get(code="GM0344")
    return [
        BuildingFactory(
            municipality=utrecht, bag_id=f"034410000000090{n}", lettable_floor_area_m2=2000
        )
        for n in range(3)
    ]


def _get(client, url):
    """The page's bagIds and whether the request looked the municipality up (the FilterSet)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    looked_up = any('FROM "regions_municipality"' in q["sql"] for q in queries.captured_queries)
    return [row["bagId"] for row in response.json()["results"]], looked_up


def test_the_pages_of_a_list_are_filtered_once(national, buildings):
    assert _get(national, LIST) == (["0344100000000900"], True)
    assert _get(national, f"{LIST}&page=2") == (["0344100000000901"], False)
    assert _get(national, f"{LIST}&page=3&pageSize=1") == (["0344100000000902"], False)
    # Another filter is another queryset.
    assert _get(national, f"{LIST}&ordering=-bagId") == (["0344100000000902"], True)


def test_a_change_of_the_data_filters_again(national, buildings):
    assert _get(national, LIST)[1]
    Municipality.objects.filter(code="GM0344").update(name="Utreg")  # writes an event
    assert _get(national, f"{LIST}&page=2") == (["0344100000000901"], True)


def test_another_caller_filters_for_itself(national, utrecht, buildings):
    elsewhere = "/api/v1/buildings?municipality=GM0363"
    BuildingFactory(municipality=Municipality.objects.get(code="GM0363"))
    assert len(national.get(elsewhere).json()["results"]) == 1
    assert national.get(elsewhere).json()["count"] == 1
    assert utrecht.get(elsewhere).json()["count"] == 0
    assert _get(utrecht, LIST) == (["0344100000000900"], True)


def test_invalid_filters_are_refused_every_time(national, buildings):
    for _ in range(2):
        response = national.get("/api/v1/buildings?municipality=GM9999&pageSize=1")
        assert response.status_code == 400
        assert response.json()["invalidParams"][0]["name"] == "municipality"


def test_a_kept_queryset_is_never_evaluated(national, buildings):
    for page in (1, 2, 3):
        national.get(f"{LIST}&page={page}")
    kept = list(conditional.kept_querysets._items.values())
    assert len(kept) == 1
    assert kept[0]._result_cache is None


def test_the_least_recently_used_go_first(monkeypatch):
    monkeypatch.setattr(conditional, "KEPT_QUERYSETS", 2)
    kept = conditional._KeptQuerysets()
    first, second, third = (Municipality.objects.filter(pk=n) for n in range(3))
    kept.put("a", first)
    kept.put("b", second)
    assert kept.get("a") is first  # "b" is now the least recently used
    kept.put("c", third)
    assert kept.get("b") is None
    assert kept.get("a") is first and kept.get("c") is third
