"""Drill-down (issue 14, item 1): every area page lists its child areas with their key figures on
the page's date, sortable by any column (`?sort=<kind>:<column>`, without JavaScript), each
linked to the child's page on the same date; the public sees the same aggregate figures."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buildings.selectors.statistics import area_vacancy_snapshot
from regions.models import Municipality
from regions.selectors import area_for
from tests.buildings.explore_data import DATES, explore_dataset
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory


@pytest.fixture
def dataset(db):
    return explore_dataset()


def _tables(response):
    return {table.kind: table for table in response.context["child_tables"]}


@pytest.mark.parametrize(
    ("path", "kinds", "sizes"),
    [
        ("/", ["province", "officeRegion"], [12, 20]),
        ("/provincies/PV26", ["officeRegion", "municipality"], [None, 26]),
        ("/kantorenregios/amersfoort", ["municipality"], [7]),
        ("/gemeenten/GM0344", ["designatedArea"], [2]),
    ],
)
def test_each_area_page_lists_its_children(client_as, dataset, path, kinds, sizes):
    response = client_as(None).get(path)
    assert response.status_code == 200
    tables = _tables(response)
    assert list(tables) == kinds
    for kind, size in zip(kinds, sizes, strict=True):
        if size is not None:
            assert len(tables[kind].rows) == size, kind
        assert f'id="children-{kind}"' in response.text


def test_a_designated_area_page_has_no_children_and_answers(client_as, dataset):
    area = dataset["designated"]["rijnsweerd"]
    response = client_as(None).get(f"/gebieden/{area.pk}")
    assert response.status_code == 200
    assert "Rijnsweerd" in response.text
    assert response.context["child_tables"] == []
    assert 'href="/gemeenten/GM0344"' in response.text  # the breadcrumb to its municipality
    assert client_as(None).get("/gebieden/999999").status_code == 404


@pytest.mark.parametrize(
    ("language", "policy"),
    [("nl", "Kantorenbeleid: Beperkingsgebied"), ("en", "Office policy: Restriction area")],
)
def test_a_designated_area_page_names_its_policy(client_as, dataset, language, policy):
    area = dataset["designated"]["rijnsweerd"]
    response = client_as(None).get(f"/gebieden/{area.pk}", headers={"accept-language": language})
    assert f'<p class="utrecht-paragraph" id="area-policy">{policy}</p>' in response.text


def test_the_childrens_figures_are_their_own_pages_figures_on_the_date(client_as, dataset):
    on = DATES[2]
    response = client_as(None).get(f"/provincies/PV27?datum={on.strftime('%d-%m-%Y')}")
    municipalities = _tables(response)["municipality"]
    amsterdam = next(row for row in municipalities.rows if row.name == "Amsterdam")
    snapshot = area_vacancy_snapshot(area=area_for("municipality", "GM0363"), on=on)
    values = dict(zip([h.key for h in municipalities.header[1:]], amsterdam.cells, strict=True))
    assert values["stock"].value == snapshot.stock_m2
    assert values["buildings"].value == snapshot.buildings_in_stock
    assert values["vacancy"].value == snapshot.vacancy_percentage
    assert values["structural"].value == snapshot.structurally_vacant
    assert values["stale"].value == snapshot.stale_buildings
    # Linked to the child's page on the same date; the public gets no figure links.
    assert amsterdam.url == "/gemeenten/GM0363?datum=31-12-2016"
    assert 'href="/gemeenten/GM0363?datum=31-12-2016"' in response.text
    assert not any(cell.url for cell in amsterdam.cells)


def test_a_child_without_buildings_shows_zero_stock_and_unknown_rates(client_as, dataset):
    response = client_as(None).get("/provincies/PV27")
    row = next(r for r in _tables(response)["municipality"].rows if r.name == "Zandvoort")
    stock, buildings, vacancy = row.cells[:3]
    assert (stock.value, buildings.value, vacancy.value) == (0, 0, None)
    assert re.search(r">Zandvoort</a></th>\s*<td[^>]*>0</td>", response.text)


def _names(response, kind):
    return [row.name for row in _tables(response)[kind].rows]


def test_sorting_by_any_column_without_javascript(client_as, dataset):
    client = client_as(None)
    default = _names(client.get("/provincies/PV27"), "municipality")
    assert default == sorted(default, key=str.casefold)
    by_stock = client.get("/provincies/PV27?sort=municipality:-stock")
    names = _names(by_stock, "municipality")
    assert names[:2] == ["Haarlem", "Amsterdam"]  # Haarlem's buildings are larger here
    ascending = _names(client.get("/provincies/PV27?sort=municipality:stock"), "municipality")
    assert ascending[-2:] == ["Amsterdam", "Haarlem"]
    # Unknown rates (the municipalities without buildings here) come last in either direction.
    for key in ("vacancy", "-vacancy"):
        rows = _tables(client.get(f"/provincies/PV27?sort=municipality:{key}"))["municipality"]
        assert {row.name for row in rows.rows[:2]} == {"Amsterdam", "Haarlem"}, key
        assert all(row.cells[2].value is None for row in rows.rows[2:])


def test_the_sort_links_keep_the_date_and_the_other_tables_order(client_as, dataset):
    response = client_as(None).get("/?datum=31-12-2016&sort=officeRegion:-vacancy")
    provinces = _tables(response)["province"]
    stock = next(h for h in provinces.header if h.key == "stock")
    assert "datum=31-12-2016" in stock.query
    assert "sort=officeRegion%3A-vacancy" in stock.query
    assert "sort=province%3A-stock" in stock.query
    regions = _tables(response)["officeRegion"]
    vacancy = next(h for h in regions.header if h.key == "vacancy")
    assert vacancy.state == "descending"
    assert 'aria-sort="descending"' in response.text


def test_an_unknown_sort_is_ignored(client_as, dataset):
    response = client_as(None).get("/?sort=province:nonsense&sort=street:name&sort=x")
    assert response.status_code == 200
    assert _names(response, "province")[0] == "Drenthe"


def test_a_region_reaching_into_another_province_says_so(client_as, dataset):
    regions = _tables(client_as(None).get("/provincies/PV26"))["officeRegion"]
    notes = {row.name: str(row.note) for row in regions.rows}
    assert notes["Amersfoort"] == "deel in deze provincie"
    assert notes["Utrecht"] == ""


def test_the_children_cost_a_constant_number_of_queries(client_as, dataset):
    client = client_as("province")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/provincies/PV26").status_code == 200
        return len(queries)

    few = count()
    for municipality in Municipality.objects.filter(province__code="PV26")[:10]:
        building = BuildingFactory(municipality=municipality)
        VacancyRecordFactory(building=building, vacant_area_m2=100)
    assert count() == few


def test_the_page_offers_to_compare_it_with_its_parents_and_children(client_as, dataset):
    response = client_as(None).get("/gemeenten/GM0344?datum=30-06-2012")
    assert 'action="/vergelijk"' in response.text
    assert '<input type="hidden" name="gebied" value="GM0344">' in response.text
    options = dict(response.context["compare_options"])
    assert {"NL", "PV26", "utrecht"} <= set(options)
    assert f"DA{dataset['designated']['stationsgebied'].pk}" in options
    assert "GM0344" not in options


@pytest.mark.parametrize(
    "query",
    [
        "",
        "datum=31-12-2016",
        "sort=province:-stock",
        "a=1&sort=officeRegion:-vacancy&datum=01-01-2020&sort=province:name&b=%C3%A9+x",
        "sort=x&z=sort%3Dy&xsort=1",
        "datum=1&datum=2&q=a%26b",
    ],
)
def test_the_sort_links_are_the_pages_query_with_the_columns_sort(query):
    """The header encodes the page's query once; each column's link equals the query with its
    `sort` values set in their place, as a QueryDict would write it."""
    from django.http import QueryDict

    from dashboard.drilldown import _header, _sorts

    data = QueryDict(query)
    sorts = _sorts(data)
    for kind in ("province", "officeRegion", "municipality"):
        others = [f"{k}:{v}" for k, v in sorts.items() if k != kind]
        for cell in _header(kind, data, sorts):
            expected = data.copy()
            own = cell.key if cell.state == "descending" else f"-{cell.key}"
            if cell.state == "none":
                own = cell.key if cell.key == "name" else f"-{cell.key}"
            expected.setlist("sort", [*others, f"{kind}:{own}"])
            assert cell.query == expected.urlencode(), (query, kind, cell.key)


def test_the_child_tables_ask_for_todays_date_once(client_as, dataset, monkeypatch):
    """A province's child tables link some 500 figures; asking the time zone for today per link
    cost a millisecond and a half of the page."""
    from dashboard import area_codes

    calls = []
    original = area_codes.date_query
    monkeypatch.setattr(area_codes, "date_query", lambda on: calls.append(on) or original(on))
    response = client_as(None).get("/provincies/PV26")
    assert response.status_code == 200
    assert sum(len(table.rows) for table in _tables(response).values()) > 20
    assert len(calls) <= 3


def test_the_child_rows_are_built_once_per_reach_until_the_data_changes(
    client_as, dataset, monkeypatch
):
    """The rows (hundreds of cells and links) are kept in the process under the data version:
    a second visit builds nothing, a write rebuilds them, and another reach has its own rows."""
    from dashboard import drilldown

    builds = []
    original = drilldown._child_rows
    monkeypatch.setattr(
        drilldown, "_child_rows", lambda **kwargs: builds.append(kwargs) or original(**kwargs)
    )

    def amersfoort(role):
        response = client_as(role).get("/provincies/PV26?sort=municipality:-stock")
        assert response.status_code == 200
        return next(r for r in _tables(response)["municipality"].rows if r.name == "Amersfoort")

    before = amersfoort(None)
    assert amersfoort(None) == before and len(builds) == 1
    assert not any(cell.url for cell in before.cells)
    # A provincial officer of Utrecht reaches every building: the figures link.
    officer = amersfoort("province")
    assert len(builds) == 2 and any(cell.url for cell in officer.cells)
    assert amersfoort(None) == before and len(builds) == 2
    # New stock in Amersfoort: the rows are built again, with it.
    building = BuildingFactory(
        municipality=Municipality.objects.get(name="Amersfoort"), lettable_floor_area_m2=7000
    )
    VacancyRecordFactory(building=building, observed_on=DATES[-1], vacant_area_m2=0)
    after = amersfoort(None)
    assert len(builds) == 3
    assert after.cells[0].value == before.cells[0].value + 7000


def test_the_child_tables_are_rendered_once_per_reach_language_and_query(client_as, dataset):
    """Rendering the rows took more of a warm page than the rest of it: the HTML is kept until
    the data changes, per reach, language and query, and equals a fresh rendering."""

    def visit(role, query="", language="nl"):
        response = client_as(role).get(
            f"/provincies/PV26{query}", headers={"accept-language": language}
        )
        assert response.status_code == 200
        rendered = "dashboard/_children.html" in [t.name for t in response.templates]
        tables = re.search(
            r'<section aria-labelledby="children-heading".*?</section>', response.text, re.S
        )
        return rendered, tables.group(0)

    rendered, first = visit(None)
    assert rendered
    assert visit(None) == (False, first)
    assert visit(None, "?sort=municipality:-stock")[0]
    rendered, english = visit(None, language="en")
    assert rendered and english != first
    rendered, officer = visit("province")
    assert rendered and officer != first  # the officer's figures link to the buildings
    BuildingFactory(
        municipality=Municipality.objects.get(name="Amersfoort"), lettable_floor_area_m2=7000
    )
    rendered, changed = visit(None)
    assert rendered and changed != first


@pytest.mark.parametrize(
    ("language", "growth", "restriction"),
    [("nl", "Groeigebied", "Beperkingsgebied"), ("en", "Growth area", "Restriction area")],
)
def test_the_designated_areas_policy_is_in_the_pages_language(
    client_as, dataset, language, growth, restriction
):
    response = client_as(None).get("/gemeenten/GM0344", headers={"accept-language": language})
    table = re.search(r'id="children-designatedArea".*?</table>', response.text, re.S).group(0)
    assert f'Stationsgebied</a> <span class="kt-children__note">({growth})</span>' in table
    assert f'Rijnsweerd</a> <span class="kt-children__note">({restriction})</span>' in table
