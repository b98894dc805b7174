"""Actors for the workflow tests: two investors, two municipalities with officers, a fund
manager and a provincial officer."""

from dataclasses import dataclass

import pytest

from kantorentop.accounts.models import Organisation
from regions.models import Municipality
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.buildings.factories import BuildingFactory
from tests.regions.factories import MunicipalityFactory, OfficeRegionFactory


@dataclass
class World:
    municipality_a: Municipality
    municipality_b: Municipality
    investor_a: Organisation
    investor_b: Organisation
    fund_org: Organisation
    investor_a_user: object
    investor_b_user: object
    officer_a: object
    officer_b: object
    fund_manager: object
    provincial_officer: object


@pytest.fixture
def world(db):
    region = OfficeRegionFactory()
    municipality_a = MunicipalityFactory(office_region=region)
    municipality_b = MunicipalityFactory(office_region=region)
    investor_a = OrganisationFactory(name="Belegger A", kind="investor", is_covenant_investor=True)
    investor_b = OrganisationFactory(name="Belegger B", kind="investor")
    gemeente_a = OrganisationFactory(
        name="Gemeente A", kind="municipality", municipality=municipality_a
    )
    gemeente_b = OrganisationFactory(
        name="Gemeente B", kind="municipality", municipality=municipality_b
    )
    provincie = OrganisationFactory(
        name="Provincie", kind="province", province=municipality_a.province
    )
    fund_org = OrganisationFactory(name="Kantorenfonds", kind="fund")

    def member(organisation, role):
        return MembershipFactory(organisation=organisation, role=role).user

    return World(
        municipality_a=municipality_a,
        municipality_b=municipality_b,
        investor_a=investor_a,
        investor_b=investor_b,
        fund_org=fund_org,
        investor_a_user=member(investor_a, "investor"),
        investor_b_user=member(investor_b, "investor"),
        officer_a=member(gemeente_a, "municipal_officer"),
        officer_b=member(gemeente_b, "municipal_officer"),
        fund_manager=member(fund_org, "fund_manager"),
        provincial_officer=member(provincie, "provincial_officer"),
    )


@pytest.fixture
def building_a(world):
    """A building of investor A in municipality A."""
    return BuildingFactory(municipality=world.municipality_a, owner=world.investor_a)
