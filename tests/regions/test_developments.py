"""Development control: no new office m2 in restriction and transformation areas."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from kantorentop.accounts.services import api_client_create
from regions.models import DevelopmentProject
from regions.services import development_project_create, development_project_update
from tests.buildings.factories import BuildingFactory
from tests.regions.factories import DesignatedAreaFactory

pytestmark = pytest.mark.django_db


def _create(world, **kwargs):
    values = {
        "user": world.officer_a,
        "municipality": world.municipality_a,
        "name": "Kantoorpark Noord",
        "office_area_m2": 12000,
        "expected_completion": datetime.date(2015, 1, 1),
    }
    values.update(kwargs)
    return development_project_create(**values)


@pytest.mark.parametrize("kind", ["restriction", "transformation"])
def test_refused_in_restriction_and_transformation_areas(world, kind):
    area = DesignatedAreaFactory(municipality=world.municipality_a, kind=kind)
    with pytest.raises(ValidationError) as excinfo:
        _create(world, designated_area=area)
    assert excinfo.value.error_dict["designated_area"][0].code == "covenant_restricted_area"
    assert not DevelopmentProject.objects.filter(designated_area=area).exists()


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("nl", "(Amstel III is een transformatiegebied)."),
        ("en", "(Amstel III is a transformation area)."),
    ],
)
def test_the_refusal_names_the_areas_policy_in_one_language(world, language, says):
    area = DesignatedAreaFactory(
        municipality=world.municipality_a, name="Amstel III", kind="transformation"
    )
    with translation.override(language):
        with pytest.raises(ValidationError) as excinfo:
            _create(world, designated_area=area)
        [message] = excinfo.value.message_dict["designated_area"]
    assert message.endswith(says)


@pytest.mark.parametrize("kind", ["growth", "consolidation"])
def test_allowed_in_growth_and_consolidation_areas(world, kind):
    area = DesignatedAreaFactory(municipality=world.municipality_a, kind=kind)
    project = _create(world, designated_area=area)
    assert project.pk


@pytest.mark.parametrize("kind", ["restriction", "transformation"])
def test_trigger_refuses_direct_insert_and_update(world, kind):
    restricted = DesignatedAreaFactory(municipality=world.municipality_a, kind=kind)
    growth = DesignatedAreaFactory(municipality=world.municipality_a, kind="growth")
    with pytest.raises(IntegrityError), transaction.atomic():
        DevelopmentProject.objects.create(
            name="Omweg",
            municipality=world.municipality_a,
            designated_area=restricted,
            office_area_m2=100,
        )
    project = _create(world, designated_area=growth)
    with pytest.raises(IntegrityError), transaction.atomic():
        DevelopmentProject.objects.filter(pk=project.pk).update(designated_area=restricted)
    # Cancelling a project stays possible, also in an area re-zoned after its registration.
    DevelopmentProject.objects.filter(pk=project.pk).update(
        designated_area=restricted, status="cancelled"
    )


def test_area_must_lie_in_the_municipality(world):
    area = DesignatedAreaFactory(municipality=world.municipality_b, kind="growth")
    with pytest.raises(ValidationError) as excinfo:
        _create(world, designated_area=area)
    assert "designated_area" in excinfo.value.error_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        DevelopmentProject.objects.create(
            name="Elders",
            municipality=world.municipality_a,
            designated_area=area,
            office_area_m2=100,
        )


def test_tenant_relocation_needs_building_left_behind_and_vision(world):
    with pytest.raises(ValidationError) as excinfo:
        _create(world, tenant_relocation=True)
    assert set(excinfo.value.error_dict) == {"building_left_behind", "vision_for_left_behind"}
    left = BuildingFactory(municipality=world.municipality_a)
    with pytest.raises(ValidationError) as excinfo:
        _create(world, tenant_relocation=True, building_left_behind=left)
    assert set(excinfo.value.error_dict) == {"vision_for_left_behind"}
    project = _create(
        world,
        tenant_relocation=True,
        building_left_behind=left,
        vision_for_left_behind="Transformatie naar woningen",
    )
    assert project.building_left_behind == left


def test_only_officers_of_the_area_register(world):
    for user in (world.officer_b, world.investor_a_user, world.fund_manager):
        with pytest.raises(PermissionDenied):
            _create(world, user=user)
    assert _create(world, user=world.provincial_officer).pk


def test_update_follows_the_same_rules(world):
    project = _create(world)
    restricted = DesignatedAreaFactory(municipality=world.municipality_a, kind="restriction")
    with pytest.raises(ValidationError):
        development_project_update(
            project=project, user=world.officer_a, designated_area=restricted
        )
    with pytest.raises(PermissionDenied):
        development_project_update(project=project, user=world.officer_b, office_area_m2=1)
    development_project_update(project=project, user=world.officer_a, status="permitted")
    project.refresh_from_db()
    assert project.status == "permitted"


def test_registration_records_the_officer(world):
    project = _create(world)
    project.refresh_from_db()
    assert project.registered_by == world.officer_a
    assert project.registered_by_client is None
    # A change by another officer of the area leaves who registered it as it was.
    development_project_update(project=project, user=world.provincial_officer, status="permitted")
    project.refresh_from_db()
    assert project.registered_by == world.officer_a


def test_the_database_refuses_two_registrars(world):
    project = _create(world)
    client, _key = api_client_create(name="Provincie Utrecht", province_code="PV26")

    with pytest.raises(IntegrityError), transaction.atomic():
        DevelopmentProject.objects.filter(pk=project.pk).update(registered_by_client=client)


def test_registration_in_the_admin_records_the_administrator(world, admin_client, admin_user):
    response = admin_client.post(
        "/admin/regions/developmentproject/add/",
        {
            "name": "Beheerkantoor",
            "municipality": world.municipality_a.pk,
            "office_area_m2": 1500,
            "status": "planned",
            "vision_for_left_behind": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project = DevelopmentProject.objects.get(name="Beheerkantoor")
    assert project.registered_by == admin_user
    # Who registered it is shown, not edited.
    page = admin_client.get(f"/admin/regions/developmentproject/{project.pk}/change/")
    assert 'name="registered_by"' not in page.content.decode()
    assert admin_user.get_username() in page.content.decode()
