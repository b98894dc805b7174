"""The map's figures per municipality (buildings.selectors.map_figures) equal each
municipality's own snapshot, computed one area at a time by the statistics, on several dates;
they come from one query and name every municipality."""

import datetime

import pytest

from buildings.models import AreaBasis, Building
from buildings.selectors.figures import figure_buildings_sql
from buildings.selectors.map_figures import municipality_map_figures
from buildings.selectors.statistics import area_vacancy_snapshot, percentage
from regions.models import Municipality
from regions.selectors import area_for
from tests.buildings.explore_data import CODES, DATES, explore_dataset

ON_DATES = (*DATES, datetime.date(2026, 6, 30))


@pytest.fixture
def dataset(db):
    data = explore_dataset()
    # Labels and a building on GO, so the label-C and GO layers have something to count.
    buildings = list(Building.objects.filter(municipality__code__in=("GM0344", "GM0363")))
    for index, building in enumerate(buildings):
        building.energy_label = ("E", "A", None)[index % 3]
        if index % 4 == 0:
            building.area_basis = AreaBasis.GO
        building.save()
    return data


def _structural_m2(code: str, on: datetime.date) -> int:
    sql, params = figure_buildings_sql(
        figure="structural", on=on, area=area_for("municipality", code)
    )
    ids = Building.objects.raw(sql, params)
    return sum(
        Building.objects.filter(id__in=[row.id for row in ids]).values_list(
            "lettable_floor_area_m2", flat=True
        )
    )


@pytest.mark.parametrize("on", ON_DATES)
def test_each_municipalitys_map_figures_equal_its_statistics(dataset, on):
    figures = {f.code: f for f in municipality_map_figures(on=on)}
    for code in CODES:
        snapshot = area_vacancy_snapshot(area=area_for("municipality", code), on=on)
        got = figures[code]
        known = snapshot.known_m2 > 0
        assert got.stock_m2 == snapshot.stock_m2, (code, on)
        assert got.vacancy_percentage == (snapshot.vacancy_percentage if known else None)
        assert got.structurally_vacant == (snapshot.structurally_vacant if known else None)
        expected_structural = percentage(_structural_m2(code, on), snapshot.stock_m2)
        assert got.structural_percentage == (expected_structural if known else None)
        assert got.go_percentage == snapshot.go_stock_percentage, (code, on)
        if snapshot.label_c_duty is None:
            assert got.non_compliant_percentage is None
        else:
            bad = snapshot.label_c_duty["non_compliant"].office_m2
            assert got.non_compliant_percentage == percentage(bad, snapshot.stock_m2)
    assert any(figures[code].go_percentage for code in CODES)
    if on.year >= 2023:
        assert any(figures[code].non_compliant_percentage for code in CODES)


def test_every_municipality_in_one_query(dataset, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = municipality_map_figures(on=datetime.date(2025, 3, 31))
    codes = [f.code for f in figures]
    assert codes == sorted(
        Municipality.objects.filter(dissolved_on__isnull=True).values_list("code", flat=True)
    )
    assert len(codes) == 342
    empty = next(f for f in figures if f.code not in CODES)
    assert empty.stock_m2 == 0
    assert empty.vacancy_percentage is None
