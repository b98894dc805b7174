"""The grouped figures of child areas (buildings.selectors.figures) equal each child's own
snapshot, watchlist and stock changes, computed one area at a time by the statistics' selectors,
on several dates; and the buildings behind a figure are exactly those it counts."""

import datetime

import pytest
from django.db import connection

from buildings.selectors.figures import (
    FIGURES,
    AreaFigures,
    area_children_figures,
    figure_buildings_sql,
)
from buildings.selectors.statistics import area_stock_changes, area_vacancy_snapshot
from buildings.selectors.structural_vacancy import structurally_vacant_buildings, watchlist
from regions.models import DesignatedArea, Municipality, OfficeRegion, Province
from regions.selectors import NATION, Area, area_for
from tests.buildings.explore_data import DATES, explore_dataset

SINCE = datetime.date(2012, 6, 27)


@pytest.fixture
def dataset(db):
    return explore_dataset()


def _expected(area: Area, on: datetime.date) -> AreaFigures:
    snapshot = area_vacancy_snapshot(area=area, on=on)
    changes = area_stock_changes(area=area, start=SINCE, end=on)
    return AreaFigures(
        stock_m2=snapshot.stock_m2,
        vacant_m2=snapshot.vacant_m2,
        known_m2=snapshot.known_m2,
        buildings_in_stock=snapshot.buildings_in_stock,
        fully_vacant=snapshot.fully_vacant,
        partly_vacant=snapshot.partly_vacant,
        structurally_vacant=snapshot.structurally_vacant,
        watchlist=len(watchlist(on=on, area=area)),
        stale_buildings=snapshot.stale_buildings,
        withdrawn_m2=changes.withdrawn_m2 if on >= SINCE else 0,
    )


def _child_area(kind: str, pk: int) -> Area:
    if kind == "province":
        return area_for("province", Province.objects.get(pk=pk).code)
    if kind == "officeRegion":
        return area_for("officeRegion", OfficeRegion.objects.get(pk=pk).slug)
    if kind == "municipality":
        return area_for("municipality", Municipality.objects.get(pk=pk).code)
    return area_for("designatedArea", str(DesignatedArea.objects.get(pk=pk).pk))


PARENTS = [
    (NATION, ("province", "officeRegion")),
    (Area("province", "PV26", "Utrecht"), ("officeRegion", "municipality")),
    (Area("officeRegion", "amersfoort", "Amersfoort"), ("municipality",)),
    (Area("municipality", "GM0344", "Utrecht"), ("designatedArea",)),
]


@pytest.mark.parametrize("on", DATES)
@pytest.mark.parametrize(("parent", "kinds"), PARENTS, ids=lambda p: getattr(p, "code", None))
def test_each_childs_figures_equal_its_own_statistics(dataset, parent, kinds, on):
    figures = area_children_figures(parent=parent, kinds=kinds, on=on, since=SINCE)
    assert set(figures) == set(kinds)
    for kind in kinds:
        assert figures[kind], f"no {kind} under {parent.code} on {on}"
        for pk, got in figures[kind].items():
            child = _child_area(kind, pk)
            if parent.kind != "nation" and kind == "officeRegion":
                # A region's part within the province: its buildings in both.
                assert got == _expected_within(child, parent, on), (kind, child.code, on)
                if child.code == "amersfoort":  # Nijkerk, in Gelderland, is left out
                    assert got.buildings_in_stock < _expected(child, on).buildings_in_stock
                continue
            assert got == _expected(child, on), (kind, child.code, on)


def _expected_within(region: Area, province: Area, on: datetime.date) -> AreaFigures:
    """The figures of a region's part within a province: the sum of its municipalities there
    (every figure adds up over disjoint sets of buildings)."""
    codes = Municipality.objects.filter(
        office_region__slug=region.code, province__code=province.code
    ).values_list("code", flat=True)
    parts = [_expected(area_for("municipality", code), on) for code in codes]
    return AreaFigures(
        *(sum(getattr(part, field) for part in parts) for field in AreaFigures.__dataclass_fields__)
    )


def test_the_figures_are_one_query_whatever_the_number_of_children(dataset):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        figures = area_children_figures(
            parent=NATION, kinds=("province", "officeRegion"), on=DATES[-1], since=SINCE
        )
    assert len(queries) == 1
    # Gelderland, Utrecht and Noord-Holland have buildings, in four office regions.
    assert len(figures["province"]) == 3
    assert len(figures["officeRegion"]) == 4


def test_a_child_kind_outside_every_child_counts_for_none(dataset):
    utrecht = Area("municipality", "GM0344", "Utrecht")
    figures = area_children_figures(parent=utrecht, kinds=("designatedArea",), on=DATES[-1])
    total = area_vacancy_snapshot(area=utrecht, on=DATES[-1]).buildings_in_stock
    listed = sum(f.buildings_in_stock for f in figures["designatedArea"].values())
    assert 0 < listed < total
    # Without `since`, nothing is counted as withdrawn.
    assert all(f.withdrawn_m2 == 0 for f in figures["designatedArea"].values())


def _ids(figure: str, on: datetime.date, area: Area | None) -> set[int]:
    sql, params = figure_buildings_sql(figure=figure, on=on, since=SINCE, area=area)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize("on", DATES)
def test_the_buildings_behind_a_figure_are_those_it_counts(dataset, on):
    area = Area("province", "PV27", "Noord-Holland")
    expected = _expected(area, on)
    counts = {figure: len(_ids(figure, on, area)) for figure in FIGURES}
    assert counts["stock"] == expected.buildings_in_stock
    assert counts["fully"] == expected.fully_vacant
    assert counts["partly"] == expected.partly_vacant
    assert counts["structural"] == expected.structurally_vacant
    assert counts["watchlist"] == expected.watchlist
    assert counts["stale"] == expected.stale_buildings
    assert counts["vacant"] == expected.fully_vacant + expected.partly_vacant
    structural = {s.building_id for s in structurally_vacant_buildings(on=on, area=area)}
    assert _ids("structural", on, area) == structural
    watched = {w.building_id for w in watchlist(on=on, area=area)}
    assert _ids("watchlist", on, area) == watched


def test_every_figure_has_buildings_somewhere(dataset):
    """The dataset is rich enough: each figure counts a building on some date (else the
    equalities above could hold by emptiness)."""
    for figure in FIGURES:
        assert any(_ids(figure, on, None) for on in DATES), figure


def test_an_unknown_figure_or_kind_is_refused():
    with pytest.raises(ValueError):
        figure_buildings_sql(figure="everything", on=DATES[0])
    with pytest.raises(ValueError):
        area_children_figures(parent=NATION, kinds=("street",), on=DATES[0])  # type: ignore[arg-type]
