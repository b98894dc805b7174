"""The database keeps the BAG fields' invariants, whatever path writes them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from buildings.models import AreaBasis, Building, Unit
from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db


def _unit(building, **fields):
    values = {
        "bag_id": "0221010000000001",
        "building": building,
        "uses": ["kantoorfunctie"],
        "area_m2": 600,
        "status": "Verblijfsobject in gebruik",
        "extract_date": dt.date(2026, 11, 1),
    }
    return Unit.objects.create(**{**values, **fields})


@pytest.mark.parametrize(
    "fields",
    [
        {"bag_id": "0221100000000001"},  # a pand id, not a unit's
        {"bag_id": "022101000000001"},
        {"area_m2": 0},
        {"uses": []},
        {"address_id": "0221010000000001"},
    ],
)
def test_unit_invariants(fields):
    building = BuildingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        _unit(building, **fields)
    assert _unit(building).area_m2 == 600  # the valid unit is accepted


@pytest.mark.parametrize(
    ("fields", "valid"),
    [
        ({"area_basis": "BVO"}, False),
        ({"bag_office_area_m2": 0}, False),
        ({"area_basis": AreaBasis.GO, "bag_office_area_m2": 1}, True),
    ],
)
def test_building_bag_fields(fields, valid):
    building = BuildingFactory()
    update = Building.objects.filter(pk=building.pk)
    if valid:
        update.update(**fields)
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            update.update(**fields)
    assert Building.objects.get(pk=building.pk).area_basis == (
        AreaBasis.GO if valid else AreaBasis.VVO
    )
