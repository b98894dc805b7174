"""The querysets kept per process, built once and copied per call: the API's scoped list of
buildings (`buildings_visible_to`, per scope and day) and an area page's table
(`area_table_rows`, per scope, date, day and area, compiled to SQL once)."""

import datetime
from typing import Any

import pytest

from buildings import tables
from buildings.filters import BuildingFilterSet
from buildings.selectors import buildings as selector
from kantorentop.accounts.scopes import Scope
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

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


def test_the_kept_tables_rows_are_its_querysets_scoped_and_in_order(table_builds):
    inside = BuildingFactory(municipality__province__code="PV26", name="Binnen")
    VacancyRecordFactory(building=inside, observed_on=DAY, vacant_area_m2=5400)
    flagged = BuildingFactory(municipality=inside.municipality, name="Gemarkeerd")
    VacancyRecordFactory(building=flagged, observed_on=DAY, vacant_area_m2=600)
    FlagFactory(building=flagged)
    BuildingFactory(municipality=inside.municipality, name="Zonder opgave")
    BuildingFactory(municipality=inside.municipality, name="Gesloopt", withdrawn=True)
    BuildingFactory(municipality__province__code="PV27", name="Buiten")
    rows = tables.area_table_rows(UTRECHT, on=DAY)
    expected = tables.table_rows(
        BuildingFilterSet.ordered(
            tables.visible_buildings(UTRECHT, on=DAY).in_stock(on=DAY),
            tables.AREA_TABLE_ORDERING,
        )
    )
    # The same dicts with the same values and types, most vacant first, no withdrawn building.
    assert rows[0:25] == list(expected) and rows.count() == 3
    assert [row["name"] for row in rows[0:25]] == ["Binnen", "Gemarkeerd", "Zonder opgave"]
    assert [row["is_flagged"] for row in rows[0:3]] == [False, True, False]
    national = tables.area_table_rows(Scope(national=True), on=DAY)
    assert "Buiten" in {row["name"] for row in national[0:25]}
    within = tables.area_table_rows(
        Scope(national=True), on=DAY, within=("municipality", inside.municipality.pk)
    )
    assert within.count() == 3
    # Kept: the second call compiles nothing and reads what was written since.
    assert tables.area_table_rows(UTRECHT, on=DAY) is rows
    BuildingFactory(municipality=inside.municipality, name="Nieuw")
    assert rows.count() == 4
