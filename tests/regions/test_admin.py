"""The regions admin: every list renders, in a number of queries that does not grow with rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.models import DevelopmentProject, OfficeRegion
from tests.regions.factories import DesignatedAreaFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

MODELS = [
    "province",
    "municipality",
    "officeregion",
    "designatedarea",
    "regionalvision",
    "developmentproject",
]


def add_rows():
    for _ in range(3):
        area = DesignatedAreaFactory(municipality=MunicipalityFactory())
        DevelopmentProject.objects.create(
            name=area.name, municipality=area.municipality, designated_area=area, office_area_m2=1
        )


def changelist_queries(client, model):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse(f"admin:regions_{model}_changelist"))
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("model", MODELS)
def test_changelist_query_count_is_constant(admin_client, model):
    before = changelist_queries(admin_client, model)
    add_rows()
    assert changelist_queries(admin_client, model) == before


def test_municipality_search_and_filters(admin_client):
    url = reverse("admin:regions_municipality_changelist")
    response = admin_client.get(url, {"q": "GM0363"})
    assert "Amsterdam" in response.content.decode()
    dissolved = MunicipalityFactory(code="GM9401", name="Opgeheven", dissolved_on="2027-01-01")
    response = admin_client.get(url, {"dissolved": "yes"})
    assert dissolved.name in response.content.decode()
    assert "GM0363" not in response.content.decode()
    region = OfficeRegion.objects.get(slug="eindhoven")
    response = admin_client.get(url, {"office_region__id__exact": region.pk})
    content = response.content.decode()
    assert "GM0861" in content
    assert "GM0363" not in content


def test_office_region_change_page_lists_its_municipalities(admin_client):
    region = OfficeRegion.objects.get(slug="utrecht")
    response = admin_client.get(reverse("admin:regions_officeregion_change", args=[region.pk]))
    assert response.status_code == 200
    assert "Nieuwegein" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "labels", "not_shown"),
    [
        ("nl", ["Groeigebied", "Transformatiegebied"], ["Growth", "Transformation"]),
        ("en", ["Growth area", "Transformation area"], ["transformatiegebied", "Groeigebied"]),
    ],
)
def test_designated_areas_policy_in_the_admins_language(admin_client, language, labels, not_shown):
    """The list, its filter and the form name the policy in one language (the glossary's terms)."""
    area = DesignatedAreaFactory(municipality=MunicipalityFactory(), kind="transformation")
    headers = {"accept-language": language}
    listing = admin_client.get(
        reverse("admin:regions_designatedarea_changelist"), headers=headers
    ).text
    form = admin_client.get(
        reverse("admin:regions_designatedarea_change", args=[area.pk]), headers=headers
    ).text
    for label in labels:
        assert label in listing  # the filter names every policy
        assert label in form  # the select offers every policy
    assert f'<td class="field-kind">{labels[1]}</td>' in listing
    for text in not_shown:
        assert text not in listing and text not in form
