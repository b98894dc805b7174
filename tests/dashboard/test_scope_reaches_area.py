"""Whether a scope reaches an area's buildings (dashboard.selectors.scope_reaches_area): the area
pages show their map, table and exports only then."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboard.selectors import scope_reaches_area
from kantorentop.accounts.scopes import PUBLIC, Scope
from tests.buildings.factories import BuildingFactory
from tests.regions.factories import MunicipalityFactory, OfficeRegionFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    utrecht = ProvinceFactory(code="PV26", name="Utrecht")
    holland = ProvinceFactory(code="PV27", name="Noord-Holland")
    region = OfficeRegionFactory()
    inside = MunicipalityFactory(province=utrecht, office_region=region)
    outside = MunicipalityFactory(province=holland, office_region=region)
    return {"utrecht": utrecht, "holland": holland, "region": region, "in": inside, "out": outside}


def _reaches(scope, kind, row):
    with CaptureQueriesContext(connection) as queries:
        reaches = scope_reaches_area(scope=scope, kind=kind, row=row)
    return reaches, len(queries)


def test_an_officers_own_province_and_municipality_cost_no_query(areas):
    province = Scope(province_codes=frozenset({"PV26"}))
    municipal = Scope(municipality_codes=frozenset({areas["in"].code}))
    assert _reaches(province, "province", areas["utrecht"]) == (True, 0)
    assert _reaches(municipal, "municipality", areas["in"]) == (True, 0)
    assert _reaches(Scope(national=True), "province", areas["holland"]) == (True, 0)
    assert _reaches(PUBLIC, "province", areas["utrecht"]) == (False, 0)


def test_other_areas_are_looked_up(areas):
    province = Scope(province_codes=frozenset({"PV26"}))
    municipal = Scope(municipality_codes=frozenset({areas["in"].code}))
    assert _reaches(province, "province", areas["holland"])[0] is False
    assert _reaches(province, "municipality", areas["in"])[0] is True  # in its province
    assert _reaches(province, "municipality", areas["out"])[0] is False
    assert _reaches(province, "officeRegion", areas["region"])[0] is True  # partly
    assert _reaches(municipal, "province", areas["utrecht"])[0] is True  # its municipality
    assert _reaches(municipal, "province", areas["holland"])[0] is False


def test_an_owner_reaches_the_areas_of_its_buildings(areas):
    building = BuildingFactory(owned=True, municipality=areas["out"])
    owner = Scope(owner_organisation_ids=frozenset({building.owner_id}))
    assert _reaches(owner, "province", areas["holland"])[0] is True
    assert _reaches(owner, "province", areas["utrecht"])[0] is False
    assert _reaches(owner, "officeRegion", areas["region"])[0] is True
