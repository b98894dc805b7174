"""The BAG import (issue 13 items 1-3): every office rule with a pand that meets it and one that
just misses it, on a generated extract of the Kadaster's layout."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import override_settings

from buildings.bag.cases import blocks
from buildings.bag.generator import write_extract
from buildings.choices import BuildingStatus
from buildings.models import AreaBasis, Building, Unit
from buildings.services.bag_import import bag_import

from .conftest import SMALL

pytestmark = pytest.mark.django_db


def case_panden(options=SMALL) -> dict[str, list[str]]:
    """The pand ids of each named case of the generator's plan, in order."""
    found: dict[str, list[str]] = {}
    for block in blocks(options):
        if block.case != "ordinary":
            found[block.case] = list(dict.fromkeys(p.id for p in block.panden))
    return found


CASES = case_panden()


def pand(case: str, index: int = 0) -> str:
    return CASES[case][index]


@pytest.fixture(scope="module")
def extract(tmp_path_factory) -> Path:
    return write_extract(tmp_path_factory.mktemp("bag-import"), SMALL, "zip")


@pytest.fixture
def imported(extract):
    return bag_import(path=extract)


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("office", None),
        ("office_500", None),  # 500 m2 is enough
        ("too_small_499", "too_small"),  # 499 is not
        ("mixed_use", None),  # one unit with several uses counts whole
        ("office_half", None),  # office 600 of 1200: half is enough
        ("office_minority", "mixed_use"),  # 600 of 1201 is not
        ("under_construction", "construction"),
        ("placeholder_1", "placeholder_area"),
        ("placeholder_9999", "placeholder_area"),
        ("placeholder_999999", "placeholder_area"),
        ("multi_pand", None),
        ("demolished", "demolished"),
        ("inactive", None),
        ("corrected", None),
        ("bouwjaar_unknown", None),
        ("unit_polygon", None),
    ],
)
def test_each_rule_case(imported, case, reason):
    skipped = dict(imported.skipped)
    if reason is None:
        assert Building.objects.filter(bag_id=pand(case)).exists(), case
        assert pand(case) not in skipped
    else:
        assert not Building.objects.filter(bag_id=pand(case)).exists(), case
        assert skipped[pand(case)] == reason


def test_a_unit_in_two_panden_counts_once_in_the_first(imported):
    first = Building.objects.get(bag_id=pand("multi_pand", 0))
    assert first.bag_office_area_m2 == 3000
    assert not Building.objects.filter(bag_id=pand("multi_pand", 1)).exists()
    assert pand("multi_pand", 1) not in dict(imported.skipped)


def test_only_current_occurrences_count(imported):
    # a later inactive occurrence (7000 m2) and a corrected registration (70 m2) are not current
    assert Building.objects.get(bag_id=pand("inactive")).bag_office_area_m2 == 1200
    assert Building.objects.get(bag_id=pand("corrected")).bag_office_area_m2 == 700


def test_a_new_building_stands_on_go_with_its_place_address_and_units(imported):
    building = Building.objects.select_related("municipality").get(bag_id=pand("office_half"))
    assert building.area_basis == AreaBasis.GO
    assert building.lettable_floor_area_m2 == building.bag_office_area_m2 == 600
    assert building.bag_extract_date == SMALL.date
    assert building.municipality.code == "GM0221"
    assert building.status == BuildingStatus.IN_USE and building.withdrawn_on is None
    assert Decimal("50.7") < building.latitude < Decimal("53.7")
    assert Decimal("3.2") < building.longitude < Decimal("7.3")
    units = list(building.units.order_by("bag_id"))
    assert [u.uses for u in units] == [["kantoorfunctie"], ["woonfunctie"]]
    assert [u.area_m2 for u in units] == [600, 600]
    office = units[0]
    # the address is the main address of the largest office unit
    assert building.street == office.street and building.street
    assert building.postcode == office.postcode and len(building.postcode) == 7
    assert building.house_number.startswith(str(office.house_number))
    assert building.city == office.city != ""
    assert office.extract_date == SMALL.date
    assert len(office.address_id) == 16


