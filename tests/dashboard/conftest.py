"""Roles and buildings for the dashboard tests: Utrecht (GM0344, PV26) and Amsterdam (GM0363)."""

import datetime

import pytest
from django.test import Client

from regions.models import Municipality, Province
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory


@pytest.fixture
def utrecht(db):
    return Municipality.objects.get(code="GM0344")


@pytest.fixture
def amsterdam(db):
    return Municipality.objects.get(code="GM0363")


@pytest.fixture
def owner(db):
    return OrganisationFactory(name="Belegger A", kind="investor")


@pytest.fixture
def utrecht_building(utrecht, owner):
    building = BuildingFactory(
        bag_id="0344100000000001",
        name="Utrechts kantoor",
        municipality=utrecht,
        lettable_floor_area_m2=8000,
        latitude="52.0900",
        longitude="5.1100",
        owner=owner,
    )
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2011, 12, 31), vacant_area_m2=7000
    )
    return building


@pytest.fixture
def amsterdam_building(amsterdam):
    building = BuildingFactory(
        bag_id="0363100000000001",
        name="Amsterdams kantoor",
        municipality=amsterdam,
        lettable_floor_area_m2=12000,
        city="Amsterdam",
        latitude="52.3700",
        longitude="4.9000",
    )
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2012, 3, 31), vacant_area_m2=3000
    )
    return building


def _member(username, role, **organisation):
    membership = MembershipFactory(
        user=UserFactory(username=username),
        organisation=OrganisationFactory(name=f"Organisatie van {username}", **organisation),
        role=role,
    )
    return membership.user


@pytest.fixture
def users(utrecht, amsterdam, owner):
    """One user per role, by name."""
    investor = UserFactory(username="belegger")
    MembershipFactory(user=investor, organisation=owner, role="investor")
    return {
        "utrecht": _member(
            "utrecht.ambtenaar", "municipal_officer", kind="municipality", municipality=utrecht
        ),
        "amsterdam": _member(
            "amsterdam.ambtenaar", "municipal_officer", kind="municipality", municipality=amsterdam
        ),
        "province": _member(
            "utrecht.provincie",
            "provincial_officer",
            kind="province",
            province=Province.objects.get(code="PV26"),
        ),
        "national": _member("rijk", "national_officer", kind="national"),
        "investor": investor,
    }


@pytest.fixture
def client_as(users):
    """A client signed in as one of `users` (None: anonymous)."""

    def make(role):
        client = Client()
        if role is not None:
            client.force_login(users[role])
        return client

    return make
