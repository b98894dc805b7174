"""The pages of issue 6's workflows: plans (my buildings, my flags, create, submit, review,
documents), funds, the covenant scoreboard, developments and transactions."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from buildings.choices import FlagStatus, PlanStatus
from buildings.models import PlanDocument, TransformationPlan
from buildings.services.plan_documents import plan_document_add
from buildings.services.plans import plan_create, plan_submit
from funds.choices import ApplicationStatus
from funds.models import CompensationApplication
from regions.models import DevelopmentProject
from tests.buildings.factories import FlagFactory
from tests.funds.factories import ContributionFactory, FundFactory
from tests.regions.factories import DesignatedAreaFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PLAN_DOCUMENT_MAX_BYTES = 64 * 1024
    return tmp_path


def _stored(media):
    folder = media / "plan-documents"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_my_flags_show_the_date_a_plan_is_expected(world, building_a):
    FlagFactory(building=building_a, flagged_on=datetime.date(2024, 8, 31))
    response = _client(world.investor_a_user).get("/mijn-signaleringen")
    assert response.status_code == 200
    # Six months after 31 August 2024 is 28 February 2025.
    assert "28-02-2025" in response.content.decode()
    assert (
        building_a.name
        not in _client(world.investor_b_user).get("/mijn-signaleringen").content.decode()
    )
    assert building_a.name in _client(world.investor_a_user).get("/mijn-gebouwen").content.decode()


def test_my_buildings_link_to_their_pages_flagged_first_a_page_at_a_time(world):
    from tests.buildings.factories import BuildingFactory

    owned = BuildingFactory.create_batch(
        26, municipality=world.municipality_a, owner=world.investor_a, name="Kantoor"
    )
    flagged = BuildingFactory(
        municipality=world.municipality_a, owner=world.investor_a, name="Zuidtoren"
    )
    FlagFactory(building=flagged)
    investor = _client(world.investor_a_user)
    first = investor.get("/mijn-gebouwen").content.decode()
    listed = re.findall(r'href="/gebouwen/(\d{16})"', first)
    # The flagged building first, although its name sorts last, and 25 to a page.
    assert listed[0] == flagged.bag_id and len(listed) == 25
    assert "27 gebouwen" in first and 'rel="next" href="?page=2"' in first
    second = investor.get("/mijn-gebouwen?page=2").content.decode()
    rest = re.findall(r'href="/gebouwen/(\d{16})"', second)
    assert sorted(listed[1:] + rest) == sorted(b.bag_id for b in owned)
    # The building's page is the owner's to see.
    assert investor.get(f"/gebouwen/{flagged.bag_id}").status_code == 200


def test_investor_writes_and_submits_officer_approves(world, building_a):
    flag = FlagFactory(building=building_a)
    investor = _client(world.investor_a_user)
    response = investor.post(
        f"/plannen/nieuw?gebouw={building_a.bag_id}",
        {
            "gebouw": building_a.bag_id,
            "kind": "demolition",
            "office_m2_withdrawn": 6000,
            "housing_units": 0,
            "financing_status": "not_started",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = TransformationPlan.objects.get(building=building_a)
    assert investor.get(f"/plannen/{plan.pk}/bewerken").status_code == 200
    assert _client(world.investor_b_user).get(f"/plannen/{plan.pk}").status_code == 404
    assert _client(world.officer_a).get(f"/plannen/{plan.pk}").status_code == 404  # a draft
    assert investor.post(f"/plannen/{plan.pk}/indienen").status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.PLAN_SUBMITTED
    # The investor may not approve; officer B does not see it; officer A approves.
    assert investor.post(f"/plannen/{plan.pk}/goedkeuren").status_code == 403
    assert _client(world.officer_b).post(f"/plannen/{plan.pk}/goedkeuren").status_code == 404
    officer = _client(world.officer_a)
    assert officer.get(f"/plannen/{plan.pk}").status_code == 200
    assert (
        officer.post(f"/plannen/{plan.pk}/opmerking", {"text": "Graag de begroting"}).status_code
        == 302
    )
    assert officer.post(f"/plannen/{plan.pk}/goedkeuren", {"bevestigd": "1"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert "Graag de begroting" in investor.get(f"/plannen/{plan.pk}").content.decode()


def test_officer_rejects_with_reasons(world, building_a):
    plan = plan_create(user=world.investor_a_user, building=building_a, kind="demolition")
    plan_submit(plan=plan, user=world.investor_a_user)
    officer = _client(world.officer_a)
    officer.post(f"/plannen/{plan.pk}/afwijzen", {"reasons": ""})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    officer.post(f"/plannen/{plan.pk}/afwijzen", {"reasons": "Geen financiering"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REJECTED
    assert plan.decision_reason == "Geen financiering"


def test_upload_one_byte_over_the_limit_gives_413_page_and_stores_nothing(
    world, building_a, media, settings
):
    plan = plan_create(user=world.investor_a_user, building=building_a, kind="demolition")
    investor = _client(world.investor_a_user)
    before = _stored(media)
    too_big = PDF + b"0" * (settings.PLAN_DOCUMENT_MAX_BYTES + 1 - len(PDF))
    response = investor.post(
        f"/plannen/{plan.pk}/documenten", {"file": SimpleUploadedFile("plan.pdf", too_big)}
    )
    assert response.status_code == 413
    assert "text/html" in response["Content-Type"]
    assert _stored(media) == before
    assert not PlanDocument.objects.filter(plan=plan).exists()
    response = investor.post(
        f"/plannen/{plan.pk}/documenten", {"file": SimpleUploadedFile("plan.pdf", too_big[:-1])}
    )
    assert response.status_code == 302
    assert len(_stored(media)) == len(before) + 1


def test_non_pdf_named_pdf_is_refused(world, building_a, media):
    plan = plan_create(user=world.investor_a_user, building=building_a, kind="demolition")
    response = _client(world.investor_a_user).post(
        f"/plannen/{plan.pk}/documenten",
        {
            "file": SimpleUploadedFile(
                "plan.pdf", b"GIF89a not a pdf", content_type="application/pdf"
            )
        },
        follow=True,
    )
    assert response.status_code == 200
    assert not PlanDocument.objects.filter(plan=plan).exists()
    assert _stored(media) == []


def test_document_download_as_attachment_only_for_those_who_see_the_plan(world, building_a, media):
    plan = plan_create(user=world.investor_a_user, building=building_a, kind="demolition")
    document = plan_document_add(
        plan=plan, user=world.investor_a_user, uploaded_file=SimpleUploadedFile("Plan.pdf", PDF)
    )
    url = f"/plannen/documenten/{document.pk}"
    response = _client(world.investor_a_user).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    assert _client(world.investor_b_user).get(url).status_code == 404
    assert _client(world.officer_a).get(url).status_code == 404  # still a draft
    assert Client().get(url).status_code == 302
    plan_submit(plan=plan, user=world.investor_a_user)
    assert _client(world.officer_a).get(url).status_code == 200
    assert _client(world.officer_b).get(url).status_code == 404


@pytest.mark.parametrize(
    ("uploaded", "served"),
    [
        ("poly.html", "poly.pdf"),
        ("Plan Zuidas.PDF", "Plan Zuidas.PDF"),
        ("plan", "plan.pdf"),
        ("..\\..\\x.pdf.exe", "x.pdf.pdf"),
        (".pdf", "document.pdf"),
    ],
)
def test_a_document_is_stored_and_served_as_a_pdf_whatever_its_uploaded_name(
    world, building_a, media, uploaded, served
):
    plan = plan_create(user=world.investor_a_user, building=building_a, kind="demolition")
    investor = _client(world.investor_a_user)
    response = investor.post(
        f"/plannen/{plan.pk}/documenten", {"file": SimpleUploadedFile(uploaded, PDF)}
    )
    assert response.status_code == 302
    document = PlanDocument.objects.get(plan=plan)
    assert document.original_name == served
    response = investor.get(f"/plannen/documenten/{document.pk}")
    assert response["Content-Disposition"] == f'attachment; filename="{served}"'
    # A row stored before names were made .pdf is served as one too.
    PlanDocument.objects.filter(pk=document.pk).update(original_name="poly.html")
    response = investor.get(f"/plannen/documenten/{document.pk}")
    assert response["Content-Disposition"] == 'attachment; filename="poly.pdf"'


def test_fund_pages_and_manager_actions(world, building_a):
    fund = FundFactory(office_region=world.municipality_a.office_region, manager=world.fund_org)
    ContributionFactory(fund=fund, amount_eur=Decimal("1000.00"))
    anonymous = Client()
    assert anonymous.get("/fondsen").status_code == 200
    assert "1.000,00" in anonymous.get(f"/fondsen/{fund.pk}").content.decode()
    assert anonymous.get(f"/fondsen/{fund.pk}/grootboek").status_code == 302
    assert _client(world.investor_b_user).get(f"/fondsen/{fund.pk}/grootboek").status_code == 404
    csv = anonymous.get("/fondsen/rapportage.csv")
    assert csv.status_code == 200 and fund.name in csv.content.decode()
    investor = _client(world.investor_a_user)
    response = investor.post(
        f"/fondsen/aanvragen/nieuw?fonds={fund.pk}",
        {
            "fonds": fund.pk,
            "bag_id": building_a.bag_id,
            "kind": "demolition",
            "office_m2_withdrawn": 1000,
            "amount_requested_eur": "300.00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    application = CompensationApplication.objects.get(building=building_a)
    url = f"/fondsen/aanvragen/{application.pk}"
    assert _client(world.investor_b_user).get(url).status_code == 404
    assert investor.post(f"{url}/uitbetalen").status_code == 403
    manager = _client(world.fund_manager)
    manager.post(f"{url}/toekennen", {"amount_granted_eur": "250.00", "bevestigd": "1"})
    manager.post(f"{url}/uitbetalen", {"bevestigd": "1"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PAID
    assert "750,00" in anonymous.get(f"/fondsen/{fund.pk}").content.decode()


def test_scoreboard_is_public(world):
    response = Client().get("/convenant")
    assert response.status_code == 200
    assert "kt-light--" in response.content.decode()


def test_developments_for_officers_only_and_refused_in_restriction_areas(world):
    area = DesignatedAreaFactory(municipality=world.municipality_a, kind="restriction")
    assert _client(world.investor_a_user).get("/ontwikkelingen").status_code == 404
    officer = _client(world.officer_a)
    response = officer.post(
        "/ontwikkelingen/nieuw",
        {
            "name": "Toren",
            "municipality": world.municipality_a.pk,
            "designated_area": area.pk,
            "office_area_m2": 5000,
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert area.name in response.content.decode()
    assert not DevelopmentProject.objects.filter(name="Toren").exists()


def test_development_list_shows_who_registered_it(world):
    world.officer_a.first_name, world.officer_a.last_name = "Anne", "Ambtenaar"
    world.officer_a.save()
    officer = _client(world.officer_a)
    response = officer.post(
        "/ontwikkelingen/nieuw",
        {
            "name": "Kantoorvilla",
            "municipality": world.municipality_a.pk,
            "office_area_m2": 800,
            "status": "planned",
        },
    )
    assert response.status_code == 302
    project = DevelopmentProject.objects.get(name="Kantoorvilla")
    assert project.registered_by == world.officer_a
    row = next(
        line
        for line in officer.get("/ontwikkelingen").content.decode().split("<tr")
        if "Kantoorvilla" in line
    )
    assert "Anne Ambtenaar" in row


def test_transactions_register_and_public_aggregates(world, building_a):
    officer = _client(world.officer_a)
    for _ in range(5):
        response = officer.post(
            "/transacties/registreren",
            {
                "bag_id": building_a.bag_id,
                "kind": "lease",
                "transaction_date": "2024-05-01",
                "area_m2": 100,
                "annual_rent_per_m2_eur": "150.00",
                "rent_free_months": 0,
                "other_incentives_eur": "0",
                "term_months": 60,
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    page = Client().get("/transacties").content.decode()
    assert world.municipality_a.office_region.name in page
    assert "150,00" in page
    # Investor B cannot register on investor A's building.
    response = _client(world.investor_b_user).post(
        "/transacties/registreren",
        {
            "bag_id": building_a.bag_id,
            "kind": "sale",
            "transaction_date": "2024-05-01",
            "area_m2": 100,
            "price_eur": "1000",
            "rent_free_months": 0,
            "other_incentives_eur": "0",
        },
    )
    assert response.status_code == 200
