"""The audit of issue 13 items 1 and 7: each office rule with a pand that meets it and one that
just misses it, beside the generator's standard cases (test_import.py). The cases here are the
generator's extra cases (plan.EXTRA_CASES), so the standard plan other tests count stays as it is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from buildings.bag import static
from buildings.bag.cases import blocks
from buildings.bag.generator import write_extract
from buildings.bag.geometry import rd_to_wgs84
from buildings.bag.plan import Options
from buildings.choices import BuildingStatus
from buildings.models import AreaBasis, Building, Unit
from buildings.services.bag_import import bag_import
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory

from .conftest import SMALL
from .test_import import case_panden, pand

pytestmark = pytest.mark.django_db

LIVE_PAND = ("Pand in gebruik", "Pand in gebruik (niet ingemeten)", "Verbouwing pand")
GONE_PAND = (
    "Pand gesloopt",
    "Pand buiten gebruik",
    "Niet gerealiseerd pand",
    "Pand ten onrechte opgevoerd",
)
LIVE_UNIT = (
    "Verblijfsobject in gebruik",
    "Verblijfsobject in gebruik (niet ingemeten)",
    "Verbouwing verblijfsobject",
)
DEAD_UNIT = (
    "Verblijfsobject gevormd",
    "Niet gerealiseerd verblijfsobject",
    "Verblijfsobject ingetrokken",
    "Verblijfsobject buiten gebruik",
    "Verblijfsobject ten onrechte opgevoerd",
)

# case -> None (an office building) or the reason it is skipped: each pair meets and just misses
EXPECTED: dict[str, str | None] = {
    **{f"pand_status:{s}": None for s in LIVE_PAND},
    "pand_status:Bouwvergunning verleend": "construction",
    "pand_status:Bouw gestart": "construction",
    "pand_status:Sloopvergunning verleend": "pand_status",
    **{f"pand_status:{s}": "demolished" for s in GONE_PAND},
    **{f"unit_status:{s}": None for s in LIVE_UNIT},
    **{f"unit_status:{s}": "unit_status" for s in DEAD_UNIT},
    "unit_ends:1": None,  # ends the day after the extract: still current (1200 m2)
    "unit_ends:0": "too_small",  # ended on the extract's date: the next one counts (450 m2)
    "pand_ends:1": None,
    "pand_ends:0": "pand_missing",  # no current occurrence of the pand
    "area:2": "too_small",
    "area:9998": None,  # next to the placeholder 9999: a real area
    "area:500000": None,
    "area:500001": "too_large",  # more than the portal holds for one building
    "placeholder_beside_office": None,
    "largest_office_not_largest_unit": None,
}
RULES = Options(units=80, office_share=0.0, cases=False, extra_cases=tuple(EXPECTED))
PANDEN = case_panden(RULES)


@pytest.fixture(scope="module")
def rules_extract(tmp_path_factory):
    return write_extract(tmp_path_factory.mktemp("bag-rules"), RULES, "zip")


def _block(options: Options, case: str):
    return next(b for b in blocks(options) if b.case == case)


def test_every_extra_case_is_in_the_plan():
    assert set(PANDEN) == set(EXPECTED)


@pytest.mark.parametrize("layout", ["zip", "gpkg"])
def test_each_rule_meets_and_just_misses(rules_extract, tmp_path, layout):
    path = rules_extract if layout == "zip" else write_extract(tmp_path, RULES, layout)
    result = bag_import(path=path)
    skipped = dict(result.skipped)
    created = set(Building.objects.values_list("bag_id", flat=True))
    found = {
        case: None if panden[0] in created else skipped.get(panden[0], "absent")
        for case, panden in PANDEN.items()
    }
    assert found == EXPECTED
    assert result.created == sum(reason is None for reason in EXPECTED.values())


def test_an_ended_occurrence_gives_way_to_the_next(rules_extract):
    bag_import(path=rules_extract)
    assert Building.objects.get(bag_id=PANDEN["unit_ends:1"][0]).bag_office_area_m2 == 1200
    assert Building.objects.get(bag_id=PANDEN["pand_ends:1"][0]).bag_office_area_m2 == 1200


def test_placeholder_units_are_never_counted(rules_extract):
    result = bag_import(path=rules_extract)
    beside = Building.objects.get(bag_id=PANDEN["placeholder_beside_office"][0])
    assert beside.bag_office_area_m2 == beside.lettable_floor_area_m2 == 600
    assert list(beside.units.values_list("area_m2", flat=True)) == [600]
    assert Building.objects.get(bag_id=PANDEN["area:9998"][0]).bag_office_area_m2 == 9998
    assert beside.bag_id not in dict(result.skipped)


def test_the_address_is_the_largest_office_units_not_the_largest_units(rules_extract):
    bag_import(path=rules_extract)
    building = Building.objects.get(bag_id=PANDEN["largest_office_not_largest_unit"][0])
    assert building.bag_office_area_m2 == 700
    office_400, office_300, home_550 = (
        Unit.objects.get(bag_id=u.id)
        for u in _block(RULES, "largest_office_not_largest_unit").units
        if u.current
    )
    assert (office_400.area_m2, office_300.area_m2, home_550.area_m2) == (400, 300, 550)
    assert building.postcode == office_400.postcode
    assert building.house_number == f"{office_400.house_number}{office_400.house_letter}"
    assert office_400.address_id != home_550.address_id


@pytest.mark.parametrize("status", GONE_PAND)
def test_withdrawal_on_each_gone_status_on_its_occurrences_begin(rules_extract, status):
    case = f"pand_status:{status}"
    doesburg = Municipality.objects.get(code="GM0221")
    building = BuildingFactory(bag_id=PANDEN[case][0], municipality=doesburg)
    result = bag_import(path=rules_extract)
    building.refresh_from_db()
    current = next(p for p in _block(RULES, case).panden if p.current)
    assert current.status == status
    assert building.status == BuildingStatus.DEMOLISHED
    assert building.withdrawn_on == current.occ.begin
    assert result.withdrawn == 1
    assert building.bag_id not in dict(result.skipped)  # a withdrawal, not a skip


def test_a_pand_status_change_withdraws_on_the_pands_occurrence(rules_extract):
    case = "pand_status:Sloopvergunning verleend"
    doesburg = Municipality.objects.get(code="GM0221")
    building = BuildingFactory(bag_id=PANDEN[case][0], municipality=doesburg)
    bag_import(path=rules_extract)
    building.refresh_from_db()
    block = _block(RULES, case)
    pand_begin = next(p for p in block.panden if p.current).occ.begin
    unit_begin = next(u for u in block.units if u.current).occ.begin
    assert unit_begin > pand_begin  # the unit changed later: that is not the cause
    assert building.withdrawn_on == pand_begin


@pytest.mark.parametrize("status", DEAD_UNIT)
def test_a_unit_status_change_withdraws_on_the_units_occurrence(rules_extract, status):
    case = f"unit_status:{status}"
    doesburg = Municipality.objects.get(code="GM0221")
    building = BuildingFactory(bag_id=PANDEN[case][0], municipality=doesburg)
    bag_import(path=rules_extract)
    building.refresh_from_db()
    block = _block(RULES, case)
    unit = next(u for u in block.units if u.current)
    assert unit.status == status
    assert building.status == BuildingStatus.TRANSFORMED
    assert building.withdrawn_on == unit.occ.begin


def test_a_withdrawal_for_a_smaller_office_is_on_the_units_change(extract_small, doesburg):
    shrunk = BuildingFactory(bag_id=pand("too_small_499"), municipality=doesburg)
    bag_import(path=extract_small)
    shrunk.refresh_from_db()
    block = _block(SMALL, "too_small_499")
    assert shrunk.withdrawn_on == next(u for u in block.units if u.current).occ.begin


def test_a_go_building_follows_the_bag_a_vvo_building_keeps_its_area(extract_small, doesburg):
    go = BuildingFactory(
        bag_id=pand("office_500"),
        municipality=doesburg,
        area_basis=AreaBasis.GO,
        lettable_floor_area_m2=800,
    )
    vvo = BuildingFactory(
        bag_id=pand("office_half"), municipality=doesburg, lettable_floor_area_m2=800
    )
    bag_import(path=extract_small)
    go.refresh_from_db()
    vvo.refresh_from_db()
    assert (go.area_basis, go.lettable_floor_area_m2, go.bag_office_area_m2) == ("GO", 500, 500)
    assert (vvo.area_basis, vvo.lettable_floor_area_m2, vvo.bag_office_area_m2) == (
        "VVO",
        800,
        600,
    )


def test_the_place_is_the_pands_centroid_from_rd_new(extract_small):
    bag_import(path=extract_small)
    for case in ("office", "multi_pand", "unit_polygon"):
        building = Building.objects.get(bag_id=pand(case))
        x0, y0, x1, y1 = next(p.box for p in _block(SMALL, case).panden if p.id == pand(case))
        lon, lat = rd_to_wgs84((x0 + x1) / 2, (y0 + y1) / 2)
        assert building.longitude == Decimal(str(lon)).quantize(Decimal("0.000001"))
        assert building.latitude == Decimal(str(lat)).quantize(Decimal("0.000001"))
        # not the unit's point, which lies a metre or two inside the corner
        unit_lon, _ = rd_to_wgs84(*next(u.point for u in _block(SMALL, case).units))
        assert abs(float(building.longitude) - unit_lon) > 1e-5


def _woonplaats_of(options: Options) -> dict[str, str]:
    """The woonplaats of each office pand's largest office unit's address, from the plan."""
    street_place = {street: place for street, _, place in static.streets(options)}
    result = {}
    for block in blocks(options):
        offices = [u for u in block.units if u.current and "kantoorfunctie" in u.uses]
        if block.case != "ordinary" or not offices:
            continue
        unit = max(offices, key=lambda u: (u.area, [-ord(c) for c in u.id]))
        address = next(a for a in block.addresses if a.id == unit.address_id)
        result[block.panden[0].id] = street_place[address.street_id]
    return result


def test_the_municipality_comes_from_the_woonplaats_relation_on_the_date(tmp_path):
    """Woonplaats B belonged to 0999 until 2016 (static.py): in an extract of 2015 its offices
    have no municipality of the portal, in one of today they are in 0221."""
    assert not Municipality.objects.filter(code="GM0999").exists()
    place_a, place_b = SMALL.woonplaatsen
    today = _woonplaats_of(SMALL)
    assert set(today.values()) == {place_a, place_b}
    bag_import(path=write_extract(tmp_path / "today", SMALL))
    municipality = dict(Building.objects.values_list("bag_id", "municipality__code"))
    assert {municipality[p] for p, place in today.items() if p in municipality} == {"GM0221"}
    assert any(place == place_b and p in municipality for p, place in today.items())

    Unit.objects.all().delete()
    Building.objects.all().delete()
    old = dataclasses.replace(SMALL, date=dt.date(2015, 6, 1))
    places = _woonplaats_of(old)
    result = bag_import(path=write_extract(tmp_path / "old", old))
    skipped = dict(result.skipped)
    created = set(Building.objects.values_list("bag_id", flat=True))
    in_b = [p for p, place in places.items() if place == place_b]
    in_a = [p for p, place in places.items() if place == place_a]
    assert in_b and in_a
    assert all(skipped.get(p) in {"unknown_municipality", "too_small", "mixed_use"} for p in in_b)
    assert any(skipped.get(p) == "unknown_municipality" for p in in_b)
    assert not created & set(in_b)
    assert created & set(in_a)


@pytest.fixture(scope="module")
def extract_small(tmp_path_factory):
    return write_extract(tmp_path_factory.mktemp("bag-small"), SMALL, "zip")


@pytest.fixture
def doesburg():
    return Municipality.objects.get(code="GM0221")
