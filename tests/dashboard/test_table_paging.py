"""The buildings table's pages (`buildings.tables.page_of`): a page number before the first, or
no number at all, shows the first page; one past the end the last."""

import re

import pytest

from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thirty_buildings(utrecht):
    return BuildingFactory.create_batch(30, municipality=utrecht)


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("", 1),
        ("0", 1),
        ("-3", 1),
        ("--3", 1),
        ("abc", 1),
        ("1.5", 1),
        ("1", 1),
        ("2", 2),
        ("99", 2),
    ],
)
def test_a_page_out_of_range_shows_the_nearest_page(client_as, thirty_buildings, page, shown):
    response = client_as("national").get(f"/gebouwen?page={page}")
    assert response.status_code == 200
    assert re.search(rf"Pagina {shown} van 2\b", response.text), page


# --- an area page's table: sorted and paged under the area page's own address -----------------

HTMX_TABLE = {"HX-Request": "true", "HX-Target": "buildings-table"}


def _bag_ids(html):
    return re.findall(r'href="/gebouwen/(\d{16})"', html)


def test_an_area_page_sorts_its_table_by_its_address(client_as, thirty_buildings):
    by_id = sorted(b.bag_id for b in thirty_buildings)
    html = client_as("utrecht").get("/gemeenten/GM0344?ordering=-bagId").text
    assert _bag_ids(html) == by_id[::-1][:25]
    # The column's link toggles the order under the area page's address, the others sort by
    # their own column there, and the page links keep the order.
    assert 'href="/gemeenten/GM0344?ordering=bagId"' in html
    assert 'href="/gemeenten/GM0344?ordering=lettableFloorAreaM2"' in html
    assert 'href="/gemeenten/GM0344?ordering=-bagId&amp;page=2"' in html
    # The exports list the area's buildings in the table's order.
    assert "/gebouwen/export.csv?municipality=GM0344&amp;ordering=-bagId" in html


def test_an_area_pages_unknown_order_is_most_vacant_first(client_as, thirty_buildings):
    client = client_as("utrecht")
    default = _bag_ids(client.get("/gemeenten/GM0344").text)
    assert _bag_ids(client.get("/gemeenten/GM0344?ordering=name").text) == default
    assert _bag_ids(client.get("/gemeenten/GM0344?ordering=-vacancyPercentage").text) == default


def test_the_area_tables_own_request_answers_the_table_alone(client_as, thirty_buildings):
    by_id = sorted(b.bag_id for b in thirty_buildings)
    response = client_as("utrecht").get(
        "/gemeenten/GM0344?ordering=bagId&page=2", headers=HTMX_TABLE
    )
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="way-to-target"' not in response.text
    assert _bag_ids(response.text) == by_id[25:]
    assert re.search(r"Pagina 2 van 2\b", response.text)
    # The export links outside the table follow its order (out-of-band swap).
    assert 'id="export-csv"' in response.text and 'hx-swap-oob="true"' in response.text
    assert "/gebouwen/export.csv?municipality=GM0344&amp;ordering=bagId" in response.text
    # The same address answers a page or a table: a cache must tell them apart.
    assert {"HX-Request", "HX-Target"} <= set(response["Vary"].split(", "))


def test_a_full_area_page_answers_when_htmx_asks_for_something_else(client_as, thirty_buildings):
    response = client_as("utrecht").get(
        "/gemeenten/GM0344", headers={"HX-Request": "true", "HX-Target": "compare"}
    )
    assert 'id="way-to-target"' in response.text


def test_an_area_table_that_the_reader_may_not_see_is_not_found(client_as, thirty_buildings):
    # Amsterdam's officer sees Utrecht's figures, not its buildings.
    client = client_as("amsterdam")
    assert client.get("/gemeenten/GM0344").status_code == 200
    assert client.get("/gemeenten/GM0344", headers=HTMX_TABLE).status_code == 404


def test_the_buildings_pages_answer_varies_with_htmx(client_as, thirty_buildings):
    assert "HX-Request" in client_as("utrecht").get("/gebouwen")["Vary"]
