import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buildings.selectors.structural_vacancy import (
    add_calendar_years,
    structurally_vacant_buildings,
    watchlist,
    watchlist_count,
)
from kantorentop.accounts.scopes import Scope
from regions.selectors import area_for
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory
from tests.regions.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def building_with(records, *, lettable=6000, **kwargs):
    """A building with records given as {observed_on: vacant_area_m2}."""
    building = BuildingFactory(lettable_floor_area_m2=lettable, **kwargs)
    for observed_on, vacant in records.items():
        VacancyRecordFactory(building=building, observed_on=observed_on, vacant_area_m2=vacant)
    return building


def verdict(building, on):
    """vacant_since when the building meets the rule on `on`, else None."""
    rows = structurally_vacant_buildings(on=on, building_ids=[building.pk])
    assert len(rows) <= 1
    return rows[0].vacant_since if rows else None


def test_exactly_80_percent_is_not_above_the_threshold():
    at_80 = building_with({D(2010, 1, 1): 4800}, lettable=6000)
    just_above = building_with({D(2010, 1, 1): 4801}, lettable=6000)
    assert verdict(at_80, D(2014, 1, 1)) is None
    assert verdict(just_above, D(2014, 1, 1)) == D(2010, 1, 1)


def test_area_threshold_is_5000_m2():
    small = building_with({D(2010, 1, 1): 4999}, lettable=4999)
    large = building_with({D(2010, 1, 1): 5000}, lettable=5000)
    assert verdict(small, D(2015, 1, 1)) is None
    assert verdict(large, D(2015, 1, 1)) == D(2010, 1, 1)


def test_a_run_of_exactly_three_years_qualifies_and_one_day_short_does_not():
    building = building_with({D(2012, 6, 30): 6000})
    assert verdict(building, D(2015, 6, 29)) is None
    assert verdict(building, D(2015, 6, 30)) == D(2012, 6, 30)


def test_a_run_starting_on_29_february_qualifies_on_1_march_three_years_later():
    # Spec: D qualifies when vacant_since <= D - 3 calendar years, and 2015-02-28 - 3 years is
    # 2012-02-28, before 2012-02-29; so the first date is 2015-03-01 (= 29 Feb + 3 years).
    building = building_with({D(2012, 2, 29): 6000})
    assert verdict(building, D(2015, 2, 27)) is None
    assert verdict(building, D(2015, 2, 28)) is None
    assert verdict(building, D(2015, 3, 1)) == D(2012, 2, 29)
    [entry] = watchlist(on=D(2015, 2, 28), building_ids=[building.pk])
    assert entry.vacant_since == D(2012, 2, 29)
    assert entry.expected_flag_on == D(2015, 3, 1)
    assert watchlist(on=D(2015, 3, 1), building_ids=[building.pk]) == []


def test_29_february_minus_three_years_is_28_february():
    from_28_feb = building_with({D(2013, 2, 28): 6000})
    from_1_march = building_with({D(2013, 3, 1): 6000})
    assert verdict(from_28_feb, D(2016, 2, 29)) == D(2013, 2, 28)
    assert verdict(from_1_march, D(2016, 2, 29)) is None
    assert verdict(from_1_march, D(2016, 3, 1)) == D(2013, 3, 1)


def test_add_calendar_years():
    assert add_calendar_years(D(2012, 2, 29), 3) == D(2015, 3, 1)
    assert add_calendar_years(D(2012, 2, 29), 4) == D(2016, 2, 29)
    assert add_calendar_years(D(2013, 2, 28), 3) == D(2016, 2, 28)


def test_vacant_since_is_the_first_record_of_the_trailing_run():
    building = building_with({D(2010, 1, 1): 5000, D(2011, 1, 1): 5500, D(2012, 1, 1): 6000})
    assert verdict(building, D(2013, 1, 1)) == D(2010, 1, 1)


def test_a_record_at_or_below_80_percent_interrupts_the_run():
    building = building_with({D(2007, 6, 1): 6000, D(2011, 1, 1): 3000, D(2012, 1, 1): 6000})
    assert verdict(building, D(2014, 6, 30)) is None
    assert verdict(building, D(2015, 1, 1)) == D(2012, 1, 1)
    # Before the interruption the older run counted.
    assert verdict(building, D(2010, 12, 31)) == D(2007, 6, 1)


def test_a_latest_record_below_the_threshold_ends_the_run():
    building = building_with({D(2005, 1, 1): 6000, D(2012, 1, 1): 0})
    assert verdict(building, D(2011, 12, 31)) == D(2005, 1, 1)
    assert verdict(building, D(2012, 1, 1)) is None
    assert watchlist(on=D(2012, 1, 1), building_ids=[building.pk]) == []


def test_a_record_after_the_as_of_date_is_ignored():
    building = building_with({D(2009, 1, 1): 6000, D(2014, 1, 1): 100})
    assert verdict(building, D(2013, 12, 31)) == D(2009, 1, 1)
    later_run = building_with({D(2009, 1, 1): 0, D(2014, 1, 1): 6000})
    assert verdict(later_run, D(2013, 12, 31)) is None
    assert watchlist(on=D(2013, 12, 31), building_ids=[later_run.pk]) == []


