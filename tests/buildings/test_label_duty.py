"""The label-C duty rule (buildings.selectors.label_duty): each branch with a building that meets
it and one that just misses it."""

import datetime

import pytest

from buildings.models import Building
from tests.buildings.factories import BuildingFactory, EnergyLabelFactory, UnitFactory

pytestmark = pytest.mark.django_db

D = datetime.date(2026, 12, 1)


def duty(building: Building, on: datetime.date = D) -> str | None:
    return Building.objects.with_label_duty(on=on).get(pk=building.pk).label_c_duty


def office(building: Building, area: int = 1000, label: str | None = "C", **label_kw) -> None:
    unit = UnitFactory(building=building, area_m2=area)
    if label:
        EnergyLabelFactory(unit_bag_id=unit.bag_id, energy_class=label, **label_kw)


def test_no_duty_before_2023():
    building = BuildingFactory()
    office(building, label="G")
    assert duty(building, datetime.date(2022, 12, 31)) is None
    assert duty(building, datetime.date(2023, 1, 1)) == "non_compliant"


def test_every_office_unit_c_or_better_is_compliant_and_one_unlabelled_is_unknown():
    compliant, unknown = BuildingFactory(), BuildingFactory()
    for building in (compliant, unknown):
        office(building, label="A+")
        office(building, label="C")
    office(unknown, label=None)
    assert duty(compliant) == "compliant"
    assert duty(unknown) == "unknown"


def test_one_office_unit_d_or_worse_is_non_compliant():
    building = BuildingFactory()
    office(building, label="A")
    office(building, label="D")
    office(building, label=None)
    assert duty(building) == "non_compliant"


def test_exempt_under_100_m2_of_office_or_under_half_the_area():
    small, just = BuildingFactory(), BuildingFactory()
    office(small, area=99, label="G")
    office(just, area=100, label="G")
    minority, half = BuildingFactory(), BuildingFactory()
    for building, office_area in ((minority, 499), (half, 500)):
        office(building, area=office_area, label="G")
        UnitFactory(building=building, area_m2=1000 - office_area, uses=["woonfunctie"])
    assert duty(small) == "exempt"
    assert duty(just) == "non_compliant"
    assert duty(minority) == "exempt"
    assert duty(half) == "non_compliant"


def test_non_office_units_need_no_label():
    building = BuildingFactory()
    office(building, area=800, label="B")
    UnitFactory(building=building, area_m2=200, uses=["winkelfunctie"])
    assert duty(building) == "compliant"


def test_the_latest_recorded_valid_label_counts():
    newer_bad, expired_good = BuildingFactory(), BuildingFactory()
    unit = UnitFactory(building=newer_bad)
    EnergyLabelFactory(
        unit_bag_id=unit.bag_id, energy_class="A", recorded_on=datetime.date(2020, 1, 1)
    )
    EnergyLabelFactory(
        unit_bag_id=unit.bag_id, energy_class="E", recorded_on=datetime.date(2024, 1, 1)
    )
    office(expired_good, label="A", valid_until=datetime.date(2026, 11, 30))
    assert duty(newer_bad) == "non_compliant"
    assert duty(newer_bad, datetime.date(2023, 6, 1)) == "compliant"  # E not yet recorded
    assert duty(expired_good) == "unknown"
    assert duty(expired_good, datetime.date(2026, 11, 30)) == "compliant"


def test_same_recording_date_then_latest_registration_counts():
    building = BuildingFactory()
    unit = UnitFactory(building=building)
    day = datetime.date(2023, 5, 1)
    EnergyLabelFactory(
        unit_bag_id=unit.bag_id, energy_class="C", recorded_on=day, registered_on=day
    )
    EnergyLabelFactory(
        unit_bag_id=unit.bag_id,
        energy_class="D",
        recorded_on=day,
        registered_on=day + datetime.timedelta(1),
    )
    assert duty(building) == "non_compliant"


def test_a_building_without_units_uses_its_own_label():
    good = BuildingFactory(energy_label="C")
    bad = BuildingFactory(energy_label="D")
    none = BuildingFactory(energy_label=None)
    tiny = BuildingFactory(energy_label="G", lettable_floor_area_m2=99)
    assert [duty(b) for b in (good, bad, none, tiny)] == [
        "compliant",
        "non_compliant",
        "unknown",
        "exempt",
    ]
