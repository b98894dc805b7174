"""In the browser (issue 13, items 5 and 6): the building page with its units, area basis and
label-C duty, the buildings table filtered on the duty, and the map's label-C layer, at desktop
width and at 390 px, without horizontal scrolling of the page."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BAD_UNIT = "0344010000001234"
NO_PAGE_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def labelled(dataset):
    """The flagged building gets two office units (label E and A); the others one unit each
    (labels C and B, and one without a label); a building known only from the BAG (GO)."""
    from buildings.models import AreaBasis
    from tests.buildings.factories import BuildingFactory, EnergyLabelFactory, UnitFactory

    def unit(building, bag_id, label, **extra):
        UnitFactory(building=building, bag_id=bag_id, area_m2=2000, **extra)
        if label:
            EnergyLabelFactory(unit_bag_id=bag_id, energy_class=label)

    unit(
        dataset.flagged,
        BAD_UNIT,
        "E",
        street="Catharijnesingel",
        house_number=70,
        postcode="3511 GM",
        city="Utrecht",
    )
    unit(dataset.flagged, "0344010000001235", "A", uses=["kantoorfunctie", "bijeenkomstfunctie"])
    for n, (building, label) in enumerate(zip(dataset.others, ("C", "B", None), strict=True)):
        unit(building, f"034401000000200{n}", label)
    go = BuildingFactory(
        bag_id="0344100000000077",
        name="Kantoor uit de BAG",
        municipality=dataset.utrecht,
        lettable_floor_area_m2=1234,
        area_basis=AreaBasis.GO,
        bag_office_area_m2=1234,
        bag_extract_date=datetime.date(2026, 11, 8),
        latitude="52.08",
        longitude="5.09",
    )
    unit(go, "0344010000003000", "C")
    return go


def test_building_page_table_and_map_at_desktop_and_390px(e2e, dataset, labelled):
    page = e2e.page
    e2e.sign_in("utrecht.ambtenaar")

    for width, suffix in ((1280, "desktop"), (390, "390")):
        page.set_viewport_size({"width": width, "height": 900})

        e2e.goto(f"/gebouwen/{dataset.flagged.bag_id}")
        duty = page.locator("#label-duty")
        expect(duty.locator(".kt-duty")).to_have_text("Voldoet niet")
        expect(duty.locator("#duty-reason")).to_have_text(f"kantoorunit {BAD_UNIT} heeft label E")
        units = page.locator("#units tbody tr")
        expect(units).to_have_count(2)
        expect(units.first).to_contain_text("Catharijnesingel 70, 3511 GM Utrecht")
        expect(units.first).to_contain_text("E (geldig tot 01-03-2032)")
        expect(page.locator("#area-basis")).to_have_text("VVO (verhuurbaar vloeroppervlak)")
        assert page.evaluate(NO_PAGE_SCROLL), f"building page scrolls sideways at {width}px"
        e2e.screenshot(f"label-duty-building-{suffix}")

        e2e.goto(f"/gebouwen/{labelled.bag_id}")
        expect(page.locator("#area-basis")).to_have_text("GO (BAG-gebruiksoppervlakte)")
        expect(page.locator("#bag-extract-date")).to_have_text("08-11-2026")
        e2e.screenshot(f"label-duty-building-go-{suffix}")

        e2e.goto("/gebouwen")
        expect(page.locator(".kt-count")).to_have_text("5 gebouwen")
        expect(page.locator("#buildings-table")).to_contain_text("1.234 m2 GO")
        page.get_by_label("Label-C-plicht").select_option("non_compliant")
        page.get_by_role("button", name="Filters toepassen").click()
        expect(page.locator(".kt-count")).to_have_text("1 gebouw")
        expect(page.locator("#buildings-table tbody tr")).to_contain_text("Voldoet niet")
        assert "labelCDuty=non_compliant" in page.url
        href = page.locator("#export-csv").get_attribute("href")
        assert "labelCDuty=non_compliant" in href
        assert page.evaluate(NO_PAGE_SCROLL), f"buildings table scrolls sideways at {width}px"
        e2e.screenshot(f"label-duty-table-{suffix}")

        e2e.goto("/gemeenten/GM0344")
        expect(page.locator("#go-share")).to_have_text(
            "5,2% van de voorraad op basis van BAG-gebruiksoppervlakte"
        )
        expect(page.locator("#duty-non_compliant a")).to_have_text("1")
        expect(page.locator("#buildings-map")).to_have_attribute("data-loaded", "5")
        expect(page.locator("#legend-labelCDuty")).to_be_hidden()
        page.get_by_label("Label-C-plicht", exact=True).check()
        expect(page.locator("#buildings-map")).to_have_attribute("data-layer", "labelCDuty")
        expect(page.locator("#legend-labelCDuty")).to_be_visible()
        expect(page.locator("#legend-vacancy")).to_be_hidden()
        assert page.evaluate(NO_PAGE_SCROLL), f"municipality page scrolls sideways at {width}px"
        e2e.screenshot(f"label-duty-municipality-{suffix}")

    # axe-core: no serious or critical WCAG 2.1 A/AA violation with the units, badges and layer.
    found = {
        path: e2e.axe(path, username="utrecht.ambtenaar")
        for path in (
            f"/gebouwen/{dataset.flagged.bag_id}",
            "/gebouwen?labelCDuty=non_compliant",
            "/gemeenten/GM0344",
        )
    }
    assert not any(found.values()), found
