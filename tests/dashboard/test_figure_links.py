"""From every figure to its buildings (issue 14, item 3): each count and area of an area page, and
of its child table, links to the buildings table filtered to exactly the buildings behind it on
the same date. For several areas and dates, the linked table's count (and its m2 for the stock
and withdrawn figures) equals the figure."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from tests.buildings.explore_data import DATES, explore_dataset

# The figure links of a page: (tile key, how the figure reads from the linked table).
COUNTED = {
    "stock": "buildings_in_stock",
    "fully": "fully_vacant",
    "partly": "partly_vacant",
    "structural": "structurally_vacant",
    "stale": "stale_buildings",
}
# Pages and dates: every kind of area page, each date of the dataset at least once.
PAGE_DATES = [
    ("/", DATES[3]),
    ("/provincies/PV26", DATES[2]),
    ("/kantorenregios/amersfoort", DATES[1]),
    ("/gemeenten/GM0363", DATES[0]),
    ("/gemeenten/GM0363", DATES[3]),
]


@pytest.fixture
def dataset(db):
    return explore_dataset()


def _datum(on):
    return on.strftime("%d-%m-%Y")


def _follow(client, url):
    """The linked table: its count, and what its rows add up to (the line above it)."""
    response = client.get(url)
    assert response.status_code == 200, url
    summary = response.context["figure_summary"]
    table = response.context["table_page"]
    count = table.paginator.count if table is not None else 0
    assert summary["buildings"] == count
    return count, summary


@pytest.mark.parametrize(("path", "on"), PAGE_DATES)
def test_every_tile_leads_to_exactly_its_buildings(client_as, dataset, path, on):
    client = client_as("national")
    page = client.get(f"{path}?datum={_datum(on)}")
    overview = page.context["overview"]
    snapshot = overview.snapshot
    links = page.context["tile_links"]
    tiles = {tile.key: tile for tile in overview.tiles}
    followed = 0
    for key, url in links.items():
        assert f"datum={_datum(on)}" in url
        if not tiles[key].value:
            continue  # an unknown or zero figure is not linked
        assert f'href="{url.replace("&", "&amp;")}"' in page.text, key
        count, summary = _follow(client, url)
        followed += 1
        if key in COUNTED:
            assert count == getattr(snapshot, COUNTED[key]), (key, path, on)
        if key == "stock":
            assert summary["lettable_m2"] == snapshot.stock_m2
        if key == "vacancy":
            assert count == snapshot.fully_vacant + snapshot.partly_vacant
            assert summary["vacant_m2"] == snapshot.vacant_m2
        if key == "watchlist":
            assert count == overview.watchlist_count
        if key == "withdrawn":
            assert summary["lettable_m2"] == overview.withdrawn_since_covenant_m2
    assert followed >= 3, (path, on)


@pytest.mark.slow
def test_every_cell_of_the_child_table_leads_to_exactly_its_buildings(client_as, dataset):
    client = client_as("national")
    on = DATES[3]
    page = client.get(f"/provincies/PV27?datum={_datum(on)}")
    followed = 0
    for table in page.context["child_tables"]:
        for row in table.rows:
            for column, cell in zip(table.header[1:], row.cells, strict=True):
                if cell.url is None:
                    continue
                count, summary = _follow(client, cell.url)
                followed += 1
                if column.key in ("stock", "withdrawn"):
                    assert summary["lettable_m2"] == cell.value, (row.name, column.key)
                elif column.key == "vacant":
                    assert summary["vacant_m2"] == cell.value, (row.name, column.key)
                elif column.key != "vacancy":
                    assert count == cell.value, (row.name, column.key)
    assert followed > 10


def test_links_carry_the_area_and_the_figure(client_as, dataset):
    page = client_as("national").get("/gemeenten/GM0363?datum=31-12-2016")
    query = parse_qs(urlsplit(page.context["tile_links"]["structural"]).query)
    assert query == {"municipality": ["GM0363"], "figure": ["structural"], "datum": ["31-12-2016"]}
    today = client_as("national").get("/gemeenten/GM0363")
    assert "datum" not in today.context["tile_links"]["stock"]


@pytest.mark.parametrize(
    ("role", "path", "linked"),
    [
        (None, "/provincies/PV26", False),  # the public sees aggregates only
        ("investor", "/gemeenten/GM0344", False),  # an owner sees only their own buildings
        ("utrecht", "/provincies/PV26", False),  # the province is more than Utrecht
        ("utrecht", "/gemeenten/GM0344", True),
        ("province", "/provincies/PV26", True),
        ("province", "/kantorenregios/utrecht", True),
        ("province", "/kantorenregios/amersfoort", False),  # reaches into Gelderland
        ("province", "/", False),
        ("national", "/", True),
    ],
)
def test_a_figure_links_only_for_who_may_see_all_its_buildings(
    client_as, dataset, role, path, linked
):
    page = client_as(role).get(path)
    assert page.status_code == 200
    assert bool(page.context["tile_links"]) is linked
    if role in (None, "investor"):  # nor in the child tables
        assert "figure=" not in page.text


def test_the_child_table_links_the_areas_the_officer_covers(client_as, dataset):
    page = client_as("utrecht").get("/provincies/PV26")
    municipalities = next(t for t in page.context["child_tables"] if t.kind == "municipality")
    linked = {row.name for row in municipalities.rows if any(c.url for c in row.cells)}
    assert linked == {"Utrecht"}


@pytest.mark.parametrize("figure", ["watchlist", "withdrawn"])
def test_the_figure_filter_is_in_the_exports_too(client_as, dataset, figure):
    client = client_as("national")
    on = DATES[-1]
    query = f"province=PV27&figure={figure}&datum={_datum(on)}"
    count, _summary = _follow(client, f"/gebouwen?{query}")
    export = client.get(f"/gebouwen/export.csv?{query}")
    lines = b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) - 1 == count


def test_an_unknown_figure_is_a_filter_error(client_as, dataset):
    response = client_as("national").get("/gebouwen?figure=everything")
    assert response.status_code == 400


def test_today_is_the_default_date_of_a_figure(client_as, dataset):
    client = client_as("national")
    count, _summary = _follow(client, "/gebouwen?figure=stock")
    page = client.get("/")
    assert count == page.context["overview"].snapshot.buildings_in_stock
    assert page.context["on"] == timezone.localdate()


def test_the_designated_area_filter_lists_its_buildings(client_as, dataset):
    area = dataset["designated"]["stationsgebied"]
    count, _summary = _follow(
        client_as("national"), f"/gebouwen?designatedArea={area.pk}&figure=stock"
    )
    assert count == 1
    page = client_as("national").get(f"/gebieden/{area.pk}?datum=31-03-2025")
    assert page.context["overview"].snapshot.buildings_in_stock == 1
    assert page.context["tile_links"]["stock"].startswith(f"/gebouwen?designatedArea={area.pk}&")


def test_the_withdrawn_figure_counts_from_the_covenant(client_as, dataset):
    client = client_as("national")
    count, _summary = _follow(client, "/gebouwen?figure=withdrawn&datum=30-06-2012")
    assert count == 0
    response = client.get("/gebouwen?figure=withdrawn&datum=31-12-2016")
    rows = response.context["table_page"].object_list
    assert len(rows) == 5  # one per municipality, withdrawn on 01-05-2016
    assert all(row["is_withdrawn"] for row in rows)  # listed greyed, as withdrawn
