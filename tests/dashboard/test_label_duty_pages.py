"""Issue 13 on the pages: the area basis (GO marked) and the label-C duty on the building page, the
buildings table (column and filters), the area pages (GO share, duty counts, the officer's
worklist link) and the map data."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from buildings.models import AreaBasis
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory, EnergyLabelFactory, UnitFactory

pytestmark = pytest.mark.django_db

# One Utrecht building per duty status (on any date from 2023 until the labels expire in 2032).
BAG_IDS = {
    "compliant": "0344100000000101",
    "non_compliant": "0344100000000102",
    "exempt": "0344100000000103",
    "unknown": "0344100000000104",
}
BAD_UNIT = "0344010000001234"


def nowrap(text):
    """A date or a figure as the notation filters write it: on one line."""
    return f'<span class="kt-nowrap">{text}</span>'


def _office(building, bag_id, *, area=1000, label=None, **unit):
    made = UnitFactory(building=building, bag_id=bag_id, area_m2=area, **unit)
    if label:
        EnergyLabelFactory(unit_bag_id=made.bag_id, energy_class=label)
    return made


@pytest.fixture
def duty_buildings(utrecht):
    """Four Utrecht buildings, one per duty status, and a fifth known only from the BAG (GO)."""
    made = {
        status: BuildingFactory(
            bag_id=bag_id,
            name=f"Kantoor {status}",
            municipality=utrecht,
            lettable_floor_area_m2=1000 + n,
            latitude=f"52.{n}",
            longitude=f"5.{n}",
        )
        for n, (status, bag_id) in enumerate(BAG_IDS.items(), start=1)
    }
    _office(made["compliant"], "0344010000000001", label="B")
    _office(
        made["non_compliant"],
        BAD_UNIT,
        label="E",
        street="Catharijnesingel",
        house_number=70,
        house_letter="A",
        postcode="3511 GM",
        city="Utrecht",
    )
    _office(made["non_compliant"], "0344010000000003", label="A", area=400)
    _office(made["exempt"], "0344010000000004", area=80, label="G")
    _office(made["unknown"], "0344010000000005")
    made["go"] = BuildingFactory(
        bag_id="0344100000000105",
        name="Kantoor uit de BAG",
        municipality=utrecht,
        lettable_floor_area_m2=1234,
        area_basis=AreaBasis.GO,
        bag_office_area_m2=1234,
        bag_extract_date=datetime.date(2026, 11, 8),
    )
    _office(made["go"], "0344010000000006", area=1234, label="C")
    return made


# --- the buildings table ---------------------------------------------------------------------


@pytest.mark.parametrize("status", list(BAG_IDS))
def test_the_duty_filter_narrows_the_table_to_each_status(client_as, duty_buildings, status):
    text = client_as("utrecht").get(f"/gebouwen?labelCDuty={status}").text
    shown = {s for s, bag_id in BAG_IDS.items() if bag_id in text}
    expected = {status}
    assert shown == expected
    if status == "compliant":
        assert duty_buildings["go"].bag_id in text  # the GO building has label C as well


def test_the_table_has_a_duty_column_and_filters(client_as, duty_buildings):
    text = client_as("utrecht").get("/gebouwen").text
    assert "Label-C-plicht</th>" in text
    for label in ("Voldoet niet", "Voldoet", "Vrijgesteld", "Onbekend"):
        assert f">{label}</span>" in text, label
    duty = re.search(r'<select name="labelCDuty"[^>]*>(.*?)</select>', text, re.S).group(1)
    options = re.findall(r'<option value="([^"]*)"', duty)
    assert options == ["", "exempt", "compliant", "non_compliant", "unknown"]
    assert '<select name="areaBasis"' in text


def test_go_areas_are_marked_and_the_basis_filter_narrows(client_as, duty_buildings):
    client = client_as("utrecht")
    text = client.get("/gebouwen").text
    assert re.search(r"1\.234 m2</span> <abbr[^>]*>GO</abbr>", text)
    assert not re.search(r"1\.001 m2</span> <abbr", text)  # a VVO building is not marked
    go_only = client.get("/gebouwen?areaBasis=GO").text
    assert duty_buildings["go"].bag_id in go_only
    assert not any(bag_id in go_only for bag_id in BAG_IDS.values())
    vvo_only = client.get("/gebouwen?areaBasis=VVO").text
    assert duty_buildings["go"].bag_id not in vvo_only
    assert all(bag_id in vvo_only for bag_id in BAG_IDS.values())


def test_an_unknown_duty_status_is_a_form_error(client_as, duty_buildings):
    assert client_as("utrecht").get("/gebouwen?labelCDuty=maybe").status_code == 400


def test_the_export_links_keep_the_duty_filter(client_as, duty_buildings):
    client = client_as("utrecht")
    text = client.get("/gebouwen?labelCDuty=non_compliant").text
    assert 'href="/gebouwen/export.csv?labelCDuty=non_compliant"' in text
    response = client.get("/gebouwen/export.csv?labelCDuty=non_compliant")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert BAG_IDS["non_compliant"] in content
    assert BAG_IDS["compliant"] not in content


# --- the building page -------------------------------------------------------------------------


def test_the_building_page_lists_its_units_with_their_labels(client_as, duty_buildings):
    text = client_as("utrecht").get(f"/gebouwen/{BAG_IDS['non_compliant']}").text
    units = re.search(r'<table[^>]*id="units".*?</table>', text, re.S).group(0)
    assert units.index("0344010000000003") < units.index(BAD_UNIT)  # by BAG id
    row = re.search(rf"<tr[^>]*>\s*<td[^>]*>{BAD_UNIT}</td>.*?</tr>", units, re.S).group(0)
    assert "<strong>kantoorfunctie</strong>" in row
    assert "1.000 m2" in row
    assert "Verblijfsobject in gebruik" in row
    assert "Catharijnesingel 70A, 3511 GM Utrecht" in row
    assert f"<strong>E</strong> (geldig tot {nowrap('01-03-2032')})" in row


@pytest.mark.parametrize(
    ("status", "label", "reason"),
    [
        ("non_compliant", "Voldoet niet", f"kantoorunit {BAD_UNIT} heeft label E"),
        ("unknown", "Onbekend", "kantoorunit 0344010000000005 heeft geen geldig energielabel"),
        ("exempt", "Vrijgesteld", "de kantooroppervlakte van 80 m2 is minder dan 100 m2"),
        ("compliant", "Voldoet", "de kantoorunit heeft een geldig label C of beter"),
    ],
)
def test_the_building_page_says_its_duty_and_why(client_as, duty_buildings, status, label, reason):
    text = client_as("utrecht").get(f"/gebouwen/{BAG_IDS[status]}").text
    section = re.search(r'<section[^>]*id="label-duty".*?</section>', text, re.S).group(0)
    assert f'<span class="kt-duty kt-duty--{status}">{label}</span>' in section
    why = section.split('<span id="duty-reason">')[1].split("</p>")[0]
    assert strip_tags(why) == reason


def test_the_building_page_has_no_duty_before_2023(client_as, duty_buildings):
    text = client_as("utrecht").get(f"/gebouwen/{BAG_IDS['non_compliant']}?datum=31-12-2022").text
    assert f"Label-C-plicht op {nowrap('31-12-2022')}" in text
    assert "Vóór 1 januari 2023 gold er geen label-C-plicht voor kantoren." in text
    assert "duty-reason" not in text


def test_the_building_page_shows_the_area_basis_and_the_bag_figures(client_as, duty_buildings):
    client = client_as("utrecht")
    go = client.get(f"/gebouwen/{duty_buildings['go'].bag_id}").text
    assert '<dd id="area-basis">GO (BAG-gebruiksoppervlakte)</dd>' in go
    assert f'<dd id="stock-area">{nowrap("1.234 m2")} GO' in go
    assert f'<dd id="bag-office-area">{nowrap("1.234 m2")}</dd>' in go
    assert f'<dd id="bag-extract-date">{nowrap("08-11-2026")}</dd>' in go
    vvo = client.get(f"/gebouwen/{BAG_IDS['compliant']}").text
    assert '<dd id="area-basis">VVO (verhuurbaar vloeroppervlak)</dd>' in vvo
    assert f'<dd id="stock-area">{nowrap("1.001 m2")} VVO' in vvo


def test_the_building_page_runs_as_many_queries_for_one_unit_as_for_six(client_as, utrecht):
    client = client_as("utrecht")
    building = BuildingFactory(bag_id="0344100000000200", municipality=utrecht)
    _office(building, "0344010000000100", label="E")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/gebouwen/{building.bag_id}").status_code == 200
        return len(queries)

    one = count()
    for n in range(1, 6):
        _office(building, f"03440100000001{n:02d}", label="C" if n % 2 else None)
    assert count() == one


# --- the area pages ----------------------------------------------------------------------------

AREA_PAGES = ["/", "/provincies/PV26", "/kantorenregios/utrecht", "/gemeenten/GM0344"]


@pytest.mark.parametrize("url", AREA_PAGES)
def test_every_area_page_says_the_share_of_the_stock_on_go(client_as, duty_buildings, url):
    # Stock 1.001 + 1.002 + 1.003 + 1.004 VVO and 1.234 GO: 1.234 / 5.244 = 23,5%.
    text = client_as(None).get(url).text
    share = re.search(r'<p class="kt-tile__basis" id="go-share">([^<]*)</p>', text).group(1)
    assert share == "23,5% van de voorraad op basis van BAG-gebruiksoppervlakte"


def test_a_stock_without_go_says_0_percent(client_as, utrecht_building):
    text = client_as(None).get("/gemeenten/GM0344").text
    assert "0,0% van de voorraad op basis van BAG-gebruiksoppervlakte" in text


def _duty_row(text, status):
    return re.search(rf'<tr[^>]*id="duty-{status}">(.*?)</tr>', text, re.S).group(1)


def test_the_area_page_counts_the_duty_with_links_to_the_table(client_as, duty_buildings):
    client = client_as("utrecht")
    text = client.get("/gemeenten/GM0344").text
    expected = {
        "compliant": (2, "2.235 m2"),  # with the GO building
        "non_compliant": (1, "1.002 m2"),
        "exempt": (1, "1.003 m2"),
        "unknown": (1, "1.004 m2"),
    }
    for status, (count, m2) in expected.items():
        row = _duty_row(text, status)
        link = f'href="/gebouwen?municipality=GM0344&amp;labelCDuty={status}">{count}</a>'
        assert link in row, status
        assert m2 in row, status
        # The link leads to exactly those buildings.
        table = client.get(f"/gebouwen?municipality=GM0344&labelCDuty={status}").text
        assert f"{count} gebouw" in table, status


def test_the_public_gets_the_duty_counts_without_links(client_as, duty_buildings):
    row = _duty_row(client_as(None).get("/gemeenten/GM0344").text, "non_compliant")
    assert ">1</td>" in row
    assert "href" not in row


@pytest.mark.parametrize(
    ("role", "page", "linked"),
    [
        ("province", "/provincies/PV26", True),
        ("province", "/kantorenregios/utrecht", True),
        ("utrecht", "/gemeenten/GM0344", True),
        ("utrecht", "/provincies/PV26", False),
        ("utrecht", "/kantorenregios/utrecht", False),
        ("investor", "/gemeenten/GM0344", False),
    ],
)
def test_the_duty_counts_link_only_for_who_sees_every_building_counted(
    client_as, users, owner, duty_buildings, role, page, linked
):
    """A count and the table behind it agree: the province-wide 2 compliant offices do not lead
    a Utrecht officer (who sees one of them) or an owner to a table of their own share."""
    amersfoort = BuildingFactory(
        bag_id="0307100000000101", municipality=Municipality.objects.get(code="GM0307")
    )
    _office(amersfoort, "0307010000000001", label="A")
    duty_buildings["compliant"].owner = owner
    duty_buildings["compliant"].save()
    row = _duty_row(client_as(role).get(page).text, "compliant")
    assert ("href" in row) is linked, row
    if linked:
        url, count = re.search(r'href="([^"]*)">([^<]*)</a>', row).groups()
        assert f"{count} gebouw" in client_as(role).get(html.unescape(url)).text


def test_the_duty_block_follows_the_page_date(client_as, duty_buildings):
    client = client_as("utrecht")
    before = client.get("/gemeenten/GM0344?datum=31-12-2022").text
    assert "Vóór 1 januari 2023 gold er geen label-C-plicht voor kantoren." in before
    assert 'id="duty-non_compliant"' not in before
    after = client.get("/gemeenten/GM0344?datum=01-06-2024").text
    link = "/gebouwen?municipality=GM0344&amp;datum=01-06-2024&amp;labelCDuty=non_compliant"
    assert link in _duty_row(after, "non_compliant")


@pytest.mark.parametrize(
    ("role", "page", "shown"),
    [
        ("utrecht", "/gemeenten/GM0344", True),
        ("amsterdam", "/gemeenten/GM0344", False),
        ("province", "/gemeenten/GM0344", False),
        (None, "/gemeenten/GM0344", False),
        ("utrecht", "/provincies/PV26", False),
    ],
)
def test_the_worklist_links_are_for_officers_of_the_municipality(
    client_as, duty_buildings, role, page, shown
):
    text = client_as(role).get(page).text
    csv = re.search(r'<a class="utrecht-link" id="label-duty-worklist" href="([^"]*)"', text)
    xlsx = re.search(r'<a class="utrecht-link" id="label-duty-worklist-xlsx" href="([^"]*)"', text)
    assert bool(csv) is shown and bool(xlsx) is shown
    if shown:
        assert csv.group(1) == reverse("dashboard:label-duty-worklist-csv", args=["GM0344"])
        assert xlsx.group(1) == reverse("dashboard:label-duty-worklist-xlsx", args=["GM0344"])


# --- the map -------------------------------------------------------------------------------------


def test_the_map_data_gives_each_building_its_duty(client_as, duty_buildings):
    data = client_as("utrecht").get("/gebouwen/kaart.json?municipality=GM0344").json()
    duty = {b["bagId"]: b["labelCDuty"] for b in data["buildings"]}
    assert duty == {bag_id: status for status, bag_id in BAG_IDS.items()}  # the GO one has no place
    before = client_as("utrecht").get("/gebouwen/kaart.json?datum=31-12-2022").json()
    assert {b["labelCDuty"] for b in before["buildings"]} == {None}


def test_the_map_data_runs_as_many_queries_for_one_building_as_for_many(client_as, utrecht):
    client = client_as("utrecht")

    def add(n):
        building = BuildingFactory(
            bag_id=f"0344100000000{n:03d}", municipality=utrecht, latitude="52.1", longitude="5.1"
        )
        _office(building, f"0344010000000{n:03d}", label="DEFG"[n % 4] if n % 3 else None)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/gebouwen/kaart.json?municipality=GM0344").status_code == 200
        return len(queries)

    add(300)
    one = count()
    for n in range(301, 312):
        add(n)
    assert count() == one


def test_the_area_map_has_a_duty_layer_with_its_legend(client_as, duty_buildings):
    text = client_as("utrecht").get("/gemeenten/GM0344").text
    assert 'name="map-layer" value="labelCDuty"' in text
    legend = re.search(
        r'<ul class="kt-legend" id="legend-labelCDuty"[^>]*hidden>(.*?)</ul>', text, re.S
    )
    items = re.findall(r'kt-swatch--duty-(\w+)"></span>([^<]*)<', legend.group(1))
    assert items == [
        ("exempt", "Vrijgesteld"),
        ("compliant", "Voldoet"),
        ("non_compliant", "Voldoet niet"),
        ("unknown", "Onbekend"),
        ("none", "Geen plicht (vóór 2023)"),
    ]
