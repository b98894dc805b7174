"""The dashboard benchmark's floor (the page's captured SQL run directly plus its template rendered
from a prepared context) produces the same HTML as the page itself, and renders without a query,
so the ratio `python -m bench --only dashboard` reports compares like with like."""

import dataclasses
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import dashboard
from bench.harness import Mismatch
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory


@pytest.fixture
def tiny_dashboard_dataset(db):
    """A few buildings in Noord-Holland (and one in Utrecht) with records and a flag, so the
    tiles, the trend and the buildings table all have something to show."""
    haarlem = Municipality.objects.filter(province__code=dashboard.PROVINCE).order_by("code")[0]
    utrecht = Municipality.objects.get(code="GM0344")
    buildings = [
        BuildingFactory(municipality=haarlem, lettable_floor_area_m2=6000 + 100 * n)
        for n in range(4)
    ]
    BuildingFactory(municipality=utrecht)
    for n, building in enumerate(buildings):
        VacancyRecordFactory(
            building=building, observed_on=datetime.date(2011, 3, 31), vacant_area_m2=6000
        )
        VacancyRecordFactory(building=building, vacant_area_m2=1000 * n)
    FlagFactory(building=buildings[0])
    return buildings


def test_every_page_equals_its_floor(tiny_dashboard_dataset):
    outcomes = dashboard.dashboard_outcomes(rounds=1, log=lambda message: None)
    assert [len(outcome.ratios) for outcome in outcomes] == [1] * 2 * len(dashboard.PAGES)
    assert ["cold cache" in o.name for o in outcomes] == [True] * len(dashboard.PAGES) + [
        False
    ] * len(dashboard.PAGES)
    for outcome in outcomes:
        assert outcome.goal == (1.3 if "cold cache" in outcome.name else 1.15)
        assert "equal to the floor's in every round" in outcome.notes[0]


def test_a_warm_page_runs_fewer_statements_than_a_cold_one(tiny_dashboard_dataset):
    with dashboard.dashboard_officers() as officers:
        cold = dashboard.page_prepare(user=officers["national"], path="/")
        warm = dashboard.page_prepare(user=officers["national"], path="/", warm=True)
    # The quarterly series comes from the cache on a warm page; the HTML is the same.
    assert len(warm.statements) < len(cold.statements)
    dashboard.page_check(cold.html, warm.html)


def test_a_cold_round_computes_the_page_anew(tiny_dashboard_dataset, settings):
    # After a visit filled the cache and what the process keeps, a cold round finds neither:
    # it computes the quarterly series (the statement with width_bucket) again.
    settings.CACHES = dashboard.BENCH_CACHE
    with dashboard.dashboard_officers() as officers:
        client = dashboard._client_for(officers["national"])
        assert client.get("/").status_code == 200
        with CaptureQueriesContext(connection) as queries:
            dashboard.page_candidate(client=client, path="/")
    assert any("width_bucket" in query["sql"] for query in queries.captured_queries)


def test_the_prepared_page_holds_the_pages_sql_and_renders_it(tiny_dashboard_dataset):
    with dashboard.dashboard_officers() as officers:
        prepared = dashboard.page_prepare(
            user=officers["provincial"], path=f"/provincies/{dashboard.PROVINCE}"
        )
        # The table of the province's buildings is part of the page and of its SQL.
        assert any("buildings_building" in sql for sql in prepared.statements)
        assert tiny_dashboard_dataset[0].bag_id in prepared.html
        _, html = dashboard.page_floor(prepared=prepared)
        dashboard.page_check(prepared.html, html)


def test_the_check_notices_a_different_page(tiny_dashboard_dataset):
    with dashboard.dashboard_officers() as officers:
        prepared = dashboard.page_prepare(user=officers["national"], path="/")
        _, html = dashboard.page_floor(prepared=prepared)
        prepared.context["area"] = dataclasses.replace(prepared.context["area"], name="Elders")
        _, other = dashboard.page_floor(prepared=prepared)
    with pytest.raises(Mismatch):
        dashboard.page_check(html, other)


def test_only_the_per_request_tokens_are_ignored():
    page = '<input name="csrfmiddlewaretoken" value="abc"><script nonce="n1"></script>'
    same = '<input name="csrfmiddlewaretoken" value="xyz"><script nonce="n2"></script>'
    dashboard.page_check(dashboard.page_normalise(page), dashboard.page_normalise(same))
    with pytest.raises(Mismatch):
        dashboard.page_check(
            dashboard.page_normalise(page), dashboard.page_normalise(same + "<p>1</p>")
        )
