"""The label-C enforcement worklist of a municipality (buildings.selectors.label_duty_worklist)."""

import datetime

import pytest

from buildings.selectors.label_duty_worklist import label_duty_worklist
from tests.buildings.factories import BuildingFactory, EnergyLabelFactory, UnitFactory
from tests.regions.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

D = datetime.date(2026, 12, 1)


@pytest.fixture
def town():
    """Offices of each status in one municipality, and a non-compliant one elsewhere."""
    municipality = MunicipalityFactory()

    def building(bag_id, **fields):
        return BuildingFactory(bag_id=bag_id, municipality=municipality, **fields)

    bad = building("9999100000000002", lettable_floor_area_m2=3000, area_basis="GO")
    good_unit = UnitFactory(
        building=bad, bag_id="9999010000000002", area_m2=1000, street="Kade", house_number=2
    )
    EnergyLabelFactory(unit_bag_id=good_unit.bag_id, energy_class="B")
    bad_unit = UnitFactory(
        building=bad,
        bag_id="9999010000000001",
        area_m2=2000,
        street="Kade",
        house_number=1,
        house_letter="a",
    )
    EnergyLabelFactory(
        unit_bag_id=bad_unit.bag_id, energy_class="E", valid_until=datetime.date(2030, 5, 1)
    )
    UnitFactory(building=bad, bag_id="9999010000000003", area_m2=400, uses=["woonfunctie"])
    unknown = building("9999100000000001", lettable_floor_area_m2=1500)
    UnitFactory(building=unknown, bag_id="9999010000000004", area_m2=1500)
    typed_in = building("9999100000000003", energy_label="F", lettable_floor_area_m2=900)
    compliant = building("9999100000000004")
    UnitFactory(building=compliant, bag_id="9999010000000005")
    EnergyLabelFactory(unit_bag_id="9999010000000005", energy_class="A")
    building("9999100000000005", lettable_floor_area_m2=50)  # exempt
    withdrawn = building("9999100000000006", energy_label="G", withdrawn_on=D)
    elsewhere = BuildingFactory(bag_id="9999100000000007", energy_label="G")
    return {
        "municipality": municipality,
        "bad": bad,
        "unknown": unknown,
        "typed_in": typed_in,
        "withdrawn": withdrawn,
        "elsewhere": elsewhere,
    }


def test_the_offices_that_do_not_meet_the_duty_or_are_unknown(town):
    offices = label_duty_worklist(municipality=town["municipality"], on=D)
    assert [(office.bag_id, office.label_c_duty) for office in offices] == [
        ("9999100000000001", "unknown"),
        ("9999100000000002", "non_compliant"),
        ("9999100000000003", "non_compliant"),
    ]


def test_each_office_unit_with_its_label_on_the_date(town):
    unknown, bad, typed_in = label_duty_worklist(municipality=town["municipality"], on=D)
    assert (bad.office_m2, bad.area_basis) == (3000, "GO")
    # Office units only (not the dwelling), by BAG id, with the label valid on the date.
    assert [(u.bag_id, u.address, u.area_m2, u.energy_class, u.valid_until) for u in bad.units] == [
        ("9999010000000001", "Kade 1a", 2000, "E", datetime.date(2030, 5, 1)),
        ("9999010000000002", "Kade 2", 1000, "B", datetime.date(2032, 3, 1)),
    ]
    assert [(u.energy_class, u.valid_until) for u in unknown.units] == [(None, None)]
    assert typed_in.units == [] and typed_in.energy_label == "F"


def test_nothing_before_2023_and_two_queries_whatever_the_size(town, django_assert_num_queries):
    assert (
        label_duty_worklist(municipality=town["municipality"], on=datetime.date(2022, 12, 31)) == []
    )
    with django_assert_num_queries(2):
        label_duty_worklist(municipality=town["municipality"], on=D)
    for _ in range(20):
        extra = BuildingFactory(municipality=town["municipality"])
        UnitFactory(building=extra)
        UnitFactory(building=extra)
    with django_assert_num_queries(2):
        assert len(label_duty_worklist(municipality=town["municipality"], on=D)) == 23