def test_a_building_without_records_does_not_qualify():
    building = BuildingFactory(lettable_floor_area_m2=9000)
    assert verdict(building, D(2020, 1, 1)) is None


def test_only_buildings_in_the_stock_qualify():
    withdrawn = building_with({D(2008, 1, 1): 6000}, withdrawn_on=D(2013, 5, 1))
    assert verdict(withdrawn, D(2013, 4, 30)) == D(2008, 1, 1)
    assert verdict(withdrawn, D(2013, 5, 1)) is None
    not_yet_completed = building_with({D(2008, 1, 1): 6000}, completed_on=D(2013, 5, 1))
    assert verdict(not_yet_completed, D(2013, 4, 30)) is None
    assert verdict(not_yet_completed, D(2013, 5, 1)) == D(2008, 1, 1)
    assert watchlist(on=D(2009, 1, 1), building_ids=[not_yet_completed.pk]) == []


def test_watchlist_lists_started_runs_soonest_first():
    later = building_with({D(2011, 6, 1): 6000})
    sooner = building_with({D(2010, 9, 1): 5900})
    flagged = building_with({D(2008, 1, 1): 6000})
    small = building_with({D(2011, 1, 1): 4000}, lettable=4000)
    low = building_with({D(2011, 1, 1): 1000})
    ids = [later.pk, sooner.pk, flagged.pk, small.pk, low.pk]
    entries = watchlist(on=D(2012, 1, 1), building_ids=ids)
    assert [(e.building_id, e.expected_flag_on) for e in entries] == [
        (sooner.pk, D(2013, 9, 1)),
        (later.pk, D(2014, 6, 1)),
    ]
    assert entries[0].vacant_area_m2 == 5900
    assert entries[0].lettable_floor_area_m2 == 6000


def test_scope_and_area_filters():
    here = MunicipalityFactory()
    there = MunicipalityFactory()
    in_here = building_with({D(2008, 1, 1): 6000}, municipality=here)
    in_there = building_with({D(2008, 1, 1): 6000}, municipality=there)
    on = D(2012, 1, 1)

    def ids(**kwargs):
        return {row.building_id for row in structurally_vacant_buildings(on=on, **kwargs)}

    assert {in_here.pk, in_there.pk} <= ids()
    assert ids(area=area_for("municipality", here.code)) == {in_here.pk}
    assert ids(scope=Scope(municipality_codes=frozenset({there.code}))) == {in_there.pk}
    assert ids(scope=Scope()) == set()
    assert {in_here.pk, in_there.pk} <= ids(scope=Scope(national=True))
    assert (
        ids(
            scope=Scope(municipality_codes=frozenset({there.code})),
            area=area_for("municipality", here.code),
        )
        == set()
    )
    soon = building_with({D(2011, 1, 1): 6000}, municipality=here)
    building_with({D(2011, 1, 1): 6000}, municipality=there)
    assert [e.building_id for e in watchlist(on=on, area=area_for("municipality", here.code))] == [
        soon.pk
    ]


def _query_count(on):
    with CaptureQueriesContext(connection) as context:
        structurally_vacant_buildings(on=on)
        watchlist(on=on)
    return len(context.captured_queries)


def test_query_count_does_not_grow_with_the_number_of_buildings():
    for _ in range(3):
        building_with({D(2008, 1, 1): 6000, D(2010, 1, 1): 5500})
    few = _query_count(D(2012, 1, 1))
    for _ in range(27):
        building_with({D(2008, 1, 1): 6000, D(2010, 1, 1): 5500})
    assert len(structurally_vacant_buildings(on=D(2012, 1, 1))) >= 30
    assert _query_count(D(2012, 1, 1)) == few == 2


def test_watchlist_count_counts_what_the_watchlist_lists():
    here = MunicipalityFactory()
    for year in (2010, 2011):
        building_with({D(year, 1, 1): 6000}, municipality=here)
    building_with({D(2008, 1, 1): 6000}, municipality=here)  # flagged: not on the watchlist
    building_with({D(2011, 1, 1): 6000})  # elsewhere
    on, area = D(2012, 1, 1), area_for("municipality", here.code)
    assert watchlist_count(on=on, area=area) == len(watchlist(on=on, area=area)) == 2
    assert watchlist_count(on=on) == len(watchlist(on=on))


def test_an_area_page_counts_its_watchlist_without_fetching_it():
    from dashboard.selectors import area_overview

    here = MunicipalityFactory()
    for year in (2010, 2011):
        building_with({D(year, 1, 1): 6000}, municipality=here)
    with CaptureQueriesContext(connection) as context:
        overview = area_overview(area=area_for("municipality", here.code), on=D(2012, 1, 1))
    assert overview.watchlist_count == 2
    rows_fetched = [q["sql"] for q in context.captured_queries if "ORDER BY b.id" in q["sql"]]
    assert not rows_fetched, "area_overview builds the whole watchlist only to count it"
