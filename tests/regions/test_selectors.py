import datetime

import pytest
from django.core.exceptions import ValidationError

from regions.models import Municipality, OfficeRegion, Province
from regions.selectors import NATION, area_resolve, office_region_municipality_codes
from tests.regions.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "code", "model", "name"),
    [
        ("province", "PV26", Province, "Utrecht"),
        ("province", "pv27", Province, "Noord-Holland"),
        ("municipality", "GM0518", Municipality, "'s-Gravenhage"),
        ("officeRegion", "den-haag", OfficeRegion, "Den Haag"),
    ],
)
def test_area_resolve(kind, code, model, name):
    area = area_resolve(kind=kind, code=code)
    assert isinstance(area, model)
    assert area.name == name


@pytest.mark.parametrize("code", ["NL", "nl", ""])
def test_area_resolve_nation(code):
    assert area_resolve(kind="nation", code=code) is None
    assert NATION.code == "NL"


def test_area_resolve_finds_a_dissolved_municipality():
    successor = MunicipalityFactory(code="GM9301")
    MunicipalityFactory(code="GM9302", dissolved_on=datetime.date(2027, 1, 1), successor=successor)
    assert area_resolve(kind="municipality", code="GM9302").successor == successor


@pytest.mark.parametrize(
    ("kind", "code", "field", "error_code"),
    [
        ("province", "PV99", "code", "unknown_area"),
        ("municipality", "GM0000", "code", "unknown_area"),
        ("officeRegion", "atlantis", "code", "unknown_area"),
        ("nation", "BE", "code", "unknown_area"),
        ("gemeente", "GM0363", "kind", "unknown_kind"),
    ],
)
def test_area_resolve_unknown(kind, code, field, error_code):
    with pytest.raises(ValidationError) as error:
        area_resolve(kind=kind, code=code)
    assert [e.code for e in error.value.error_dict[field]] == [error_code]
    assert (kind if field == "kind" else code) in error.value.messages[0]


def test_office_region_municipality_codes_sorted_and_current_only():
    region = OfficeRegion.objects.get(slug="almere")
    MunicipalityFactory(code="GM9311", office_region=region)
    MunicipalityFactory(
        code="GM9312",
        office_region=region,
        dissolved_on=datetime.date(2027, 1, 1),
    )
    assert office_region_municipality_codes(slug="almere") == ["GM0034", "GM9311"]


def test_office_region_municipality_codes_unknown_slug():
    with pytest.raises(ValidationError) as error:
        office_region_municipality_codes(slug="atlantis")
    assert "slug" in error.value.error_dict
