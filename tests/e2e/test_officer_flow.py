"""The Utrecht officer's week in the browser: sign in, read the KPIs, filter the buildings, open
one, record an observation, export CSV and upload a CSV (issue 5, item 8)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_officer_signs_in_and_reads_the_kpis(e2e, dataset):
    page = e2e.page
    e2e.goto("/inloggen")
    e2e.screenshot("sign-in")
    e2e.sign_in("utrecht.ambtenaar")
    # Officers land on the dashboard with their own municipality first in the menu.
    expect(page.locator(".kt-user")).to_have_text("Ute Ambtenaar")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name="Utrecht").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/gemeenten/GM0344")
    e2e.screenshot("municipality-utrecht")

    # 6.000 + 4.000 + 10.000 + 2.500 m2 in the stock; 5.400 + 400 + 3.000 m2 vacant.
    expect(page.locator("#tile-stock .kt-tile__value")).to_have_text("22.500 m2")
    expect(page.locator("#tile-stock .kt-tile__secondary")).to_have_text("4 gebouwen")
    expect(page.locator("#tile-vacancy .kt-tile__value")).to_have_text("39,1%")
    expect(page.locator("#tile-partly .kt-tile__value")).to_have_text("3")
    expect(page.locator("#tile-structural .kt-tile__value")).to_have_text("1")
    # The explanation opens on demand.
    panel = page.locator("#tile-vacancy details")
    expect(panel.locator("dl")).not_to_be_visible()
    panel.locator("summary").click()
    expect(panel.locator("dl")).to_be_visible()
    expect(panel).to_contain_text("dekking")
    # The chart and the map ran their scripts (a drawn canvas; the four buildings on the map,
    # which works without background tiles).
    page.wait_for_function("() => document.getElementById('trend-chart').width > 0")
    expect(page.locator("#buildings-map")).to_have_attribute("data-loaded", "4")
    e2e.goto("/")
    expect(page.locator("#tile-stock .kt-tile__value")).not_to_be_empty()
    e2e.screenshot("nation")
