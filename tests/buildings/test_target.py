"""The way to the target, against hand-computed values (domain spec, "The way to the target")."""

import datetime
from decimal import Decimal

import pytest

from buildings.selectors.statistics import Snapshot
from buildings.selectors.target import (
    area_way_to_target,
    m2_to_target,
    trend_slope,
    way_to_target,
    years_left,
)
from regions.models import RegionalVision
from regions.selectors import NATION, TargetSetting, area_for, area_target_setting
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory
from tests.regions.factories import (
    DesignatedAreaFactory,
    MunicipalityFactory,
    OfficeRegionFactory,
)

D = datetime.date
FIVE = Decimal(5)
ON = D(2026, 6, 30)


def snap(day, *, stock, vacant, known=None):
    return Snapshot(
        area=NATION,
        date=day,
        stock_m2=stock,
        vacant_m2=vacant,
        known_m2=stock if known is None else known,
        vacancy_percentage=None,
        coverage_percentage=None,
        buildings_in_stock=1,
        fully_vacant=0,
        partly_vacant=0,
        stale_buildings=0,
        structurally_vacant=0,
    )


# The eight quarter ends up to ON, oldest first.
QUARTERS = [
    D(2024, 9, 30), D(2024, 12, 31), D(2025, 3, 31), D(2025, 6, 30),
    D(2025, 9, 30), D(2025, 12, 31), D(2026, 3, 31), D(2026, 6, 30),
]  # fmt: skip


@pytest.mark.parametrize(
    ("stock", "vacant", "percentage", "expected"),
    [
        # (15,000 * 100 - 5 * 100,000) / 95 = 10,526.3: (15,000 - 10,526) / (100,000 - 10,526)
        # is 5.0%.
        (100_000, 15_000, FIVE, 10_526),
        (20_000, 5_000, Decimal(10), 3_333),  # (500,000 - 200,000) / 90
        (3, 1, Decimal(20), 1),  # (100 - 60) / 80 = 0.5: half up
        (100_000, 5_000, FIVE, 0),  # exactly at the target
        (100_000, 4_000, FIVE, 0),  # below it
        (100_000, 0, Decimal(0), 0),
        (100_000, 100_000, Decimal(0), 100_000),  # a target of 0%: all vacancy must go
        (100_000, 100_000, Decimal(100), 0),  # nothing can exceed 100%
        (0, 0, FIVE, None),  # no stock
    ],
)
def test_m2_to_target(stock, vacant, percentage, expected):
    assert m2_to_target(stock_m2=stock, vacant_m2=vacant, percentage=percentage) == expected


@pytest.mark.parametrize(
    ("target_year", "expected"),
    [
        (None, (10, False)),
        (2030, (4, False)),
        (2027, (1, False)),
        (2026, (1, False)),  # this year: due within the year
        (2020, (1, True)),  # passed: due within the year, and said so
    ],
)
def test_years_left(target_year, expected):
    assert years_left(on=ON, target_year=target_year) == expected


def test_trend_slope_per_year_and_too_few_quarters():
    falling = [(i, Decimal(800 - 100 * i)) for i in range(8)]
    assert trend_slope(falling) == Decimal(-400)
    # A scatter around a line: points (0, 0), (1, 3), (2, 1), (3, 4): slope 1 per quarter.
    assert trend_slope([(0, Decimal(0)), (1, Decimal(3)), (2, Decimal(1)), (3, Decimal(4))]) == 4
    assert trend_slope(falling[:3]) is None


def test_the_way_with_a_target_year_and_a_falling_trend():
    # Stock 100,000 m2; vacancy falls by 950 m2 a quarter to 15,000: the excess falls by
    # 950 * 100 / 95 = 1,000 m2 a quarter, 4,000 a year. An older quarter far off the line is
    # not among the last eight and is ignored.
    quarters = [snap(D(2024, 6, 30), stock=100_000, vacant=90_000)] + [
        snap(day, stock=100_000, vacant=15_000 + 950 * (7 - i)) for i, day in enumerate(QUARTERS)
    ]
    way = way_to_target(snapshot=quarters[-1], setting=TargetSetting(FIVE, 2030), quarters=quarters)
    assert (way.years, way.target_year_passed, way.known) == (4, False, True)
    assert (way.m2_to_target, way.m2_per_year, way.trend_m2_per_year) == (10_526, 2_632, -4_000)
    assert [p.date for p in way.points] == [D(y, 6, 30) for y in range(2026, 2031)]
    # The path: 10,526 * (4 - k) / 4, half up.
    assert [p.path_m2 for p in way.points] == [10_526, 7_895, 5_263, 2_632, 0]
    # The trend: 10,526.3 - 4,000 k, never below 0.
    assert [p.trend_m2 for p in way.points] == [10_526, 6_526, 2_526, 0, 0]
    assert [p.gap_m2 for p in way.points] == [0, -1_369, -2_737, -2_632, 0]
    assert way.gap_at_end_m2 == 0
    assert way.end_date == D(2030, 6, 30)


def test_below_the_target_and_rising_without_a_target_year():
    # 3,100 of 100,000 m2 vacant: the excess is (310,000 - 500,000) / 95 = -2,000; it rises by
    # 95 * 100 / 95 = 100 m2 a quarter, 400 a year, and passes the target after five years.
    quarters = [
        snap(day, stock=100_000, vacant=3_100 - 95 * (7 - i)) for i, day in enumerate(QUARTERS)
    ]
    way = way_to_target(snapshot=quarters[-1], setting=TargetSetting(FIVE, None), quarters=quarters)
    assert (way.years, way.m2_to_target, way.m2_per_year, way.trend_m2_per_year) == (10, 0, 0, 400)
    assert [p.path_m2 for p in way.points] == [0] * 11
    assert [p.trend_m2 for p in way.points] == [0] * 6 + [400, 800, 1_200, 1_600, 2_000]
    assert way.gap_at_end_m2 == 2_000