def test_bouwjaar_9999_is_unknown(imported):
    assert Building.objects.get(bag_id=pand("bouwjaar_unknown")).construction_year is None
    assert Building.objects.get(bag_id=pand("office")).construction_year is not None


def test_counts_and_the_same_file_twice_changes_nothing(extract, imported):
    offices = Building.objects.filter(bag_extract_date=SMALL.date).count()
    assert imported.created == offices > 10
    assert (imported.updated, imported.unchanged, imported.withdrawn) == (0, 0, 0)
    assert len(imported.skipped) == 7
    units = list(Unit.objects.values_list("bag_id", "area_m2"))
    stamps = dict(Building.objects.values_list("bag_id", "updated_at"))
    again = bag_import(path=extract)
    assert (again.created, again.updated, again.withdrawn) == (0, 0, 0)
    assert again.unchanged == offices
    assert again.skipped == imported.skipped
    assert list(Unit.objects.values_list("bag_id", "area_m2")) == units
    assert dict(Building.objects.values_list("bag_id", "updated_at")) == stamps


@override_settings(BAG_MIN_OFFICE_AREA_M2=501, BAG_MIN_OFFICE_SHARE=0.6)
def test_thresholds_are_settings(extract):
    result = bag_import(path=extract)
    skipped = dict(result.skipped)
    assert skipped[pand("office_500")] == "too_small"
    assert skipped[pand("office_half")] == "mixed_use"
    assert not Building.objects.filter(bag_id=pand("office_500")).exists()


def test_the_address_is_the_largest_office_units(imported):
    """An ordinary office pand with office units of different areas: its largest gives the
    address (the plan's units, not the import's, say which one that is)."""
    checked = 0
    for block in blocks(SMALL):
        units = {u.id: u for u in block.units if u.current and "kantoorfunctie" in u.uses}
        areas = sorted((u.area for u in units.values()), reverse=True)
        if block.case != "ordinary" or len(areas) < 2 or areas[0] == areas[1]:
            continue
        building = Building.objects.filter(bag_id=block.panden[0].id).first()
        if building is None:
            continue
        largest = max(units.values(), key=lambda u: u.area)
        assert Unit.objects.get(bag_id=largest.id).postcode == building.postcode
        smaller = [u for u in units.values() if u.id != largest.id]
        assert all(Unit.objects.get(bag_id=u.id).address_id != largest.address_id for u in smaller)
        assert building.house_number.startswith(
            str(Unit.objects.get(bag_id=largest.id).house_number)
        )
        checked += 1
    assert checked >= 1


@pytest.mark.parametrize("layout", ["folder", "gpkg"])
def test_every_layout_gives_the_same_stock(tmp_path, extract, layout):
    """A folder of the parts and the BAG GeoPackage give the offices the zip gives."""
    zipped = bag_import(path=extract)
    offices = dict(Building.objects.values_list("bag_id", "bag_office_area_m2").order_by("bag_id"))
    Unit.objects.all().delete()
    Building.objects.all().delete()
    other = bag_import(path=write_extract(tmp_path, SMALL, layout))
    assert other.created == zipped.created
    assert dict(other.skipped) == dict(zipped.skipped)
    assert (
        dict(Building.objects.values_list("bag_id", "bag_office_area_m2").order_by("bag_id"))
        == offices
    )
    assert not Building.objects.filter(municipality__code="GM0221", street="").exists()


def test_a_municipality_the_portal_does_not_know_is_skipped(tmp_path):
    options = dataclasses.replace(SMALL, municipality="0998", units=40)
    result = bag_import(path=write_extract(tmp_path, options))
    assert result.created == 0
    assert set(dict(result.skipped).values()) >= {"unknown_municipality", "too_small"}
    assert dict(result.skipped)[case_panden(options)["office"][0]] == "unknown_municipality"


def test_an_import_for_one_municipality_leaves_the_others(tmp_path):
    # A national extract covers every municipality: imported for one, it leaves the others.
    national = write_extract(tmp_path, dataclasses.replace(SMALL, national=True))
    result = bag_import(path=national, municipality="GM0363")
    assert result.created == 0
    assert dict(result.skipped)[pand("office")] == "other_municipality"
    assert bag_import(path=national, municipality="0221").created > 10
