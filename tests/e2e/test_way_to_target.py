"""In the browser (issue 14, items 5 and 6): a provincial officer reads the way to the target on
an area page; every chart has a table with the same figures, the trend's rate and coverage have
their own axes and the covenant marker's label stays inside the canvas; axe-core finds no serious
violation. Screenshots at 1280 and 390 px (test-artifacts/screenshots/way-*.png)."""

import re

import pytest
from playwright.sync_api import expect

from regions.models import Municipality, RegionalVision
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.buildings.explore_data import explore_dataset
from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AREA = "/gemeenten/GM0344?datum=31-03-2025"

# Per chart on the page: its labels and datasets as Chart.js holds them, and its table.
CHARTS_AND_TABLES = """() => Array.from(document.querySelectorAll("canvas")).map((canvas) => {
  const chart = Chart.getChart(canvas);
  const table = canvas.dataset.table ? document.getElementById(canvas.dataset.table) : null;
  return {
    id: canvas.id,
    labels: chart ? chart.data.labels : null,
    datasets: chart ? chart.data.datasets.map((d) => ({label: d.label, data: d.data})) : null,
    headers: table ? Array.from(table.querySelectorAll("thead th"))
      .map((th) => th.textContent.trim()) : null,
    rows: table ? Array.from(table.querySelectorAll("tbody tr")).map((tr) =>
      Array.from(tr.children).map((cell) => cell.textContent.trim())) : null,
  };
})"""


def _number(text):
    """A Dutch figure of a table cell as a float (`1.234,5%` -> 1234.5), None for a dash."""
    text = text.removesuffix("%").removesuffix(" m2").strip()
    if text == "–":
        return None
    return float(text.replace(".", "").replace(",", "."))


def assert_tables_match_charts(page, *, expected_charts):
    charts = page.evaluate(CHARTS_AND_TABLES)
    assert sorted(chart["id"] for chart in charts) == sorted(expected_charts)
    for chart in charts:
        assert chart["datasets"], f"{chart['id']} was not drawn"
        assert chart["headers"], f"{chart['id']} has no table alternative"
        rows = chart["rows"]
        assert [row[0] for row in rows] == chart["labels"], chart["id"]
        for dataset in chart["datasets"]:
            column = chart["headers"].index(dataset["label"])
            shown = [_number(row[column]) for row in rows]
            drawn = [None if value is None else round(value, 1) for value in dataset["data"]]
            assert shown == drawn, (chart["id"], dataset["label"])


@pytest.fixture
def provincial_officer(dataset):
    explore_dataset()
    RegionalVision.objects.create(
        office_region=Municipality.objects.get(code="GM0344").office_region, target_year=2030
    )
    organisation = OrganisationFactory(
        name="Provincie Utrecht", kind="province", province=dataset.utrecht.province
    )
    return MembershipFactory(
        user=UserFactory(username="provincie.utrecht"),
        organisation=organisation,
        role="provincial_officer",
    ).user


def _charts_screenshot(page, name):
    for section in ("trend", "way"):
        page.locator(f"section:has(#{section}-heading)").screenshot(
            path=SCREENSHOTS / f"way-{name}-{section}.png"
        )


def _both_widths(e2e, name):
    page = e2e.page
    e2e.screenshot(f"way-{name}")
    _charts_screenshot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("() => document.documentElement.scrollWidth <= 390", timeout=5000)
    e2e.screenshot(f"way-{name}-390")
    _charts_screenshot(page, f"{name}-390")
    marker = page.evaluate(
        """() => { const c = Chart.getChart(document.getElementById("trend-chart"));
                   return {marker: c.$ktMarker, width: c.width}; }"""
    )
    assert 0 <= marker["marker"]["left"] <= marker["marker"]["right"] <= marker["width"]
    assert marker["marker"]["top"] >= 0
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_way_to_the_target_and_readable_charts(e2e, provincial_officer):
    page = e2e.page
    e2e.sign_in("provincie.utrecht")
    e2e.goto(AREA)
    way = page.locator("#way-to-target")
    expect(way.get_by_role("heading", level=2)).to_have_text("De weg naar 5,0%")
    expect(page.locator("#way-target")).to_have_text("5,0%")
    expect(page.locator("#way-m2")).to_have_text(re.compile(r"^[\d.]+ m2$"))
    expect(page.locator("#way-per-year")).to_contain_text("over 5 jaar tot het doeljaar 2030")
    expect(page.locator("#way-trend")).to_contain_text("per jaar")
    expect(page.locator("#way-table tbody tr")).to_have_count(6)
    # The rate reads on its own axis, the coverage on a second one.
    axes = page.evaluate(
        """() => { const c = Chart.getChart(document.getElementById("trend-chart"));
                   return [Object.keys(c.options.scales).sort(),
                           c.data.datasets.map((d) => d.yAxisID)]; }"""
    )
    assert axes == [["coverage", "x", "y"], ["y", "coverage", "y"]]
    assert_tables_match_charts(page, expected_charts=["trend-chart", "way-chart"])
    _both_widths(e2e, "municipality")

    e2e.goto("/provincies/PV26?datum=31-03-2025")
    # An area of several regions: 5% and ten years.
    expect(page.locator("#way-per-year")).to_contain_text("over 10 jaar")
    assert_tables_match_charts(page, expected_charts=["trend-chart", "way-chart"])

    building = page.locator("#buildings-table tbody tr").first.locator("a").first
    building.click()
    page.wait_for_load_state("networkidle")
    assert_tables_match_charts(page, expected_charts=["timeline-chart"])

    e2e.goto("/vergelijk?gebied=GM0344&gebied=GM0307&gebied=PV26&datum=31-03-2025")
    assert_tables_match_charts(page, expected_charts=["compare-chart"])

    for path in (AREA, "/provincies/PV26?datum=31-03-2025"):
        assert e2e.axe(path, username="provincie.utrecht") == [], path
