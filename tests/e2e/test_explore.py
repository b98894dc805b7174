"""In the browser (issue 14, item 8): drill from the nation to a municipality to a building,
sort a child table, compare three areas, follow a figure to the buildings behind it; axe-core
finds no serious violation on the new pages. Each page is photographed at desktop width and at
390 px (test-artifacts/screenshots/explore-*.png)."""

import re

import pytest
from playwright.sync_api import expect

from tests.buildings.explore_data import explore_dataset

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def explore(dataset):
    return explore_dataset()


def _both_widths(e2e, name):
    """A full-page screenshot at desktop width and at 390 px; the page does not scroll
    sideways at 390 px (wide tables scroll in their own container)."""
    page = e2e.page
    e2e.screenshot(f"explore-{name}")
    page.set_viewport_size({"width": 390, "height": 844})
    # Charts follow the new width after their resize observer has run. The predicate is
    # a function: an expression would be compiled in the page by eval, which the CSP
    # refuses whenever the first check fails.
    page.wait_for_function("() => document.documentElement.scrollWidth <= 390", timeout=5000)
    e2e.screenshot(f"explore-{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_officer_drills_from_the_nation_to_a_municipality_to_a_building(e2e, explore):
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    e2e.goto("/?datum=31-03-2025")
    provinces = page.locator("#children-province")
    expect(provinces.locator("tbody tr")).to_have_count(12)
    _both_widths(e2e, "nation")
    provinces.get_by_role("link", name="Utrecht", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(re.compile(r"/provincies/PV26\?datum=31-03-2025$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Provincie Utrecht")
    municipalities = page.locator("#children-municipality")
    # Sorting needs no script: the column heading is a link.
    municipalities.get_by_role("link", name="Voorraad (m2)").click()
    page.wait_for_load_state("networkidle")
    municipalities = page.locator("#children-municipality")
    expect(municipalities.locator("th[aria-sort='descending']")).to_have_text("Voorraad (m2)")
    first = municipalities.locator("tbody tr").first
    expect(first.locator("th")).to_contain_text("Utrecht")
    _both_widths(e2e, "province")
    first.get_by_role("link", name="Utrecht", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(re.compile(r"/gemeenten/GM0344\?datum=31-03-2025$"))
    expect(page.locator("#children-designatedArea tbody tr")).to_have_count(2)
    page.locator("#buildings-table tbody tr").first.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(re.compile(r"/gebouwen/\d{16}"))


def test_a_visitor_drills_from_the_nation_to_a_designated_area(e2e, explore):
    page = e2e.page
    e2e.goto("/")
    page.locator("#children-province").get_by_role("link", name="Noord-Holland").click()
    page.wait_for_load_state("networkidle")
    page.locator("#children-municipality").get_by_role("link", name="Amsterdam").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeente Amsterdam")
    e2e.goto("/gemeenten/GM0344")
    page.locator("#children-designatedArea").get_by_role("link", name="Stationsgebied").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aangewezen gebied Stationsgebied")
    # Aggregates only: no figure leads to buildings the visitor may not see.
    expect(page.locator("a[href*='figure=']")).to_have_count(0)
    _both_widths(e2e, "designated-area")


def test_compare_three_areas(e2e, explore):
    page = e2e.page
    e2e.goto("/gemeenten/GM0363?datum=31-12-2016")
    page.get_by_label("Vergelijk met…").fill("PV26")
    page.locator("#compare-control").get_by_role("button", name="Vergelijk").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#compare-table thead th")).to_have_count(3)
    page.get_by_label("Gebied toevoegen").fill("utrecht")
    page.locator("#compare-form").get_by_role("button", name="Vergelijk").click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(re.compile(r"gebied=GM0363&gebied=PV26&gebied=utrecht"))
    headers = page.locator("#compare-table thead th")
    expect(headers).to_have_count(4)
    expect(headers.nth(3)).to_have_text("Kantorenregio Utrecht")
    expect(page.locator("#compare-row-stock td").first).to_have_text(re.compile(r"^[\d.]+$"))
    # The chart is drawn (one line per area); its figures are in a table too.
    assert page.evaluate("Chart.getChart('compare-chart').data.datasets.length") == 3
    page.get_by_text("De cijfers van de grafiek als tabel").click()
    expect(page.locator("#compare-series-table tbody tr").last).to_contain_text("31-12-2016")
    with page.expect_download() as download:
        page.locator("#compare-csv").click()
    assert download.value.suggested_filename == "vergelijking-20161231.csv"
    _both_widths(e2e, "compare")
    # Untick one area: two remain.
    page.get_by_label("Kantorenregio Utrecht (utrecht)").uncheck()
    page.locator("#compare-form").get_by_role("button", name="Vergelijk").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#compare-table thead th")).to_have_count(3)


def test_a_wrong_area_is_a_message_on_the_page(e2e, explore):
    e2e.allow_console_error("400")
    e2e.goto("/vergelijk?gebied=GM0363&gebied=GM9999")
    expect(e2e.page.locator("#compare-errors")).to_contain_text("„GM9999”")


def test_follow_a_figure_to_its_buildings(e2e, explore):
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    e2e.goto("/gemeenten/GM0344?datum=31-03-2025")
    tile = page.locator("#tile-structural")
    figure = tile.locator(".kt-tile__value a")
    value = int(figure.inner_text().split()[0])
    assert value > 0
    figure.click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(re.compile(r"/gebouwen\?municipality=GM0344&figure=structural"))
    expect(page.locator("#figure-summary")).to_contain_text(f"{value} gebouw")
    expect(page.locator("#buildings-table tbody tr")).to_have_count(value)
    expect(page.locator("#filter-figure")).to_have_value("structural")
    _both_widths(e2e, "figure-table")
    # A cell of the child table leads to its buildings too.
    e2e.goto("/gemeenten/GM0344?datum=31-03-2025")
    cell = page.locator("#children-designatedArea tbody tr").first.locator("td a").first
    cell_value = int(cell.inner_text().replace(".", ""))
    cell.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#figure-summary")).to_contain_text(re.compile(r"[\d.]+ m2"))
    assert cell_value > 0


def test_no_serious_accessibility_violations_on_the_new_pages(e2e, explore):
    area = explore["designated"]["stationsgebied"].pk
    public = {
        "nation": "/",
        "province": "/provincies/PV27?sort=municipality:-vacancy",
        "designated-area": f"/gebieden/{area}",
        "compare": "/vergelijk?gebied=GM0363&gebied=PV27&gebied=utrecht&datum=31-12-2016",
        "compare-empty": "/vergelijk",
    }
    found = {name: e2e.axe(path) for name, path in public.items()}
    e2e.reset_axe()
    officer = {
        "municipality": "/gemeenten/GM0344?datum=31-03-2025",
        "figure-table": "/gebouwen?municipality=GM0344&figure=watchlist&datum=31-03-2025",
    }
    for name, path in officer.items():
        found[name] = e2e.axe(path, username="utrecht.ambtenaar")
    report = "\n".join(f"{name}: {v}" for name, v in found.items() if v)
    assert not report, report
