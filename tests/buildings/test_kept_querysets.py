"""The querysets kept per process, built once and copied per call: the API's scoped list of
buildings (`buildings_visible_to`, per scope and day) and an area page's table
(`area_table_rows`, per scope, date, day and area)."""

import datetime
from typing import Any

import pytest

from buildings import tables
from buildings.selectors import buildings as selector
from kantorentop.accounts.scopes import Scope
from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 30)
UTRECHT = Scope(province_codes=frozenset({"PV26"}))


def _counted_builds(monkeypatch: Any, module: Any, builder: str, kept: Any):  # type: ignore[no-untyped-def]
    """Counts the calls of `module.builder` (what building the kept queryset calls once), from
    an empty `kept` (an lru_cache), which is emptied again afterwards."""
    kept.cache_clear()
    calls: list[Any] = []
    real = getattr(module, builder)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, builder, counting)
    yield calls
    kept.cache_clear()


@pytest.fixture
def builds(monkeypatch):
    """How often the API's annotated queryset was built, from a clean cache."""
    yield from _counted_builds(monkeypatch, selector, "with_vacancy_on", selector._built_for)


@pytest.fixture
def table_builds(monkeypatch):
    """How often the area table's queryset was built, from a clean cache."""
    yield from _counted_builds(monkeypatch, tables, "visible_buildings", tables._area_table_built)


def test_built_once_per_scope_and_day(builds):
    selector.buildings_visible_to(UTRECHT, on=DAY)
    selector.buildings_visible_to(Scope(province_codes=frozenset({"PV26"})), on=DAY)
    assert len(builds) == 1
    selector.buildings_visible_to(UTRECHT, on=DAY + datetime.timedelta(days=1))
    selector.buildings_visible_to(Scope(national=True), on=DAY)
    assert len(builds) == 3


def test_each_call_has_a_copy_of_its_own(builds):
    inside = BuildingFactory(municipality__province__code="PV26")
    outside = BuildingFactory(municipality__province__code="PV27")
    first = selector.buildings_visible_to(UTRECHT, on=DAY)
    assert [building.pk for building in first.filter(pk=outside.pk)] == []
    assert [building.pk for building in first] == [inside.pk]
    second = selector.buildings_visible_to(UTRECHT, on=DAY)
    assert second is not first and second._result_cache is None
    assert [building.pk for building in second] == [inside.pk]
    national = selector.buildings_visible_to(Scope(national=True), on=DAY)
    assert {building.pk for building in national} == {inside.pk, outside.pk}


def test_built_once_per_scope_date_and_area(table_builds):
    tables.area_table_rows(UTRECHT, on=DAY)
    tables.area_table_rows(Scope(province_codes=frozenset({"PV26"})), on=DAY)
    assert len(table_builds) == 1
    tables.area_table_rows(UTRECHT, on=DAY + datetime.timedelta(days=1))
    tables.area_table_rows(UTRECHT, on=DAY, within=("municipality", 1))
    tables.area_table_rows(UTRECHT, on=DAY, within=("municipality", 2))
    tables.area_table_rows(Scope(national=True), on=DAY)
    assert len(table_builds) == 5


def test_each_table_call_has_a_copy_of_its_own(table_builds):
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
