"""The share of the stock on GO and the label-C duty figures of the statistics
(buildings.selectors.statistics, buildings.selectors.statistics_label_duty)."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from buildings.models import Building
from buildings.selectors.statistics import (
    _snapshots,
    area_vacancy_series,
    area_vacancy_snapshot,
)
from buildings.selectors.statistics_label_duty import LabelDutyFigures
from regions.models import Municipality
from regions.selectors import area_for
from tests.buildings.factories import BuildingFactory, EnergyLabelFactory, UnitFactory
from tests.regions.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def office(building, *, area=1000, label="C", **label_fields):
    unit = UnitFactory(building=building, area_m2=area)
    if label:
        EnergyLabelFactory(unit_bag_id=unit.bag_id, energy_class=label, **label_fields)
    return unit


@pytest.fixture
def town():
    """A municipality with a building of each duty status on 2026-12-01, one withdrawn and one
    completed later (neither in the stock then), and labels that change in 2024 and 2025."""
    municipality = MunicipalityFactory()

    def building(lettable, **fields):
        return BuildingFactory(municipality=municipality, lettable_floor_area_m2=lettable, **fields)

    compliant = building(6000)
    office(compliant, label="B")
    office(compliant, label="A")
    non_compliant = building(3000, area_basis="GO", bag_office_area_m2=3000)
    office(non_compliant, label="C")
    # Recorded on 2024-05-01: compliant before, non-compliant after.
    office(non_compliant, label="E", recorded_on=D(2024, 5, 1))
    unknown = building(2000, area_basis="GO", bag_office_area_m2=2000)
    # Valid until the end of 2025: compliant until then, unknown after.
    office(unknown, label="A", valid_until=D(2025, 12, 31))
    building(50, energy_label="G")  # no units, too small: exempt
    building(800, energy_label=None)  # no units, no label: unknown
    withdrawn = building(4000, withdrawn_on=D(2022, 1, 1))
    office(withdrawn, label="G")
    later = building(5000, completed_on=D(2030, 1, 1), area_basis="GO")
    office(later, label="G")
    return area_for("municipality", municipality.code)


def counted(area, on):
    """The figures counted building by building through Building.objects.with_label_duty."""
    buildings = Building.objects.in_area(municipality_code=area.code).in_stock(on=on)
    rows = buildings.with_label_duty(on=on).values_list("label_c_duty", "lettable_floor_area_m2")
    numbers, m2 = Counter(), Counter()
    for status, lettable in rows:
        numbers[status] += 1
        m2[status] += lettable
    return {
        status: LabelDutyFigures(buildings=numbers[status], office_m2=m2[status])
        for status in ("exempt", "compliant", "non_compliant", "unknown")
    }


def test_snapshot_counts_per_status_equal_the_rule_per_building(town):
    on = D(2026, 12, 1)
    snapshot = area_vacancy_snapshot(area=town, on=on)
    assert snapshot.label_c_duty == counted(town, on)
    assert snapshot.label_c_duty == {
        "exempt": LabelDutyFigures(buildings=1, office_m2=50),
        "compliant": LabelDutyFigures(buildings=1, office_m2=6000),
        "non_compliant": LabelDutyFigures(buildings=1, office_m2=3000),
        "unknown": LabelDutyFigures(buildings=2, office_m2=2800),
    }
    assert snapshot.buildings_in_stock == 5


def test_no_duty_figures_before_2023(town):
    assert area_vacancy_snapshot(area=town, on=D(2022, 12, 31)).label_c_duty is None
    first = area_vacancy_snapshot(area=town, on=D(2023, 1, 1)).label_c_duty
    assert first is not None and first == counted(town, D(2023, 1, 1))


def test_go_stock_percentage_is_the_share_of_stock_m2_on_go(town):
    # In the stock: 6000 + 50 + 800 on VVO and 3000 + 2000 on GO (the GO building completed
    # in 2030 is not in it yet).
    snapshot = area_vacancy_snapshot(area=town, on=D(2026, 12, 1))
    assert (snapshot.stock_m2, snapshot.go_stock_m2) == (11850, 5000)
    assert snapshot.go_stock_percentage == Decimal("42.2")
    assert area_vacancy_snapshot(area=town, on=D(2030, 1, 1)).go_stock_percentage == Decimal("59.3")


def test_an_empty_area_has_no_go_share_and_zero_duty_figures():
    empty = area_for("municipality", MunicipalityFactory().code)
    snapshot = area_vacancy_snapshot(area=empty, on=D(2026, 12, 1))
    assert snapshot.go_stock_percentage is None and snapshot.vacancy_percentage is None
    assert snapshot.label_c_duty == {
        status: LabelDutyFigures(buildings=0, office_m2=0)
        for status in ("exempt", "compliant", "non_compliant", "unknown")
    }


def test_series_with_duty_equals_the_rule_on_every_date(town):
    # 2022-06-30 .. 2027-12-31: 23 quarter ends, through the pass over all dates at once.
    series = area_vacancy_series(
        area=town, start=D(2022, 4, 1), end=D(2027, 12, 31), label_duty=True
    )
    assert len(series) == 23
    for snapshot in series:
        if snapshot.date < D(2023, 1, 1):
            assert snapshot.label_c_duty is None
        else:
            assert snapshot.label_c_duty == counted(town, snapshot.date), snapshot.date
    by_date = {snapshot.date: snapshot.label_c_duty for snapshot in series}
    assert by_date[D(2024, 3, 31)]["non_compliant"].buildings == 0
    assert by_date[D(2024, 6, 30)]["non_compliant"].buildings == 1
    assert by_date[D(2025, 12, 31)]["unknown"].buildings == 1
    assert by_date[D(2026, 3, 31)]["unknown"].buildings == 2


def test_both_paths_give_the_same_duty_figures(town):
    days = [D(2022, 12, 31), D(2024, 4, 30), D(2024, 5, 1), D(2025, 12, 31), D(2026, 1, 1)]
    together = _snapshots(area=town, dates=days, label_duty=True)  # more than 4: one pass
    for day in days:
        alone = _snapshots(area=town, dates=[day], label_duty=True)[day]
        assert together[day] == alone, day


def test_a_series_without_duty_leaves_it_out_and_keeps_the_go_share(town):
    series = area_vacancy_series(area=town, start=D(2026, 1, 1), end=D(2026, 12, 31))
    assert all(snapshot.label_c_duty is None for snapshot in series)
    assert series[-1].go_stock_percentage == Decimal("42.2")


def test_query_counts_do_not_grow_with_buildings(town, django_assert_num_queries):
    municipality = Municipality.objects.get(code=town.code)
    with django_assert_num_queries(1):
        area_vacancy_snapshot(area=town, on=D(2026, 12, 1))
    with django_assert_num_queries(2):
        area_vacancy_series(area=town, start=D(2020, 1, 1), end=D(2026, 12, 31), label_duty=True)
    for _ in range(10):
        extra = BuildingFactory(municipality=municipality)
        office(extra, label="D")
    with django_assert_num_queries(1):
        area_vacancy_snapshot(area=town, on=D(2026, 12, 1))
    with django_assert_num_queries(2):
        area_vacancy_series(area=town, start=D(2020, 1, 1), end=D(2026, 12, 31), label_duty=True)
