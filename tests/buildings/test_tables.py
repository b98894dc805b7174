"""area_table_rows: an area page's table, built once per scope, date, day and area."""

import datetime

import pytest

from buildings import tables
from kantorentop.accounts.scopes import Scope
from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 30)
UTRECHT = Scope(province_codes=frozenset({"PV26"}))


@pytest.fixture
def builds(monkeypatch):
    """How often the table's queryset was built, from a clean cache."""
    tables._area_table_built.cache_clear()
    calls = []
    real = tables.visible_buildings

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(tables, "visible_buildings", counting)
    yield calls
    tables._area_table_built.cache_clear()


def test_built_once_per_scope_date_and_area(builds):
    tables.area_table_rows(UTRECHT, on=DAY)
    tables.area_table_rows(Scope(province_codes=frozenset({"PV26"})), on=DAY)
    assert len(builds) == 1
    tables.area_table_rows(UTRECHT, on=DAY + datetime.timedelta(days=1))
    tables.area_table_rows(UTRECHT, on=DAY, within=("municipality", 1))
    tables.area_table_rows(UTRECHT, on=DAY, within=("municipality", 2))
    tables.area_table_rows(Scope(national=True), on=DAY)
    assert len(builds) == 5


def test_each_call_has_a_copy_of_its_own(builds):
    inside = BuildingFactory(municipality__province__code="PV26", name="Binnen")
    outside = BuildingFactory(municipality__province__code="PV27", name="Buiten")
    first = tables.area_table_rows(UTRECHT, on=DAY)
    assert list(first.filter(bag_id=outside.bag_id)) == []
    assert [row["name"] for row in first] == ["Binnen"]
    second = tables.area_table_rows(UTRECHT, on=DAY)
    assert second is not first and second._result_cache is None
    assert [row["name"] for row in second] == ["Binnen"]
    national = tables.area_table_rows(Scope(national=True), on=DAY)
    assert {row["name"] for row in national} == {"Binnen", "Buiten"}
    within = tables.area_table_rows(
        Scope(national=True), on=DAY, within=("municipality", inside.municipality.pk)
    )
    assert [row["name"] for row in within] == ["Binnen"]
