"""In the browser (issue 11, items 1, 5 and 21): the area page's table, its count and its map show
the stock on the page's date, as the key figures count it; withdrawn buildings appear on the
buildings page only through the filter that says so, greyed; a date before any record says
"onbekend" rather than 0,0%; a construction year is written 2003, not 2.003."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demolished(dataset):
    """A fully vacant building demolished in 2020: out of the stock today."""
    from tests.buildings.factories import BuildingFactory, VacancyRecordFactory

    building = BuildingFactory(
        bag_id="0344100000000099",
        name="Gesloopt Kantoor Lunetten",
        municipality=dataset.utrecht,
        lettable_floor_area_m2=5000,
        latitude="52.07",
        longitude="5.13",
        withdrawn_on=datetime.date(2020, 1, 1),
        status="demolished",
    )
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2019, 6, 30), vacant_area_m2=5000
    )
    return building


def test_the_stock_withdrawn_buildings_unknown_figures_and_years(e2e, dataset, demolished):
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")

    e2e.goto("/gemeenten/GM0344")
    expect(page.locator("#tile-stock .kt-tile__secondary")).to_have_text("4 gebouwen")
    expect(page.locator("#buildings-table .kt-count")).to_have_text("4 gebouwen")
    expect(page.locator("#buildings-table")).not_to_contain_text("Gesloopt Kantoor Lunetten")
    expect(page.locator("#buildings-map")).to_have_attribute("data-loaded", "4")
    e2e.screenshot("municipality-stock-only")

    e2e.goto("/gebouwen")
    expect(page.locator(".kt-count")).to_have_text("4 gebouwen")
    page.get_by_label("Onttrokken gebouwen (getransformeerd, gesloopt)").select_option("include")
    page.get_by_role("button", name="Filters toepassen").click()
    expect(page.locator(".kt-count")).to_have_text("5 gebouwen")
    row = page.locator("#buildings-table tbody tr.kt-row--withdrawn")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Gesloopt Kantoor Lunetten")
    expect(row).to_contain_text("onttrokken")
    assert "withdrawn=include" in page.url
    e2e.screenshot("buildings-with-withdrawn")

    e2e.goto("/gemeenten/GM0344?datum=01-01-1990")
    expect(page.locator("#tile-vacancy .kt-tile__value")).to_have_text("onbekend")
    expect(page.locator("#tile-vacancy .kt-tile__secondary")).to_have_text("dekking 0,0%")
    e2e.screenshot("municipality-1990-unknown")

    others = dataset.others[0]
    others.construction_year = 2003
    others.save()
    e2e.goto(f"/gebouwen/{others.bag_id}")
    details = page.locator("dl").first
    expect(details).to_contain_text("2003")
    expect(details).not_to_contain_text("2.003")
    e2e.screenshot("building-construction-year")


def test_the_sorted_column_shows_its_direction(e2e, dataset):
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    e2e.goto("/gebouwen")
    arrow = "(el) => getComputedStyle(el, '::after').content"
    vacancy = page.locator('#buildings-table th:has(a:text-is("Leegstand")) a')
    assert vacancy.evaluate(arrow) == "none"
    vacancy.click()
    expect(page.locator("#buildings-table th[aria-sort=ascending]")).to_contain_text("Leegstand")
    assert "\u25b2" in page.locator("#buildings-table th[aria-sort=ascending] a").evaluate(arrow)
    page.locator("#buildings-table th[aria-sort=ascending] a").click()
    sorted_down = page.locator("#buildings-table th[aria-sort=descending] a")
    expect(sorted_down).to_contain_text("Leegstand")
    assert "\u25bc" in sorted_down.evaluate(arrow)
    e2e.screenshot("buildings-sorted-by-vacancy")
