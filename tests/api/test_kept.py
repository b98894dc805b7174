"""The pages of a list share its filtered queryset and statement (ConditionalGetMixin.kept):
built once per version of the data, caller and filters, never across them."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count, Window
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from buildings.api.representation import BUILDING_ROW_FIELDS
from buildings.selectors.buildings import buildings_visible_to
from kantorentop.accounts.scopes import Scope
from kantorentop.core.api import pagination
from kantorentop.core.kept import KeptObjects, kept_objects
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

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


@pytest.fixture
def builds(monkeypatch):
    """How often a list's statement was built (CountedValues)."""
    calls = []
    real = pagination.CountedValues.__init__

    def counting(self, queryset):  # type: ignore[no-untyped-def]
        calls.append(queryset)
        real(self, queryset)

    monkeypatch.setattr(pagination.CountedValues, "__init__", counting)
    return calls


def _get(client, url):
    """The page's bagIds and whether the request looked the municipality up (the FilterSet)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    looked_up = any('FROM "regions_municipality"' in q["sql"] for q in queries.captured_queries)
    return [row["bagId"] for row in response.json()["results"]], looked_up


def test_the_pages_of_a_list_are_filtered_and_compiled_once(national, buildings, builds):
    assert _get(national, LIST) == (["0344100000000900"], True)
    assert _get(national, f"{LIST}&page=2") == (["0344100000000901"], False)
    assert _get(national, f"{LIST}&page=3&pageSize=1") == (["0344100000000902"], False)
    assert len(builds) == 1
    # Another filter is another queryset.
    assert _get(national, f"{LIST}&ordering=-bagId") == (["0344100000000902"], True)
    assert len(builds) == 2


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


def test_the_kept_queryset_is_never_evaluated(national, buildings):
    for page in (1, 2, 3, 4):  # the fourth is past the end: a COUNT query, then 404
        national.get(f"{LIST}&page={page}")
    kept = list(kept_objects._items.values())
    assert len(kept) == 1
    assert kept[0].queryset._result_cache is None


def test_pages_past_the_end_and_empty_lists(national, buildings):
    assert national.get(f"{LIST}&page=4").status_code == 404
    empty = national.get("/api/v1/buildings?minFloorArea=99999999")
    assert empty.status_code == 200
    assert empty.json() == {"count": 0, "next": None, "previous": None, "results": []}
    assert national.get("/api/v1/buildings?minFloorArea=99999999&page=2").status_code == 404


def test_the_least_recently_used_go_first(monkeypatch):
    kept = KeptObjects(size=2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "b" is now the least recently used
    kept.put("c", 3)
    assert kept.get("b") is None
    assert kept.get("a") == 1 and kept.get("c") == 3


def test_counted_rows_equal_the_orms():
    """Every key, value and type of a page as the ORM gives the same slice of the queryset of
    values: the converted columns too (the active flag as JSON, the vacancy as a Decimal)."""
    for n in range(5):
        building = BuildingFactory(bag_id=f"034410000000080{n}", lettable_floor_area_m2=1000 + n)
        VacancyRecordFactory(
            building=building, observed_on=datetime.date(2024, 6, 30), vacant_area_m2=333 + n
        )
        if n % 2:
            FlagFactory(building=building)
    values = buildings_visible_to(Scope(national=True), on=timezone.localdate()).values(
        *BUILDING_ROW_FIELDS
    )
    counted = pagination.CountedValues(values)
    orm = list(values.annotate(total=Window(Count("*")))[1:4])
    rows, total = counted.page_rows(bottom=1, size=3)
    assert total == 5 == orm[0]["total"]
    for row in orm:
        del row["total"]
    assert rows == orm
    assert [list(row) for row in rows] == [list(BUILDING_ROW_FIELDS)] * 3
    assert [type(value) for value in rows[0].values()] == [type(v) for v in orm[0].values()]
    assert isinstance(rows[0]["active_flag"], dict)  # the second building has a flag
    assert counted.page_rows(bottom=5, size=3) == ([], None)


def test_counted_values_take_values_only():
    with pytest.raises(ValueError, match="values"):
        pagination.CountedValues(
            buildings_visible_to(Scope(national=True), on=timezone.localdate())
        )


STATISTICS = "/api/v1/vacancy-statistics?municipality=GM0344&date=2026-06-30"


def _statistics(client):
    """The answer's vacant m2 and whether the request computed the statistics."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(STATISTICS)
    assert response.status_code == 200, response.content
    computed = any("min_area" in q["sql"] for q in queries.captured_queries)
    return response.json()["vacantM2"], computed


def test_statistics_are_computed_once_per_version_of_the_data(national, buildings):
    VacancyRecordFactory(
        building=buildings[0], observed_on=datetime.date(2026, 1, 1), vacant_area_m2=500
    )
    assert _statistics(national) == (500, True)
    assert _statistics(national) == (500, False)
    VacancyRecordFactory(
        building=buildings[1], observed_on=datetime.date(2026, 1, 1), vacant_area_m2=700
    )
    assert _statistics(national) == (1200, True)
