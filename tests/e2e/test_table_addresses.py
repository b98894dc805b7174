"""The buildings table's address follows what it shows: on the buildings page its filters, pages
and sort order; on an area page its sort order and pages, under the area page's own address. Back
shows the filters of the address it returns to (htmx keeps no snapshot of a page:
templates/base.html)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def two_pages(dataset):
    """Enough buildings in Utrecht for a second page of the table (25 a page)."""
    from tests.buildings.factories import BuildingFactory

    BuildingFactory.create_batch(25, municipality=dataset.utrecht)


def _current_page(page):
    return page.locator("#buildings-table .utrecht-pagination__page-link--current")


def test_paging_an_area_pages_table_keeps_the_area_pages_address(e2e, dataset, two_pages):
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    e2e.goto("/gemeenten/GM0344")
    page.locator("#buildings-table a[rel=next]").click()
    expect(_current_page(page)).to_have_text("Pagina 2 van 2")
    expect(page).to_have_url(re.compile(r"/gemeenten/GM0344\?page=2$"))
    expect(page.locator("#way-to-target")).to_have_count(1)  # still the whole area page
    page.reload()
    expect(_current_page(page)).to_have_text("Pagina 2 van 2")
    e2e.screenshot("area-table-page-2")


def test_sorting_an_area_pages_table_keeps_the_area_pages_address(e2e, dataset, two_pages):
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    e2e.goto("/gemeenten/GM0344")
    page.locator('#buildings-table th a:text-is("BAG-id")').click()
    expect(page).to_have_url(re.compile(r"/gemeenten/GM0344\?ordering=bagId$"))
    expect(page.locator("#buildings-table th[aria-sort=ascending]")).to_have_text("BAG-id")
    page.locator("#buildings-table a[rel=next]").click()
    expect(page).to_have_url(re.compile(r"/gemeenten/GM0344\?ordering=bagId&page=2$"))
    expect(_current_page(page)).to_have_text("Pagina 2 van 2")
    expect(page.locator("#way-to-target")).to_have_count(1)
    page.evaluate("history.back()")
    expect(page).to_have_url(re.compile(r"/gemeenten/GM0344\?ordering=bagId$"))
    expect(_current_page(page)).to_have_text("Pagina 1 van 2")
    expect(page.locator("#buildings-table th[aria-sort=ascending]")).to_have_text("BAG-id")
    e2e.screenshot("area-table-sorted")


def test_back_on_the_buildings_page_shows_the_filters_of_that_address(e2e, dataset, two_pages):
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    e2e.goto("/gebouwen")
    withdrawn = page.get_by_label("Onttrokken gebouwen (getransformeerd, gesloopt)")
    withdrawn.select_option("include")
    page.get_by_role("button", name="Filters toepassen").click()
    expect(page).to_have_url(re.compile(r"withdrawn=include"))
    page.locator("#buildings-table a[rel=next]").click()
    expect(page).to_have_url(re.compile(r"withdrawn=include.*page=2$"))
    page.locator('#buildings-table th a:text-is("Oppervlakte")').click()
    expect(page).to_have_url(re.compile(r"ordering=lettableFloorAreaM2"))

    # Back as the browser's button does it: htmx answers the history step by loading the
    # address again, which would abort a navigation that page.go_back() waits for.
    page.evaluate("history.back()")
    expect(page).to_have_url(re.compile(r"withdrawn=include.*page=2$"))
    expect(_current_page(page)).to_have_text("Pagina 2 van 2")
    expect(withdrawn).to_have_value("include")
    page.evaluate("history.go(-2)")
    expect(page).to_have_url(re.compile(r"/gebouwen$"))
    expect(withdrawn).to_have_value("")
    expect(_current_page(page)).to_have_text("Pagina 1 van 2")
