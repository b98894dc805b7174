"""People and places of the Leegstandwet tests: Utrecht's officer, an owner, a building."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from regions.models import Municipality
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory
from tests.vacancy_law.factories import OrdinanceFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "verslag.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def utrecht_gm(db):
    return Municipality.objects.get(code="GM0344")


@pytest.fixture
def officer(utrecht_gm):
    organisation = OrganisationFactory(
        name="Gemeente Utrecht", kind="municipality", municipality=utrecht_gm
    )
    return MembershipFactory(
        user=UserFactory(username="ambtenaar"), organisation=organisation, role="municipal_officer"
    ).user


@pytest.fixture
def owner_org(db):
    return OrganisationFactory(name="Belegger BV")


@pytest.fixture
def owner(owner_org):
    return MembershipFactory(
        user=UserFactory(username="eigenaar"), organisation=owner_org, role="investor"
    ).user


@pytest.fixture
def building(utrecht_gm, owner_org):
    return BuildingFactory(
        municipality=utrecht_gm,
        owner=owner_org,
        bag_id="0344100000077777",
        lettable_floor_area_m2=4000,
    )


@pytest.fixture
def ordinance(utrecht_gm):
    return OrdinanceFactory(municipality=utrecht_gm)


@pytest.fixture
def record(building):
    return VacancyRecordFactory(
        building=building, observed_on=datetime.date(2024, 3, 31), vacant_area_m2=3000
    )
