"""The area map in the browser (issue 14, items 4 and 8): the municipalities drawn from the
portal's own boundaries with no background tiles, layers that switch the colours and the legend,
popups for a municipality and for a building, the building page's location; axe-core finds no
serious violation. Screenshots at 1280 and 390 px (test-artifacts/screenshots/map-*.png)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NO_PAGE_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
# The fill of Utrecht's area on the map (a path of the overlay pane, drawn in code order).
UTRECHT_FILL = """() => {
    const map = document.querySelector('.kt-map');
    const panes = map.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive');
    return Array.from(panes).map((p) => p.getAttribute('fill')).join(',');
}"""


def _both_widths(e2e, name):
    page = e2e.page
    page.locator("#map-heading").scroll_into_view_if_needed()
    e2e.screenshot(f"map-{name}")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function(NO_PAGE_SCROLL, timeout=5000)
    page.locator("#map-heading").scroll_into_view_if_needed()
    e2e.screenshot(f"map-{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_officer_switches_the_layers_and_opens_a_buildings_popup(e2e, dataset):
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")
    e2e.goto("/gemeenten/GM0344")
    area_map = page.locator("#buildings-map")
    expect(area_map).to_have_attribute("data-areas", "342")
    expect(area_map).to_have_attribute("data-loaded", "4")
    # No tile was asked for: the map is the portal's own.
    expect(page.locator(".leaflet-tile")).to_have_count(0)
    expect(page.locator("#map-legend-vacancy")).to_be_visible()
    expect(page.locator("#map-legend-structural")).to_be_hidden()
    fills = {"vacancy": page.evaluate(UTRECHT_FILL)}

    for label, layer in [
        ("Structurele leegstand", "structural"),
        ("Voorraad op GO", "goShare"),
        ("Label-C-plicht", "labelCDuty"),
    ]:
        page.get_by_label(label, exact=True).check()
        expect(area_map).to_have_attribute("data-layer", layer)
        expect(page.locator(f"#map-legend-{layer}")).to_be_visible()
        expect(page.locator("#map-legend-vacancy")).to_be_hidden()
        fills[layer] = page.evaluate(UTRECHT_FILL)
    # The buildings' legend follows: duty colours on the label-C layer.
    expect(page.locator("#legend-labelCDuty")).to_be_visible()
    expect(page.locator("#legend-vacancy")).to_be_hidden()
    expect(page.locator("#map-legend-labelCDuty")).to_contain_text("label-C-plicht")
    assert len(set(fills.values())) > 1, fills
    page.get_by_label("Leegstand", exact=True).check()
    expect(page.locator("#map-legend-vacancy")).to_be_visible()
    assert page.evaluate(UTRECHT_FILL) == fills["vacancy"]

    # The buildings show as points (or neutral clusters) over the areas; a point's popup.
    expect(area_map).to_have_attribute("data-buildings-shown", "true")
    clusters = page.locator(".kt-cluster")
    for _ in range(4):
        if clusters.count() == 0:
            break
        clusters.first.click()
        page.wait_for_timeout(500)
    page.locator(".leaflet-buildings-pane path.leaflet-interactive").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Adres:")
    expect(popup).to_contain_text("Oppervlakte:")
    expect(popup).to_contain_text("Leegstand:")
    assert popup.locator("a").first.get_attribute("href").startswith("/gebouwen/")
    _both_widths(e2e, "municipality-officer")

    popup.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#building-location")).to_have_attribute("data-loaded", "true")
    expect(page.locator("#building-location path")).not_to_have_count(0)
    page.locator("#building-location").scroll_into_view_if_needed()
    e2e.screenshot("map-building")


def test_the_public_reads_the_country_by_municipality(e2e, dataset):
    page = e2e.page
    e2e.goto("/")
    area_map = page.locator("#area-map")
    expect(area_map).to_have_attribute("data-areas", "342")
    expect(page.locator("#buildings-map")).to_have_count(0)
    expect(page.locator(".leaflet-control-attribution")).to_contain_text(
        "Gemeentegrenzen: CBS/Kadaster (CC BY 4.0)"
    )
    _both_widths(e2e, "nation-public")
    e2e.goto("/gemeenten/GM0344")
    expect(area_map).to_have_attribute("data-areas", "342")
    # The page's municipality fills the middle of the map: its popup names it and links to it.
    area_map.scroll_into_view_if_needed()
    box = area_map.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Utrecht")
    expect(popup).to_contain_text("Leegstand:")
    expect(popup.get_by_role("link", name="Pagina van de gemeente")).to_have_attribute(
        "href", "/gemeenten/GM0344"
    )


def test_axe_finds_no_violation_on_the_map_pages(e2e, dataset):
    found = {path: e2e.axe(path) for path in ("/", "/gemeenten/GM0344")}
    e2e.reset_axe()
    found.update(
        {
            f"officer {path}": e2e.axe(path, username="utrecht.ambtenaar")
            for path in ("/gemeenten/GM0344", f"/gebouwen/{dataset.flagged.bag_id}")
        }
    )
    assert found == {path: [] for path in found}
