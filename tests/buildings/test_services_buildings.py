"""building_create / building_update: each rule of the domain spec, reported on its field."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from buildings.models import Building
from buildings.services.buildings import building_create, building_update
from buildings.services.errors import OutOfScope
from kantorentop.accounts.scopes import Scope
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory
from tests.regions.factories import DesignatedAreaFactory, MunicipalityFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

NATIONAL = Scope(national=True)


def _fields(municipality, **overrides):
    fields = {
        "bag_id": "0344100000123456",
        "name": "Central Office",
        "street": "Stationsplein",
        "house_number": "1",
        "postcode": "3511 AB",
        "city": "Utrecht",
        "municipality": municipality,
        "lettable_floor_area_m2": 6000,
    }
    fields.update(overrides)
    return fields


def _codes(excinfo) -> dict[str, list[str]]:
    return {
        field: [error.code for error in errors]
        for field, errors in excinfo.value.error_dict.items()
    }


def test_create_saves_a_valid_building_and_normalises_the_postcode():
    municipality = MunicipalityFactory()
    building = building_create(
        scope=NATIONAL,
        **_fields(
            municipality,
            postcode="3511ab",
            gross_floor_area_m2=6000,
            energy_label="A++",
            latitude=52.0894449,
            longitude="5.1100",
            completed_on=datetime.date(1990, 1, 1),
            withdrawn_on=datetime.date(2020, 1, 1),
        ),
    )
    building.refresh_from_db()
    assert building.postcode == "3511 AB"
    assert building.latitude == Decimal("52.089445")
    assert building.energy_label == "A++"


@pytest.mark.parametrize("lettable", [1, 500_000])
def test_lettable_area_bounds_are_inclusive(lettable):
    building = building_create(
        scope=NATIONAL, **_fields(MunicipalityFactory(), lettable_floor_area_m2=lettable)
    )
    assert building.lettable_floor_area_m2 == lettable


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"bag_id": "034410000012345"}, "bag_id", "invalid_bag_id"),  # 15 digits
        ({"bag_id": "03441000001234567"}, "bag_id", "invalid_bag_id"),  # 17 digits
        ({"bag_id": "0344200000123456"}, "bag_id", "invalid_bag_id"),  # object type 20
        ({"bag_id": "034410000012345X"}, "bag_id", "invalid_bag_id"),
        ({"postcode": "0123 AB"}, "postcode", "invalid_postcode"),
        ({"postcode": "1234 SA"}, "postcode", "invalid_postcode"),
        ({"postcode": "1234sd"}, "postcode", "invalid_postcode"),
        ({"postcode": "1234 SS"}, "postcode", "invalid_postcode"),
        ({"postcode": "12345 AB"}, "postcode", "invalid_postcode"),
        ({"lettable_floor_area_m2": 0}, "lettable_floor_area_m2", "out_of_range"),
        ({"lettable_floor_area_m2": 500_001}, "lettable_floor_area_m2", "out_of_range"),
        ({"gross_floor_area_m2": 5999}, "gross_floor_area_m2", "below_lettable"),
        ({"energy_label": "H"}, "energy_label", "invalid_choice"),
        ({"energy_label": "a"}, "energy_label", "invalid_choice"),
        ({"latitude": 50.69, "longitude": 5}, "latitude", "outside_netherlands"),
        ({"latitude": 53.71, "longitude": 5}, "latitude", "outside_netherlands"),
        ({"latitude": 52, "longitude": 3.19}, "longitude", "outside_netherlands"),
        ({"latitude": 52, "longitude": 7.31}, "longitude", "outside_netherlands"),
        ({"latitude": 52}, "longitude", "coordinates_incomplete"),
        ({"longitude": 5}, "latitude", "coordinates_incomplete"),
        (
            {"completed_on": datetime.date(2000, 1, 2), "withdrawn_on": datetime.date(2000, 1, 1)},
            "withdrawn_on",
            "withdrawn_before_completed",
        ),
        ({"status": "ruin"}, "status", "invalid_choice"),
    ],
)
def test_create_refuses_each_broken_rule_on_its_field(overrides, field, code):
    with pytest.raises(ValidationError) as excinfo:
        building_create(scope=NATIONAL, **_fields(MunicipalityFactory(), **overrides))
    assert code in _codes(excinfo)[field]
    assert not Building.objects.filter(bag_id=_fields(None, **overrides)["bag_id"]).exists()


def test_values_are_read_as_the_buildings_fields_read_them():
    """A string a field converts is accepted, as a form would accept it."""
    building = building_create(
        scope=NATIONAL,
        **_fields(
            MunicipalityFactory(),
            lettable_floor_area_m2="6000",
            gross_floor_area_m2=Decimal("6500"),
            completed_on="1990-01-01",
            latitude="52.0894449",
            longitude=5.11004449,
        ),
    )
    building.refresh_from_db()
    assert (building.lettable_floor_area_m2, building.gross_floor_area_m2) == (6000, 6500)
    assert building.completed_on == datetime.date(1990, 1, 1)
    assert building.latitude == Decimal("52.089445")
    # A float is rounded once, from the decimal it is written as: not to 8 digits (5.1100445)
    # first and then to 6 decimals (5.110045).
    assert building.longitude == Decimal("5.110044")


WHOLE_LETTABLE = "Give the lettable area in whole m2."
WHOLE_GROSS = "Give the gross area in whole m2."


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"lettable_floor_area_m2": "zesduizend"}, "lettable_floor_area_m2", WHOLE_LETTABLE),
        ({"lettable_floor_area_m2": 6000.5}, "lettable_floor_area_m2", WHOLE_LETTABLE),
        ({"lettable_floor_area_m2": Decimal("6000.5")}, "lettable_floor_area_m2", WHOLE_LETTABLE),
        ({"lettable_floor_area_m2": None}, "lettable_floor_area_m2", WHOLE_LETTABLE),
        ({"gross_floor_area_m2": 6000.5}, "gross_floor_area_m2", WHOLE_GROSS),
        ({"gross_floor_area_m2": 0}, "gross_floor_area_m2", WHOLE_GROSS),
        ({"completed_on": "2000-13-45"}, "completed_on", "Give a date."),
        ({"withdrawn_on": object()}, "withdrawn_on", "Give a date."),
        (
            {"latitude": "noord", "longitude": 5},
            "latitude",
            "\u201cnoord\u201d value must be a decimal number.",
        ),
    ],
)
def test_a_value_its_field_cannot_hold_is_refused_as_invalid(overrides, field, message):
    with pytest.raises(ValidationError) as excinfo:
        building_create(scope=NATIONAL, **_fields(MunicipalityFactory(), **overrides))
    assert _codes(excinfo) == {field: ["invalid"]}
    with translation.override("en"):
        assert excinfo.value.message_dict == {field: [message]}
    assert not Building.objects.exists()


def test_create_reports_several_fields_at_once():
    with pytest.raises(ValidationError) as excinfo:
        building_create(
            scope=NATIONAL,
            **_fields(MunicipalityFactory(), bag_id="1", postcode="x", lettable_floor_area_m2=0),
        )
    assert set(_codes(excinfo)) == {"bag_id", "postcode", "lettable_floor_area_m2"}


def test_a_bag_id_is_registered_once():
    municipality = MunicipalityFactory()
    building_create(scope=NATIONAL, **_fields(municipality))
    with pytest.raises(ValidationError) as excinfo:
        building_create(scope=NATIONAL, **_fields(municipality))
    assert _codes(excinfo)["bag_id"] == ["unique"]


def test_designated_area_must_lie_in_the_buildings_municipality():
    municipality = MunicipalityFactory()
    elsewhere = DesignatedAreaFactory(municipality=MunicipalityFactory())
    with pytest.raises(ValidationError) as excinfo:
        building_create(scope=NATIONAL, **_fields(municipality, designated_area=elsewhere))
    assert _codes(excinfo)["designated_area"] == ["other_municipality"]
    here = DesignatedAreaFactory(municipality=municipality)
    assert building_create(scope=NATIONAL, **_fields(municipality, designated_area_id=here.pk))


def test_unknown_field_names_are_a_programming_error():
    with pytest.raises(TypeError):
        building_create(scope=NATIONAL, **_fields(MunicipalityFactory(), floors=3))


class TestScope:
    def test_province_and_municipality_scopes_write_their_own_area_only(self):
        utrecht = MunicipalityFactory(province=ProvinceFactory(code="PV26"))
        groningen = MunicipalityFactory(province=ProvinceFactory(code="PV20", name="Groningen"))
        province = Scope(province_codes=frozenset({"PV26"}))
        assert building_create(scope=province, **_fields(utrecht))
        with pytest.raises(OutOfScope):
            building_create(scope=province, **_fields(groningen, bag_id="0014100000000001"))
        local = Scope(municipality_codes=frozenset({groningen.code}))
        assert building_create(scope=local, **_fields(groningen, bag_id="0014100000000001"))
        with pytest.raises(OutOfScope):
            building_create(scope=local, **_fields(utrecht, bag_id="0344100000000002"))

    def test_read_only_and_owner_scopes_write_no_building(self):
        building = BuildingFactory()
        for scope in (
            Scope(national=True, read_only=True),
            Scope(owner_organisation_ids=frozenset({1})),
            Scope(),
        ):
            with pytest.raises(OutOfScope):
                building_create(scope=scope, **_fields(building.municipality, bag_id="1"))
            with pytest.raises(OutOfScope):
                building_update(scope=scope, building=building, name="x")

    def test_a_building_cannot_be_moved_out_of_the_scope(self):
        building = BuildingFactory()
        scope = Scope(municipality_codes=frozenset({building.municipality.code}))
        with pytest.raises(OutOfScope):
            building_update(scope=scope, building=building, municipality=MunicipalityFactory())
        building.refresh_from_db()
        assert building.municipality.code in scope.municipality_codes

    def test_a_building_outside_the_scope_cannot_be_changed(self):
        building = BuildingFactory()
        scope = Scope(municipality_codes=frozenset({MunicipalityFactory().code}))
        with pytest.raises(OutOfScope):
            building_update(scope=scope, building=building, name="Mine now")


class TestUpdate:
    def test_update_validates_and_saves(self):
        building = BuildingFactory(lettable_floor_area_m2=6000)
        building_update(scope=NATIONAL, building=building, postcode="1012ab", name="New name")
        assert building.postcode == "1012 AB"
        building.refresh_from_db()
        assert (building.name, building.postcode) == ("New name", "1012 AB")

        with pytest.raises(ValidationError) as excinfo:
            building_update(scope=NATIONAL, building=building, gross_floor_area_m2=100)
        assert _codes(excinfo) == {"gross_floor_area_m2": ["below_lettable"]}
        building.refresh_from_db()
        assert building.gross_floor_area_m2 is None

    def test_lettable_area_cannot_drop_below_a_recorded_vacant_area(self):
        building = BuildingFactory(lettable_floor_area_m2=6000)
        VacancyRecordFactory(building=building, vacant_area_m2=5000)
        with pytest.raises(ValidationError) as excinfo:
            building_update(scope=NATIONAL, building=building, lettable_floor_area_m2=4999)
        assert _codes(excinfo) == {"lettable_floor_area_m2": ["below_recorded_vacancy"]}
        building.refresh_from_db()
        assert building.lettable_floor_area_m2 == 6000
        # Down to the recorded vacant area is fine.
        building_update(scope=NATIONAL, building=building, lettable_floor_area_m2=5000)
        building.refresh_from_db()
        assert building.lettable_floor_area_m2 == 5000