def test_zero_stock():
    quarters = [snap(day, stock=0, vacant=0) for day in QUARTERS]
    way = way_to_target(snapshot=quarters[-1], setting=TargetSetting(FIVE, 2030), quarters=quarters)
    assert (way.m2_to_target, way.m2_per_year, way.trend_m2_per_year) == (None, None, None)
    assert way.points == ()
    assert way.gap_at_end_m2 is None


def test_unknown_vacancy_has_no_trend():
    # No record on any date: the amounts are computed from zero vacancy, but `known` says they
    # mean nothing, and quarters without known vacancy give no trend.
    quarters = [snap(day, stock=100_000, vacant=0, known=0) for day in QUARTERS]
    way = way_to_target(snapshot=quarters[-1], setting=TargetSetting(FIVE, 2030), quarters=quarters)
    assert way.known is False
    assert way.trend_m2_per_year is None
    assert {p.trend_m2 for p in way.points} == {None}
    # Three known quarters of eight are too few for a trend; four are enough.
    partly = [
        snap(day, stock=100_000, vacant=10_000, known=0 if i < 5 else 50_000)
        for i, day in enumerate(QUARTERS)
    ]
    assert (
        way_to_target(
            snapshot=partly[-1], setting=TargetSetting(FIVE, 2030), quarters=partly
        ).trend_m2_per_year
        is None
    )
    partly[4] = snap(QUARTERS[4], stock=100_000, vacant=10_000, known=1)
    assert (
        way_to_target(
            snapshot=partly[-1], setting=TargetSetting(FIVE, 2030), quarters=partly
        ).trend_m2_per_year
        == 0
    )


def test_target_year_passed():
    quarters = [snap(day, stock=100_000, vacant=15_000) for day in QUARTERS]
    way = way_to_target(snapshot=quarters[-1], setting=TargetSetting(FIVE, 2020), quarters=quarters)
    assert (way.years, way.target_year_passed) == (1, True)
    assert (way.m2_to_target, way.m2_per_year, way.trend_m2_per_year) == (10_526, 10_526, 0)
    assert [(p.date, p.path_m2, p.trend_m2) for p in way.points] == [
        (ON, 10_526, 10_526),
        (D(2027, 6, 30), 0, 10_526),
    ]
    assert way.gap_at_end_m2 == 10_526


@pytest.mark.django_db
def test_the_setting_of_each_kind_of_area():
    region = OfficeRegionFactory(frictional_vacancy_percentage=Decimal("7.5"))
    RegionalVision.objects.create(office_region=region, target_year=2030)
    inside = MunicipalityFactory(office_region=region)
    outside = MunicipalityFactory(office_region=None)
    designated = DesignatedAreaFactory(municipality=inside)
    region_setting = TargetSetting(Decimal("7.5"), 2030, of_region=True)
    default = TargetSetting(Decimal(5), None)
    expected = {
        ("officeRegion", region.slug): region_setting,
        ("municipality", inside.code): region_setting,
        ("designatedArea", str(designated.pk)): region_setting,
        ("municipality", outside.code): default,
        ("province", inside.province.code): default,
        ("nation", "NL"): default,
    }
    for (kind, code), setting in expected.items():
        assert area_target_setting(area=area_for(kind, code)) == setting, (kind, code)
    # A region without a vision has its rate and no year.
    bare = OfficeRegionFactory(frictional_vacancy_percentage=Decimal(6))
    assert area_target_setting(area=area_for("officeRegion", bare.slug)) == TargetSetting(
        Decimal(6), None, of_region=True
    )


@pytest.mark.django_db
def test_area_way_to_target_reads_the_data():
    region = OfficeRegionFactory(frictional_vacancy_percentage=Decimal(10))
    RegionalVision.objects.create(office_region=region, target_year=2028)
    municipality = MunicipalityFactory(office_region=region)
    building = BuildingFactory(municipality=municipality, lettable_floor_area_m2=20_000)
    BuildingFactory(municipality=municipality, lettable_floor_area_m2=10_000)
    # 6,000 of 30,000 m2 vacant at the first four of the eight quarter ends, 4,500 at the last
    # four: an excess of (600,000 - 300,000) / 90 = 3,333.3, then (450,000 - 300,000) / 90 =
    # 1,666.7 (today's m2 to the target, over the two years to 2028).
    VacancyRecordFactory(building=building, observed_on=D(2024, 9, 1), vacant_area_m2=6_000)
    VacancyRecordFactory(building=building, observed_on=D(2025, 9, 1), vacant_area_m2=4_500)
    way = area_way_to_target(area=area_for("municipality", municipality.code), on=ON)
    assert way.setting == TargetSetting(Decimal(10), 2028, of_region=True)
    assert (way.stock_m2, way.vacant_m2, way.known) == (30_000, 4_500, True)
    assert (way.years, way.m2_to_target, way.m2_per_year) == (2, 1_667, 834)
    # Least squares over x = 0..7: sum((x - 3.5)^2) = 42 and sum((x - 3.5)(y - mean y)) =
    # -8 * 1,666.7 = -13,333.3, so -317.46 a quarter, -1,269.8 a year.
    assert way.trend_m2_per_year == -1_270
    assert [p.trend_m2 for p in way.points] == [1_667, 397, 0]
