"""The CSV export holds exactly the filtered set, with Dutch column names."""

import csv
import io

import pytest

from tests.buildings.factories import BuildingFactory


def _rows(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.django_db
def test_export_equals_the_filtered_set(client_as, utrecht, utrecht_building, amsterdam_building):
    small = BuildingFactory(
        bag_id="0344100000000002", municipality=utrecht, lettable_floor_area_m2=900
    )
    large = BuildingFactory(
        bag_id="0344100000000003", municipality=utrecht, lettable_floor_area_m2=20000
    )
    client = client_as("national")
    query = "municipality=GM0344&minFloorArea=1000&ordering=-lettableFloorAreaM2"
    rows = _rows(client.get(f"/gebouwen/export.csv?{query}"))
    assert rows[0][:2] == ["BAG-id", "Naam"]
    assert "Leegstand (%)" in rows[0]
    assert [row[0] for row in rows[1:]] == [large.bag_id, utrecht_building.bag_id]
    assert small.bag_id not in {row[0] for row in rows}
    # The table shows the same set.
    table = client.get(f"/gebouwen?{query}").text
    assert large.bag_id in table and utrecht_building.bag_id in table
    assert small.bag_id not in table and amsterdam_building.bag_id not in table


@pytest.mark.django_db
def test_export_uses_dutch_notation(client_as, utrecht_building):
    rows = _rows(client_as("utrecht").get("/gebouwen/export.csv"))
    header, row = rows[0], rows[1]
    assert row[header.index("Leegstand (%)")] == "87,5"
    assert row[header.index("Laatste registratie")] == "31-12-2011"
    assert row[header.index("Leegstaand (m2)")] == "7000"


@pytest.mark.django_db
def test_export_is_limited_to_the_scope(client_as, utrecht_building, amsterdam_building):
    rows = _rows(client_as("amsterdam").get("/gebouwen/export.csv"))
    assert [row[0] for row in rows[1:]] == [amsterdam_building.bag_id]


@pytest.mark.django_db
def test_export_is_streamed(client_as, utrecht_building):
    response = client_as("utrecht").get("/gebouwen/export.csv")
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
