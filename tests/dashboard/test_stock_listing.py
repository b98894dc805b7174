"""Area tables, the buildings list, the map and the exports list the office stock on the page's
date, as the key figures count it (`BuildingQuerySet.in_stock`): a demolished or transformed
building is listed only when the `withdrawn` filter asks for it, and then shown greyed."""

import datetime
import io
import re
import zipfile
from html import unescape

import pytest

from tests.buildings.factories import BuildingFactory, VacancyRecordFactory

STOCK = "0344100000000021"
DEMOLISHED = "0344100000000022"
TRANSFORMED = "0344100000000023"


@pytest.fixture
def utrecht_stock(utrecht):
    """One building in the stock and two withdrawn ones, fully vacant when they left it."""
    kept = BuildingFactory(
        bag_id=STOCK, name="Blijft", municipality=utrecht, latitude="52.09", longitude="5.11"
    )
    VacancyRecordFactory(building=kept, observed_on=datetime.date(2019, 3, 31), vacant_area_m2=600)
    for bag_id, status in ((DEMOLISHED, "demolished"), (TRANSFORMED, "transformed")):
        gone = BuildingFactory(
            bag_id=bag_id,
            name=f"Weg {status}",
            municipality=utrecht,
            latitude="52.08",
            longitude="5.12",
            withdrawn_on=datetime.date(2020, 1, 1),
            status=status,
        )
        VacancyRecordFactory(
            building=gone, observed_on=datetime.date(2019, 6, 30), vacant_area_m2=6000
        )
    return kept


def _listed(html):
    return {bag_id for bag_id in (STOCK, DEMOLISHED, TRANSFORMED) if f">{bag_id}</a>" in html}


def _count_under_table(html):
    return int(re.search(r'class="utrecht-paragraph kt-count">(\d+) gebouw', html).group(1))


def _stock_tile_count(html):
    tile = html.split('id="tile-stock"')[1].split("</li>")[0]
    return int(re.search(r'kt-tile__secondary">(\d+) gebouw', tile).group(1))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/gemeenten/GM0344", "/provincies/PV26", "/kantorenregios/utrecht", "/"]
)
def test_area_table_lists_the_stock_and_its_count_is_the_stock_figure(
    client_as, utrecht_stock, path
):
    response = client_as("utrecht").get(path)
    assert response.status_code == 200
    html = response.text
    assert _listed(html) == {STOCK}
    assert _count_under_table(html) == _stock_tile_count(html) == 1


@pytest.mark.django_db
def test_area_table_on_a_date_before_the_withdrawal_lists_them(client_as, utrecht_stock):
    html = client_as("utrecht").get("/gemeenten/GM0344?datum=31-12-2019").text
    assert _listed(html) == {STOCK, DEMOLISHED, TRANSFORMED}
    assert _count_under_table(html) == _stock_tile_count(html) == 3
    assert "kt-row--withdrawn" not in html


def _table(client, query):
    response = client.get(f"/gebouwen?{query}", headers={"HX-Request": "true"})
    assert response.status_code == 200, response.text
    return response.text


@pytest.mark.django_db
def test_buildings_list_shows_withdrawn_buildings_only_when_asked_and_greyed(
    client_as, utrecht_stock
):
    client = client_as("utrecht")
    assert _listed(_table(client, "")) == {STOCK}
    with_withdrawn = _table(client, "withdrawn=include")
    assert _listed(with_withdrawn) == {STOCK, DEMOLISHED, TRANSFORMED}
    rows = {
        bag_id: with_withdrawn[
            with_withdrawn.rindex("<tr", 0, with_withdrawn.index(f">{bag_id}<")) :
        ]
        for bag_id in (STOCK, DEMOLISHED)
    }
    assert "kt-row--withdrawn" in rows[DEMOLISHED].split("</tr>")[0]
    assert "onttrokken" in rows[DEMOLISHED].split("</tr>")[0]
    assert "kt-row--withdrawn" not in rows[STOCK].split("</tr>")[0]
    assert _listed(_table(client, "withdrawn=only")) == {DEMOLISHED, TRANSFORMED}
    # A status that only withdrawn buildings have asks for them.
    assert _listed(_table(client, "status=demolished")) == {DEMOLISHED}


@pytest.mark.django_db
def test_the_filter_says_what_it_does(client_as, utrecht_stock):
    html = client_as("utrecht").get("/gebouwen").text
    assert "Onttrokken gebouwen (getransformeerd, gesloopt)" in html
    assert "Niet tonen (voorraad op de datum)" in html
    assert client_as("utrecht").get("/gebouwen?withdrawn=yes").status_code == 400


@pytest.mark.django_db
def test_every_drop_down_names_its_empty_choice(client_as, utrecht_stock):
    html = client_as("utrecht").get("/gebouwen").text
    empty = [unescape(text) for text in re.findall(r'<option value=""[^>]*>([^<]*)</option>', html)]
    assert "---------" not in html
    assert {
        "Alle gemeenten",
        "Alle provincies",
        "Alle kantorenregio's",
        "Alle statussen",
        "Elke plichtstatus",
        "Alle energielabels",
        "Wel of niet in een gebied",
        "Niet tonen (voorraad op de datum)",
    } <= set(empty)
    assert all(text.strip() for text in empty)
    assert len(empty) == len(set(empty)), "two drop-downs read the same"


@pytest.mark.django_db
def test_map_shows_the_stock_and_withdrawn_buildings_only_when_asked(client_as, utrecht_stock):
    client = client_as("utrecht")

    def buildings(query):
        response = client.get(f"/gebouwen/kaart.json?municipality=GM0344&{query}")
        assert response.status_code == 200
        return {b["bagId"]: b["withdrawn"] for b in response.json()["buildings"]}

    assert buildings("") == {STOCK: False}
    assert buildings("withdrawn=include") == {STOCK: False, DEMOLISHED: True, TRANSFORMED: True}


@pytest.mark.django_db
def test_exports_list_the_stock(client_as, utrecht_stock):
    client = client_as("utrecht")
    csv_text = b"".join(client.get("/gebouwen/export.csv").streaming_content).decode("utf-8-sig")
    assert STOCK in csv_text
    assert DEMOLISHED not in csv_text
    assert TRANSFORMED not in csv_text
    csv_all = b"".join(
        client.get("/gebouwen/export.csv?withdrawn=include").streaming_content
    ).decode("utf-8-sig")
    assert DEMOLISHED in csv_all

    content = b"".join(client.get("/gebouwen/export.xlsx").streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = "".join(archive.read(name).decode() for name in archive.namelist())
    assert STOCK in xml
    assert DEMOLISHED not in xml
