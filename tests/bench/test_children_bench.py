"""The child tables' benchmark (bench.children) compares like with like: the tables' SQL run
directly plus their template rendered from the prepared tables give the same HTML as the tables
computed as the page computes them, and rendering runs no query."""

import pytest

from bench import children
from bench.dashboard import dashboard_officers
from dashboard.selectors import area_page
from kantorentop.accounts.scopes import scope_for_user
from tests.buildings.explore_data import explore_dataset


@pytest.fixture
def tiny_dataset(db):
    return explore_dataset()


def test_each_child_table_equals_its_floor(tiny_dataset):
    outcomes = children.children_outcomes(rounds=1, log=lambda message: None)
    assert len(outcomes) == len(children.CASES) == 2
    for outcome in outcomes:
        assert outcome.goal == 1.3
        assert len(outcome.ratios) == 1
        assert "equal to the floor's in every round" in outcome.notes[0]


def test_the_floor_holds_the_grouped_query_and_the_names(tiny_dataset):
    with dashboard_officers() as officers:
        scope = scope_for_user(officers["provincial"])
        prepared = children.tables_prepare(
            page=area_page(kind="province", code=children.PROVINCE), scope=scope
        )
    # The data version (the kept rows' key, then the figures' cache key), the figures, the
    # regions, which regions reach beyond the officer's province (their figures do not link),
    # the municipalities.
    assert len(prepared.statements) == 6
    assert all("dashboard_datachange" in sql for sql in prepared.statements[:2])
    assert "GROUPING SETS" in prepared.statements[2]
    assert 'id="children-municipality"' in prepared.html
    # The provincial officer sees every building of the province: every figure is a link.
    assert "figure=structural" in prepared.html
