"""Smaller page defects of issue 11: the filter drop-downs' labels and empty choices, and the area
pages' building-level parts only for who may see the area's buildings."""

import re

import pytest

from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db


def _select(text, name):
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', text, re.S)
    assert match, name
    return match.group(1)


def test_the_flag_filter_has_one_empty_choice(client_as, utrecht_building):
    text = client_as("utrecht").get("/gebouwen").text
    options = re.findall(r"<option[^>]*>([^<]*)</option>", _select(text, "flagged"))
    assert options == ["Gesignaleerd of niet", "Gesignaleerd", "Niet gesignaleerd"]


def test_area_drop_downs_are_labelled_by_name_not_code(client_as, utrecht_building):
    text = client_as("utrecht").get("/gebouwen").text
    assert "CBS-code" not in text
    assert "bijvoorbeeld GM0344" not in text
    for name, label in (
        ("municipality", "Gemeente"),
        ("province", "Provincie"),
        ("officeRegion", "Kantorenregio"),
    ):
        assert re.search(rf'<label[^>]*for="filter-{name}"[^>]*>{label}</label>', text), name


def test_an_officer_of_another_area_gets_no_empty_map_nor_exports(
    client_as, utrecht_building, amsterdam_building
):
    text = client_as("utrecht").get("/gemeenten/GM0363").text
    assert "buildings-map" not in text
    assert "export.csv" not in text
    assert amsterdam_building.bag_id not in text
    assert "buiten wat u mag inzien" in text
    # The officer's own area, its province and the nation keep them.
    for url in ("/gemeenten/GM0344", "/provincies/PV26", "/kantorenregios/utrecht", "/"):
        assert "buildings-map" in client_as("utrecht").get(url).text, url
    assert "buildings-map" not in client_as("utrecht").get("/provincies/PV27").text


def test_an_owner_sees_the_map_where_it_owns_a_building(client_as, users, owner, amsterdam):
    assert "buildings-map" not in client_as("investor").get("/gemeenten/GM0363").text
    BuildingFactory(bag_id="0363100000000077", municipality=amsterdam, owner=owner)
    text = client_as("investor").get("/gemeenten/GM0363").text
    assert "buildings-map" in text
    assert "0363100000000077" in text
