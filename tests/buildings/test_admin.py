"""The buildings admin: pages load, and saves go through the services' rules."""

import datetime

import pghistory
import pytest
from django.urls import reverse
from django.utils import translation

from buildings.models import Building, TransformationPlan, VacancyRecord
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "building",
        "vacancyrecord",
        "structuralvacancyflag",
        "flagrun",
        "transformationplan",
        "markettransaction",
        "importjob",
    ],
)
def test_changelists_load(admin_client, model):
    record = VacancyRecordFactory()
    FlagFactory(building=record.building)
    response = admin_client.get(reverse(f"admin:buildings_{model}_changelist"), {"q": "9999"})
    assert response.status_code == 200


def test_flags_are_read_only(admin_client):
    flag = FlagFactory()
    assert admin_client.get(reverse("admin:buildings_structuralvacancyflag_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:buildings_structuralvacancyflag_change", args=[flag.pk]),
        {"status": "dismissed"},
    )
    assert response.status_code == 403


def _building_form(building, **overrides):
    data = {
        "bag_id": building.bag_id,
        "name": building.name,
        "street": building.street,
        "house_number": building.house_number,
        "postcode": building.postcode,
        "city": building.city,
        "municipality": building.municipality_id,
        "lettable_floor_area_m2": building.lettable_floor_area_m2,
        "status": building.status,
    }
    data.update(overrides)
    return data


def test_adding_a_building_normalises_the_postcode(admin_client):
    template = BuildingFactory.build(municipality=BuildingFactory().municipality)
    data = _building_form(template, bag_id="0344100000999999", postcode="3511ab")
    response = admin_client.post(reverse("admin:buildings_building_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Building.objects.get(bag_id="0344100000999999").postcode == "3511 AB"


def test_lettable_area_below_a_record_is_refused_next_to_the_field(admin_client):
    building = BuildingFactory(lettable_floor_area_m2=6000)
    VacancyRecordFactory(building=building, vacant_area_m2=5500)
    url = reverse("admin:buildings_building_change", args=[building.pk])
    response = admin_client.post(url, _building_form(building, lettable_floor_area_m2=5000))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "lettable_floor_area_m2" in errors
    building.refresh_from_db()
    assert building.lettable_floor_area_m2 == 6000


def test_a_record_above_the_lettable_area_is_refused(admin_client):
    building = BuildingFactory(lettable_floor_area_m2=6000)
    data = {
        "building": building.pk,
        "observed_on": "2020-01-01",
        "vacant_area_m2": 6001,
        "source": "survey",
        "note": "",
    }
    response = admin_client.post(reverse("admin:buildings_vacancyrecord_add"), data)
    assert response.status_code == 200
    assert "vacant_area_m2" in response.context["adminform"].form.errors
    data["vacant_area_m2"] = 6000
    response = admin_client.post(reverse("admin:buildings_vacancyrecord_add"), data)
    assert response.status_code == 302
    record = VacancyRecord.objects.get(building=building)
    assert record.observed_on == datetime.date(2020, 1, 1)
    assert record.recorded_by.username == "admin"


def test_the_earlier_version_of_a_changed_record_is_listed_read_only(admin_client):
    record = VacancyRecordFactory(vacant_area_m2=1000)
    VacancyRecord.objects.filter(pk=record.pk).update(vacant_area_m2=1500)

    url = reverse("admin:buildings_vacancyrecordevent_changelist")
    response = admin_client.get(url, {"q": record.building.bag_id})

    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [(row.id, row.vacant_area_m2, row.pgh_label) for row in rows] == [
        (record.pk, 1000, "update")
    ]
    assert admin_client.get(reverse("admin:buildings_vacancyrecordevent_add")).status_code == 403


def test_plan_versions_are_filtered_and_labelled_in_dutch(admin_client):
    owner = OrganisationFactory(kind="investor")
    plan = TransformationPlan.objects.create(
        building=BuildingFactory(owner=owner), organisation=owner, kind="demolition"
    )
    TransformationPlan.objects.filter(pk=plan.pk).update(description="Gewijzigd")
    url = reverse("admin:buildings_transformationplanevent_changelist")

    with translation.override("nl"):
        response = admin_client.get(url, {"change": "update"}, HTTP_ACCEPT_LANGUAGE="nl")

    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [(row.id, row.description) for row in rows] == [(plan.pk, "Gewijzigd")]
    assert "gewijzigd" in response.content.decode()


def test_a_version_page_names_pghistorys_fields_in_dutch(admin_client):
    building = BuildingFactory(lettable_floor_area_m2=1000)
    Building.objects.filter(pk=building.pk).update(lettable_floor_area_m2=1200)
    version = Building.pgh_event_models["update"].objects.get(pgh_obj=building)

    response = admin_client.get(
        reverse("admin:buildings_buildingevent_change", args=[version.pk]),
        HTTP_ACCEPT_LANGUAGE="nl",
    )

    html = response.content.decode()
    assert response.status_code == 200
    for label in ("Wijziging:", "Huidige versie:", "Context van de wijziging:"):
        assert label in html
    assert '<div class="readonly">gewijzigd</div>' in html
    assert f"<title>eerdere versie van een gebouw {version.pk} |" in html
    for english in ("Pgh ", "The event label.", "Context object", "BuildingEvent object"):
        assert english not in html


def test_a_version_page_says_who_changed_it(admin_client):
    record = VacancyRecordFactory(vacant_area_m2=1000)
    with pghistory.context(user=7, url="/gebouwen"):
        VacancyRecord.objects.filter(pk=record.pk).update(vacant_area_m2=1500)
    version = VacancyRecord.pgh_event_models["update"].objects.get(id=record.pk)

    response = admin_client.get(
        reverse("admin:buildings_vacancyrecordevent_change", args=[version.pk]),
        HTTP_ACCEPT_LANGUAGE="nl",
    )

    # jsonb keeps its keys sorted
    assert '<div class="readonly">adres: /gebouwen, gebruikers-id: 7</div>' in response.text
