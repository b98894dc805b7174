import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buildings.selectors.statistics import (
    area_stock_changes,
    area_vacancy_series,
    area_vacancy_snapshot,
    percentage,
    quarter_ends,
)
from buildings.selectors.structural_vacancy import structurally_vacant_buildings
from regions.selectors import NATION, area_for
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory
from tests.regions.factories import (
    DesignatedAreaFactory,
    MunicipalityFactory,
    OfficeRegionFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def building_with(records, *, lettable=6000, **kwargs):
    building = BuildingFactory(lettable_floor_area_m2=lettable, **kwargs)
    for observed_on, vacant in records.items():
        VacancyRecordFactory(building=building, observed_on=observed_on, vacant_area_m2=vacant)
    return building


@pytest.fixture
def town():
    """A test municipality with three buildings: one fully vacant from 2013, one partly vacant,
    one without records."""
    municipality = MunicipalityFactory()
    building_with(
        {D(2012, 1, 1): 2000, D(2013, 1, 1): 10000}, lettable=10000, municipality=municipality
    )
    building_with({D(2012, 6, 1): 3000}, lettable=6000, municipality=municipality)
    BuildingFactory(lettable_floor_area_m2=4000, municipality=municipality)
    return area_for("municipality", municipality.code)


def test_a_record_holds_until_the_next_and_unknown_counts_as_zero(town):
    snapshot = area_vacancy_snapshot(area=town, on=D(2012, 12, 31))
    assert snapshot.area == town
    assert snapshot.date == D(2012, 12, 31)
    assert snapshot.stock_m2 == 20000
    assert snapshot.buildings_in_stock == 3
    assert snapshot.vacant_m2 == 5000  # 2000 carried from 1 January, 3000 from 1 June
    assert snapshot.known_m2 == 16000
    assert snapshot.vacancy_percentage == Decimal("25.0")
    assert snapshot.coverage_percentage == Decimal("80.0")
    assert (snapshot.fully_vacant, snapshot.partly_vacant) == (0, 2)
    assert snapshot.added_m2 is None and snapshot.withdrawn_m2 is None


def test_the_next_record_takes_over_on_its_date(town):
    snapshot = area_vacancy_snapshot(area=town, on=D(2013, 1, 1))
    assert snapshot.vacant_m2 == 13000
    assert snapshot.vacancy_percentage == Decimal("65.0")
    assert (snapshot.fully_vacant, snapshot.partly_vacant) == (1, 1)


def test_records_after_the_date_are_ignored(town):
    snapshot = area_vacancy_snapshot(area=town, on=D(2012, 5, 31))
    assert snapshot.vacant_m2 == 2000
    assert snapshot.known_m2 == 10000
    assert snapshot.coverage_percentage == Decimal("50.0")
    before_all = area_vacancy_snapshot(area=town, on=D(2011, 12, 31))
    assert (before_all.vacant_m2, before_all.known_m2) == (0, 0)
    assert before_all.vacancy_percentage == Decimal("0.0")
    assert before_all.coverage_percentage == Decimal("0.0")
    assert before_all.stale_buildings == 0


def test_stale_data_is_a_latest_record_older_than_twelve_months(town):
    # The partly vacant building's only record is of 2012-06-01; the other's latest 2013-01-01.
    assert area_vacancy_snapshot(area=town, on=D(2013, 6, 1)).stale_buildings == 0
    assert area_vacancy_snapshot(area=town, on=D(2013, 6, 2)).stale_buildings == 1
    assert area_vacancy_snapshot(area=town, on=D(2014, 1, 2)).stale_buildings == 2


def test_stale_boundary_on_29_february():
    municipality = MunicipalityFactory()
    building_with({D(2015, 2, 28): 100}, municipality=municipality)
    area = area_for("municipality", municipality.code)
    # 2016-02-29 minus 12 months is 2015-02-28: a record of that day is not stale yet.
    assert area_vacancy_snapshot(area=area, on=D(2016, 2, 29)).stale_buildings == 0
    assert area_vacancy_snapshot(area=area, on=D(2016, 3, 1)).stale_buildings == 1


def test_an_empty_area_has_no_rate():
    area = area_for("municipality", MunicipalityFactory().code)
    snapshot = area_vacancy_snapshot(area=area, on=D(2012, 1, 1))
    assert (snapshot.stock_m2, snapshot.buildings_in_stock) == (0, 0)
    assert snapshot.vacancy_percentage is None
    assert snapshot.coverage_percentage is None


def test_percentages_have_one_decimal_rounded_half_up():
    assert percentage(1, 3) == Decimal("33.3")
    assert percentage(2, 3) == Decimal("66.7")
    assert percentage(1, 16) == Decimal("6.3")
    assert percentage(0, 0) is None


def test_a_building_enters_the_stock_on_completion_and_leaves_on_withdrawal():
    municipality = MunicipalityFactory()
    building_with(
        {D(2012, 1, 1): 5000},
        lettable=5000,
        municipality=municipality,
        completed_on=D(2013, 3, 1),
        withdrawn_on=D(2014, 9, 30),
    )
    area = area_for("municipality", municipality.code)

    def stock(on):
        snapshot = area_vacancy_snapshot(area=area, on=on)
        return snapshot.stock_m2, snapshot.vacant_m2, snapshot.buildings_in_stock

    assert stock(D(2013, 2, 28)) == (0, 0, 0)
    assert stock(D(2013, 3, 1)) == (5000, 5000, 1)
    assert stock(D(2014, 9, 29)) == (5000, 5000, 1)
    assert stock(D(2014, 9, 30)) == (0, 0, 0)
    changes = area_stock_changes(area=area, start=D(2013, 1, 1), end=D(2013, 12, 31))
    assert (changes.added_m2, changes.withdrawn_m2) == (5000, 0)
    changes = area_stock_changes(area=area, start=D(2013, 3, 2), end=D(2014, 9, 30))
    assert (changes.added_m2, changes.withdrawn_m2) == (0, 5000)
    changes = area_stock_changes(area=area, start=D(2013, 3, 1), end=D(2014, 9, 29))
    assert (changes.added_m2, changes.withdrawn_m2) == (5000, 0)


def test_structurally_vacant_follows_the_rule_on_the_date():
    municipality = MunicipalityFactory()
    building_with({D(2008, 1, 1): 6000}, municipality=municipality)
    building_with({D(2008, 1, 1): 4800}, municipality=municipality)  # exactly 80%
    building_with({D(2008, 1, 1): 4999}, lettable=4999, municipality=municipality)
    building_with({D(2008, 1, 1): 6000, D(2010, 1, 1): 0}, municipality=municipality)
    building_with({D(2010, 6, 1): 6000}, municipality=municipality)
    area = area_for("municipality", municipality.code)
    assert area_vacancy_snapshot(area=area, on=D(2010, 12, 31)).structurally_vacant == 0
    assert area_vacancy_snapshot(area=area, on=D(2011, 1, 1)).structurally_vacant == 1
    assert area_vacancy_snapshot(area=area, on=D(2013, 5, 31)).structurally_vacant == 1
    assert area_vacancy_snapshot(area=area, on=D(2013, 6, 1)).structurally_vacant == 2
    for on in (D(2009, 12, 31), D(2011, 1, 1), D(2013, 6, 1)):
        assert area_vacancy_snapshot(area=area, on=on).structurally_vacant == len(
            structurally_vacant_buildings(on=on, area=area)
        )


def test_quarter_ends():
    assert quarter_ends(D(2012, 2, 15), D(2012, 12, 31)) == [
        D(2012, 3, 31),
        D(2012, 6, 30),
        D(2012, 9, 30),
        D(2012, 12, 31),
    ]
    assert quarter_ends(D(2012, 3, 31), D(2013, 3, 30)) == [
        D(2012, 3, 31),
        D(2012, 6, 30),
        D(2012, 9, 30),
        D(2012, 12, 31),
    ]
    assert quarter_ends(D(2012, 4, 1), D(2012, 6, 29)) == []
    assert quarter_ends(D(2011, 12, 31), D(2012, 1, 1)) == [D(2011, 12, 31)]


def test_series_has_a_snapshot_per_quarter_end_with_the_changes_of_the_quarter():
    municipality = MunicipalityFactory()
    building_with({D(2012, 2, 1): 1000}, lettable=8000, municipality=municipality)
    building_with(
        {D(2012, 5, 20): 2000},
        lettable=3000,
        municipality=municipality,
        completed_on=D(2012, 5, 15),
    )
    building_with(
        {D(2011, 1, 1): 7000},
        lettable=7000,
        municipality=municipality,
        withdrawn_on=D(2012, 7, 1),
    )
    area = area_for("municipality", municipality.code)
    series = area_vacancy_series(area=area, start=D(2012, 1, 1), end=D(2012, 12, 31))
    assert [s.date for s in series] == [
        D(2012, 3, 31),
        D(2012, 6, 30),
        D(2012, 9, 30),
        D(2012, 12, 31),
    ]
    assert [s.stock_m2 for s in series] == [15000, 18000, 11000, 11000]
    assert [s.vacant_m2 for s in series] == [8000, 10000, 3000, 3000]
    assert [s.added_m2 for s in series] == [0, 3000, 0, 0]
    assert [s.withdrawn_m2 for s in series] == [0, 0, 7000, 0]
    for snapshot in series:
        single = area_vacancy_snapshot(area=area, on=snapshot.date)
        assert snapshot.vacancy_percentage == single.vacancy_percentage
        assert snapshot.coverage_percentage == single.coverage_percentage
        assert snapshot.stale_buildings == single.stale_buildings
        assert snapshot.fully_vacant == single.fully_vacant
    assert area_vacancy_series(area=area, start=D(2012, 4, 1), end=D(2012, 6, 29)) == []


def test_area_kinds():
    utrecht = ProvinceFactory(code="PV26")
    holland = ProvinceFactory(code="PV27", name="Noord-Holland")
    region = OfficeRegionFactory()
    in_region = MunicipalityFactory(province=utrecht, office_region=region)
    outside_region = MunicipalityFactory(province=utrecht)
    elsewhere = MunicipalityFactory(province=holland)
    designated = DesignatedAreaFactory(municipality=in_region)
    building_with({D(2012, 1, 1): 1000}, lettable=10000, municipality=in_region)
    building_with(
        {D(2012, 1, 1): 500}, lettable=1000, municipality=in_region, designated_area=designated
    )
    building_with({D(2012, 1, 1): 200}, lettable=2000, municipality=outside_region)
    building_with({D(2012, 1, 1): 4000}, lettable=4000, municipality=elsewhere)
    on = D(2012, 12, 31)

    def stock_and_vacant(area):
        snapshot = area_vacancy_snapshot(area=area, on=on)
        return snapshot.stock_m2, snapshot.vacant_m2

    assert stock_and_vacant(area_for("municipality", in_region.code)) == (11000, 1500)
    assert stock_and_vacant(area_for("designatedArea", str(designated.pk))) == (1000, 500)
    assert stock_and_vacant(area_for("officeRegion", region.slug)) == (11000, 1500)
    assert stock_and_vacant(area_for("province", "PV26")) == (13000, 1700)
    assert stock_and_vacant(area_for("province", "PV27")) == (4000, 4000)
    assert stock_and_vacant(area_for("nation", "NL")) == (17000, 5700)
    assert stock_and_vacant(NATION) == (17000, 5700)


def _series_queries(area):
    with CaptureQueriesContext(connection) as context:
        series = area_vacancy_series(area=area, start=D(2010, 1, 1), end=D(2014, 12, 31))
    assert len(series) == 20
    return len(context.captured_queries)


def test_series_query_count_does_not_grow_with_buildings(django_assert_max_num_queries):
    municipality = MunicipalityFactory()
    area = area_for("municipality", municipality.code)

    def add(n):
        for i in range(n):
            building_with(
                {D(2010, 3, 1): 6000, D(2013, 1, 1): 100 * i},
                municipality=municipality,
                completed_on=D(2009, 1, 1),
                withdrawn_on=D(2014, 1, 1) if i % 3 == 0 else None,
            )

    add(3)
    few = _series_queries(area)
    add(27)
    with django_assert_max_num_queries(2):
        series = area_vacancy_series(area=area, start=D(2010, 1, 1), end=D(2014, 12, 31))
    assert series[0].buildings_in_stock == 30
    assert _series_queries(area) == few
    assert _series_queries(NATION) == few
