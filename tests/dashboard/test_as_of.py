"""The buildings table, the map data and the exports show the buildings as they stood on the page's
date (`?datum=`), as the key figures do; without a date, as they are today."""

import csv
import datetime
import io

import pytest

from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

COVENANT = "datum=30-06-2012"


@pytest.fixture
def history(utrecht):
    """Four Utrecht buildings whose vacancy, flag and status changed after 30-06-2012."""
    emptied = BuildingFactory(
        bag_id="0344100000000011",
        name="Toen leeg",
        municipality=utrecht,
        lettable_floor_area_m2=8000,
        latitude="52.09",
        longitude="5.11",
    )
    VacancyRecordFactory(
        building=emptied, observed_on=datetime.date(2011, 12, 31), vacant_area_m2=7000
    )
    VacancyRecordFactory(
        building=emptied, observed_on=datetime.date(2020, 6, 30), vacant_area_m2=1000
    )
    # Flagged in 2012, resolved in 2020.
    FlagFactory(
        building=emptied,
        vacant_since=datetime.date(2008, 12, 31),
        flagged_on=datetime.date(2012, 3, 31),
        status="resolved",
        resolved_on=datetime.date(2020, 6, 30),
        resolution="vacancy_below_threshold",
    )
    filled = BuildingFactory(
        bag_id="0344100000000012",
        name="Nu leeg",
        municipality=utrecht,
        lettable_floor_area_m2=6000,
        latitude="52.08",
        longitude="5.12",
    )
    VacancyRecordFactory(building=filled, observed_on=datetime.date(2012, 3, 31), vacant_area_m2=0)
    VacancyRecordFactory(
        building=filled, observed_on=datetime.date(2020, 3, 31), vacant_area_m2=6000
    )
    FlagFactory(
        building=filled,
        vacant_since=datetime.date(2020, 3, 31),
        flagged_on=datetime.date(2024, 3, 31),
        status="open",
    )
    newer = BuildingFactory(
        bag_id="0344100000000013",
        name="Later gebouwd",
        municipality=utrecht,
        completed_on=datetime.date(2015, 1, 1),
        latitude="52.07",
        longitude="5.13",
    )
    VacancyRecordFactory(building=newer, observed_on=datetime.date(2016, 1, 1), vacant_area_m2=600)
    transformed = BuildingFactory(
        bag_id="0344100000000014",
        name="Nu woningen",
        municipality=utrecht,
        completed_on=datetime.date(1990, 1, 1),
        withdrawn_on=datetime.date(2018, 1, 1),
        status="transformed",
    )
    return {"emptied": emptied, "filled": filled, "newer": newer, "transformed": transformed}


def _table(client, query):
    response = client.get(f"/gebouwen?{query}", headers={"HX-Request": "true"})
    assert response.status_code == 200, response.text
    return response.text


def _row(html, bag_id):
    start = html.index(f">{bag_id}</a>")
    return html[start : html.index("</tr>", start)]


@pytest.mark.django_db
def test_table_shows_the_vacancy_flag_and_status_of_the_date(client_as, history):
    client = client_as("utrecht")
    then = _table(client, COVENANT)
    assert "87,5%" in _row(then, "0344100000000011")
    assert "31-12-2011" in _row(then, "0344100000000011")
    assert "gesignaleerd" in _row(then, "0344100000000011")
    assert "0,0%" in _row(then, "0344100000000012")
    assert "gesignaleerd" not in _row(then, "0344100000000012")
    assert "In gebruik als kantoor" in _row(then, "0344100000000014")
    # Not built yet on 30-06-2012.
    assert "0344100000000013" not in then
    assert "30-06-2012" in then

    now = _table(client, "")
    assert "12,5%" in _row(now, "0344100000000011")
    assert "gesignaleerd" not in _row(now, "0344100000000011")
    assert "100,0%" in _row(now, "0344100000000012")
    assert "gesignaleerd" in _row(now, "0344100000000012")
    # Withdrawn in 2018: out of today's stock, listed only when the filter asks for it.
    assert "0344100000000014" not in now
    assert "Getransformeerd" in _row(_table(client, "withdrawn=include"), "0344100000000014")
    assert "0344100000000013" in now


def _bag_ids(html):
    return sorted(
        bag_id
        for bag_id in (
            "0344100000000011",
            "0344100000000012",
            "0344100000000013",
            "0344100000000014",
        )
        if f">{bag_id}</a>" in html
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "then", "now"),
    [
        ("minVacancyPercentage=50", ["0344100000000011"], ["0344100000000012"]),
        ("flagged=true", ["0344100000000011"], ["0344100000000012"]),
        (
            "flagged=false",
            ["0344100000000012", "0344100000000014"],
            ["0344100000000011", "0344100000000013"],
        ),
        (
            "flagged=false&withdrawn=include",
            ["0344100000000012", "0344100000000014"],
            ["0344100000000011", "0344100000000013", "0344100000000014"],
        ),
        ("withdrawn=only", [], ["0344100000000014"]),
        ("status=transformed", [], ["0344100000000014"]),
        ("status=in_use", ["0344100000000011", "0344100000000012", "0344100000000014"], None),
    ],
)
def test_filters_read_the_date(client_as, history, query, then, now):
    client = client_as("utrecht")
    assert _bag_ids(_table(client, f"{query}&{COVENANT}")) == then
    if now is not None:
        assert _bag_ids(_table(client, query)) == now


