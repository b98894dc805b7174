"""buildings_visible_to: the API's scoped list of buildings, built once per scope and day."""

import datetime

import pytest

from buildings.selectors import buildings as selector
from kantorentop.accounts.scopes import Scope
from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 30)
UTRECHT = Scope(province_codes=frozenset({"PV26"}))


@pytest.fixture
def builds(monkeypatch):
    """How often the annotated queryset was built, from a clean cache."""
    selector._built_for.cache_clear()
    calls = []
    real = selector.with_vacancy_on

    def counting(queryset):  # type: ignore[no-untyped-def]
        calls.append(queryset)
        return real(queryset)

    monkeypatch.setattr(selector, "with_vacancy_on", counting)
    yield calls
    selector._built_for.cache_clear()


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
