"""The area map (issue 14, item 4): the choropleth's figures of every municipality on a date as
JSON keyed by code, equal to each municipality's own statistics and public like the pages'
tiles; the map on every area page, for the public without the buildings; the buildings' map data
with what the popups show; the building page's location map."""

import datetime
import re

import pytest

from buildings.models import AreaBasis, Building
from buildings.selectors.statistics import area_vacancy_snapshot, percentage
from regions.selectors import area_for
from tests.buildings.explore_data import CODES, explore_dataset

ON = datetime.date(2025, 3, 31)


@pytest.fixture
def dataset(db):
    data = explore_dataset()
    # Labels, a building on GO and coordinates, for every layer and the buildings' points.
    for index, building in enumerate(Building.objects.filter(municipality__code="GM0344")):
        building.energy_label = ("E", "A")[index % 2]
        building.area_basis = AreaBasis.GO if index % 3 == 0 else AreaBasis.VVO
        building.latitude, building.longitude = 52.09 + index / 1000, 5.11
        building.save()
    return data


def _float(value):
    return None if value is None else float(value)


@pytest.mark.parametrize("role", [None, "utrecht"])
def test_the_choropleth_figures_equal_each_municipalitys_statistics(client_as, dataset, role):
    response = client_as(role).get("/kaart/gemeenten.json?datum=31-03-2025")
    assert response.status_code == 200
    data = response.json()
    assert data["on"] == ON.isoformat()
    assert len(data["municipalities"]) == 342
    for code in CODES:
        snapshot = area_vacancy_snapshot(area=area_for("municipality", code), on=ON)
        row = data["municipalities"][code]
        assert row["stockM2"] == snapshot.stock_m2
        assert row["vacancyPercentage"] == _float(snapshot.vacancy_percentage)
        assert row["structurallyVacant"] == snapshot.structurally_vacant
        assert row["goPercentage"] == _float(snapshot.go_stock_percentage)
        bad = snapshot.label_c_duty["non_compliant"].office_m2
        assert row["nonCompliantPercentage"] == _float(percentage(bad, snapshot.stock_m2))
    utrecht = data["municipalities"]["GM0344"]
    assert utrecht["vacancyPercentage"] > 0
    assert utrecht["goPercentage"] > 0
    assert utrecht["nonCompliantPercentage"] > 0
    assert data["municipalities"]["GM0014"]["vacancyPercentage"] is None


def test_the_choropleth_figures_in_one_query(client_as, dataset, django_assert_num_queries):
    client = client_as(None)
    client.get("/kaart/gemeenten.json")  # the session and translations warmed
    with django_assert_num_queries(1):
        assert client.get("/kaart/gemeenten.json?datum=31-03-2025").status_code == 200


@pytest.mark.parametrize("query", ["datum=xx", "datum=31-02-2025", "datum=01-01-2999"])
def test_a_date_that_cannot_be_read_is_a_400(client_as, db, query):
    response = client_as(None).get(f"/kaart/gemeenten.json?{query}")
    assert response.status_code == 400
    assert "errors" in response.json()


def test_the_public_sees_the_municipalities_map_without_buildings(client_as, dataset):
    text = client_as(None).get("/gemeenten/GM0344?datum=31-03-2025").text
    assert 'id="area-map"' in text
    assert "buildings-map" not in text
    assert 'data-boundaries="/static/maps/boundaries-2023.json"' in text
    assert 'data-figures="/kaart/gemeenten.json?datum=31-03-2025"' in text
    assert 'data-focus-kind="municipality" data-focus-code="GM0344"' in text
    assert "data-url=" not in text
    layers = re.findall(r'name="map-layer" value="(\w+)"', text)
    assert layers == ["vacancy", "structural", "goShare", "labelCDuty"]
    legend = re.search(r'id="map-legend-vacancy"[^>]*>(.*?)</ul>', text, re.S).group(1)
    assert re.findall(r'data-class="(\w+)"></span>([^<]*)<', legend) == [
        ("0", "minder dan 5%"),
        ("1", "5 tot 10%"),
        ("2", "10 tot 15%"),
        ("3", "15 tot 20%"),
        ("4", "20% of meer"),
        ("none", "geen gegevens"),
    ]


def test_a_designated_area_frames_its_municipality(client_as, dataset):
    area = dataset["designated"]["stationsgebied"]
    text = client_as("utrecht").get(f"/gebieden/{area.pk}").text
    assert 'data-focus-kind="municipality" data-focus-code="GM0344"' in text
    assert 'id="buildings-map"' in text


def test_the_map_data_carries_what_the_popup_shows(client_as, dataset):
    data = client_as("utrecht").get("/gebouwen/kaart.json?municipality=GM0344").json()
    building = data["buildings"][0]
    assert {"name", "address", "areaM2", "vacancy", "flagged", "url"} <= set(building)
    assert isinstance(building["areaM2"], int)


def test_the_building_page_shows_its_location(client_as, dataset):
    data = client_as("utrecht").get("/gebouwen/kaart.json?municipality=GM0344").json()
    text = client_as("utrecht").get(data["buildings"][0]["url"]).text
    assert 'id="building-location"' in text
    assert 'data-municipality="GM0344"' in text
    assert "js/building_map.js" in text