@pytest.mark.django_db
def test_sorting_by_vacancy_reads_the_date(client_as, history):
    client = client_as("utrecht")
    then = _table(client, f"ordering=-vacancyPercentage&{COVENANT}")
    assert then.index("0344100000000011") < then.index("0344100000000012")
    now = _table(client, "ordering=-vacancyPercentage")
    assert now.index("0344100000000012") < now.index("0344100000000011")


@pytest.mark.django_db
def test_area_page_table_map_and_export_links_follow_the_date(client_as, history):
    response = client_as("utrecht").get(f"/gemeenten/GM0344?{COVENANT}")
    html = response.text
    assert "87,5%" in _row(html, "0344100000000011")
    assert "0344100000000013" not in html
    assert "/gebouwen/kaart.json?municipality=GM0344&amp;datum=30-06-2012" in html
    assert "/gebouwen/export.csv?municipality=GM0344&amp;datum=30-06-2012" in html
    assert "/gebouwen/export.xlsx?municipality=GM0344&amp;datum=30-06-2012" in html
    # Sorting and paging the area's table keep the date.
    assert "datum=30-06-2012&amp;ordering=vacancyPercentage" in html
    today = client_as("utrecht").get("/gemeenten/GM0344").text
    assert "12,5%" in _row(today, "0344100000000011")
    assert "datum=" not in today.split('id="buildings-map"')[1].split(">")[0]


@pytest.mark.django_db
def test_map_data_follows_the_date(client_as, history):
    client = client_as("utrecht")

    def buildings(query):
        response = client.get(f"/gebouwen/kaart.json?municipality=GM0344&{query}")
        assert response.status_code == 200
        return {b["bagId"]: (b["vacancy"], b["flagged"]) for b in response.json()["buildings"]}

    assert buildings(COVENANT) == {
        "0344100000000011": (87.5, True),
        "0344100000000012": (0.0, False),
    }
    assert buildings("") == {
        "0344100000000011": (12.5, False),
        "0344100000000012": (100.0, True),
        "0344100000000013": (10.0, False),
    }


def _csv(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    return rows[0], {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


@pytest.mark.django_db
def test_csv_export_follows_the_date(client_as, history):
    client = client_as("utrecht")
    response = client.get(f"/gebouwen/export.csv?{COVENANT}")
    assert 'filename="kantoren-20120630.csv"' in response["Content-Disposition"]
    header, rows = _csv(response)
    assert sorted(rows) == ["0344100000000011", "0344100000000012", "0344100000000014"]
    emptied = rows["0344100000000011"]
    assert emptied["Leegstand (%)"] == "87,5"
    assert emptied["Leegstaand (m2)"] == "7000"
    assert emptied["Laatste registratie"] == "31-12-2011"
    assert emptied["Signalering actief"] == "ja"
    assert emptied["Peildatum"] == "30-06-2012"
    assert rows["0344100000000014"]["Status"] == "In gebruik als kantoor"

    _, rows = _csv(client.get("/gebouwen/export.csv?flagged=true"))
    assert list(rows) == ["0344100000000012"]
    assert rows["0344100000000012"]["Leegstand (%)"] == "100,0"
    assert rows["0344100000000012"]["Laatste registratie"] == "31-03-2020"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["export.csv", "export.xlsx", "kaart.json"])
def test_an_unreadable_date_is_a_400_for_exports_and_the_map(client_as, history, path):
    response = client_as("utrecht").get(f"/gebouwen/{path}?datum=31-02-2012")
    assert response.status_code == 400


@pytest.mark.django_db
def test_the_api_lists_buildings_as_they_are_now(history):
    # The shared FilterSet reads the state its queryset carries: the API's is today's.
    from rest_framework.test import APIClient

    from kantorentop.accounts.services import api_client_create

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_client_create(name='Landelijk')[1]}")
    response = api.get("/api/v1/buildings?flagged=true&minVacancyPercentage=50&datum=30-06-2012")
    assert response.status_code == 200, response.content
    assert [b["bagId"] for b in response.json()["results"]] == ["0344100000000012"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/gemeenten/GM0344", "/gebouwen"])
def test_a_tables_building_links_carry_the_date(client_as, history, path):
    """From a table on a date, a building's page shows the building on that date; on today's
    table its links name no date."""
    client = client_as("utrecht")
    then = client.get(f"{path}?{COVENANT}").text
    assert 'href="/gebouwen/0344100000000011?datum=30-06-2012">0344100000000011</a>' in then
    today = client.get(path).text
    assert 'href="/gebouwen/0344100000000011">0344100000000011</a>' in today
