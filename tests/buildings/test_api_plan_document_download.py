"""GET /transformation-plans/{planId}/documents/{documentId}: the PDF through the API (issue 11,
item 19), scoped like the plan."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from buildings.services.plan_documents import plan_document_add
from buildings.services.plans import plan_create, plan_submit
from kantorentop.accounts.services import api_client_create
from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _key(province_code: str) -> Client:
    key = api_client_create(name="Provincie", province_code=province_code)[1]
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def _problem(response, status: int) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == status


@pytest.fixture
def plan(world, building_a, media):
    return plan_create(user=world.investor_a_user, building=building_a, kind="demolition")


def test_the_owner_downloads_the_pdf_at_the_listed_address(world, plan):
    investor = _session(world.investor_a_user)
    upload = SimpleUploadedFile("Plan Zuidas.pdf", PDF)
    created = investor.post(f"/api/v1/transformation-plans/{plan.pk}/documents", {"file": upload})
    assert created.status_code == 201, created.content
    url = created.json()["downloadUrl"]
    listed = investor.get(f"/api/v1/transformation-plans/{plan.pk}/documents").json()
    assert [row["downloadUrl"] for row in listed["results"]] == [url]
    assert url.endswith(f"/api/v1/transformation-plans/{plan.pk}/documents/{created.json()['id']}")

    for accept in ("*/*", "application/pdf"):
        response = investor.get(url, HTTP_ACCEPT=accept)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="Plan Zuidas.pdf"'
        assert response["API-Version"]
        assert b"".join(response.streaming_content) == PDF


def test_outside_the_plan_scope_404_and_without_credentials_401(world, plan):
    document = plan_document_add(
        plan=plan, user=world.investor_a_user, uploaded_file=SimpleUploadedFile("p.pdf", PDF)
    )
    url = f"/api/v1/transformation-plans/{plan.pk}/documents/{document.pk}"
    _problem(Client().get(url), 401)
    _problem(_session(world.investor_b_user).get(url), 404)
    _problem(_session(world.investor_b_user).get(url, HTTP_ACCEPT="application/pdf"), 404)
    province = world.municipality_a.province.code
    # A draft is the owner's alone; once submitted, the area's officers and keys see it.
    key = _key(province)
    _problem(_session(world.officer_a).get(url), 404)
    _problem(key.get(url), 404)
    plan_submit(plan=plan, user=world.investor_a_user)
    assert _session(world.officer_a).get(url).status_code == 200
    assert key.get(url).status_code == 200
    _problem(_session(world.officer_b).get(url), 404)


def test_a_document_of_another_plan_is_not_found_under_this_plan(world, plan):
    other_building = BuildingFactory(municipality=world.municipality_a, owner=world.investor_a)
    other = plan_create(user=world.investor_a_user, building=other_building, kind="demolition")
    document = plan_document_add(
        plan=other, user=world.investor_a_user, uploaded_file=SimpleUploadedFile("p.pdf", PDF)
    )
    investor = _session(world.investor_a_user)
    _problem(investor.get(f"/api/v1/transformation-plans/{plan.pk}/documents/{document.pk}"), 404)
    ok = investor.get(f"/api/v1/transformation-plans/{other.pk}/documents/{document.pk}")
    assert ok.status_code == 200


def test_the_download_is_named_as_a_pdf_whatever_the_uploaded_name(world, plan):
    document = plan_document_add(
        plan=plan, user=world.investor_a_user, uploaded_file=SimpleUploadedFile("poly.html", PDF)
    )
    response = _session(world.investor_a_user).get(
        f"/api/v1/transformation-plans/{plan.pk}/documents/{document.pk}"
    )
    assert response["Content-Disposition"] == 'attachment; filename="poly.pdf"'
