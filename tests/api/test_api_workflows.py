"""The API of issue 6's workflows: funds, applications, commitments, developments, transactions
and plan documents (scope, roles, problems)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from buildings.models import MarketTransaction, PlanDocument
from buildings.services.plans import plan_create
from covenants.models import Commitment, Covenant
from funds.models import LedgerEntry
from kantorentop.accounts.services import api_client_create
from regions.models import DevelopmentProject
from tests.api.helpers import assert_problem
from tests.buildings.factories import BuildingFactory
from tests.funds.factories import ContributionFactory, FundFactory
from tests.regions.factories import DesignatedAreaFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _token_client(**kwargs):
    key = api_client_create(name="Systeem", **kwargs)[1]
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def fund(world):
    fund = FundFactory(
        office_region=world.municipality_a.office_region,
        manager=world.fund_org,
        levy_per_m2_eur=Decimal("10.00"),
    )
    ContributionFactory(fund=fund, amount_eur=Decimal("1000.00"))
    return fund


def test_funds_are_public_with_their_balance(fund):
    response = Client().get("/api/v1/funds")
    assert response.status_code == 200
    row = next(r for r in response.json()["results"] if r["id"] == fund.pk)
    assert row["balanceEur"] == 1000.0
    detail = Client().get(f"/api/v1/funds/{fund.pk}").json()
    assert detail["balanceSeries"][-1]["balanceEur"] == 1000.0


def test_ledger_for_managers_and_officers_only(world, fund):
    url = f"/api/v1/funds/{fund.pk}/ledger-entries"
    assert Client().get(url).status_code == 401
    assert _client(world.investor_a_user).get(url).status_code == 404
    assert _client(world.officer_a).get(url).status_code == 200
    assert _client(world.fund_manager).get(url).json()["count"] == 1
    body = {
        "kind": "adjustment",
        "amountEur": "-10.00",
        "bookedOn": "2024-02-01",
        "description": "Correctie",
        "reason": "Dubbel geboekt",
    }
    # An officer reads the ledger but does not book in it.
    assert (
        _client(world.officer_a).post(url, body, content_type="application/json").status_code == 403
    )
    response = _client(world.fund_manager).post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert LedgerEntry.objects.filter(fund=fund).count() == 2
    # Payouts only through an application.
    body["kind"] = "payout"
    response = _client(world.fund_manager).post(url, body, content_type="application/json")
    assert response.status_code == 400


def test_application_flow_and_scope(world, fund, building_a):
    url = "/api/v1/compensation-applications"
    body = {
        "fund": fund.pk,
        "bagId": building_a.bag_id,
        "kind": "transformation",
        "officeM2Withdrawn": 1000,
        "amountRequestedEur": "500.00",
    }
    # Investor B cannot name investor A's building.
    assert (
        _client(world.investor_b_user).post(url, body, content_type="application/json").status_code
        == 400
    )
    investor = _client(world.investor_a_user)
    response = investor.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert _client(world.investor_b_user).get(f"{url}/{pk}").status_code == 404
    assert _client(world.officer_b).get(f"{url}/{pk}").status_code == 404
    assert _client(world.officer_a).get(f"{url}/{pk}").status_code == 200
    # The applicant cannot approve; the manager reviews, approves and pays.
    assert (
        investor.post(
            f"{url}/{pk}/_approve", {"amountGrantedEur": "400.00"}, content_type="application/json"
        ).status_code
        == 403
    )
    manager = _client(world.fund_manager)
    assert manager.post(f"{url}/{pk}/_review").status_code == 200
    response = manager.post(
        f"{url}/{pk}/_approve", {"amountGrantedEur": "400.00"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    response = manager.post(f"{url}/{pk}/_pay")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "paid"
    assert Client().get(f"/api/v1/funds/{fund.pk}").json()["balanceEur"] == 600.0
    assert manager.post(f"{url}/{pk}/_pay").status_code == 400


def test_an_unknown_fund_is_named_in_the_applicants_language(world, fund, building_a):
    url = "/api/v1/compensation-applications"
    investor = _client(world.investor_a_user)
    body = {"bagId": building_a.bag_id, "kind": "transformation", "officeM2Withdrawn": 1000}
    body["amountRequestedEur"] = "500.00"
    reasons = {}
    for value in (999_999, "fonds"):
        response = investor.post(
            url, {**body, "fund": value}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="nl"
        )
        params = assert_problem(response, 400)["invalidParams"]
        reasons[value] = next(p["reason"] for p in params if p["name"] == "fund")
    assert reasons == {
        999_999: "Er is geen fonds met id 999999.",
        "fonds": "Een fonds wordt aangeduid met zijn id, een geheel getal.",
    }


def test_development_in_restriction_area_refused_with_the_covenants_reason(world):
    area = DesignatedAreaFactory(municipality=world.municipality_a, kind="restriction")
    body = {
        "name": "Kantoor aan de ring",
        "municipality": world.municipality_a.code,
        "designatedArea": area.pk,
        "officeAreaM2": 8000,
    }
    officer = _client(world.officer_a)
    response = officer.post("/api/v1/development-projects", body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    # The covenant's reason, naming the area, is the problem's detail.
    assert area.name in problem["detail"]
    assert problem["invalidParams"][0]["code"] == "covenant_restricted_area"
    assert not DevelopmentProject.objects.filter(name="Kantoor aan de ring").exists()
    body.pop("designatedArea")
    response = officer.post("/api/v1/development-projects", body, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert _client(world.officer_b).get(f"/api/v1/development-projects/{pk}").status_code == 404
    assert (
        _client(world.investor_a_user).get(f"/api/v1/development-projects/{pk}").status_code == 404
    )
    # Officer B may not register in municipality A.
    assert (
        _client(world.officer_b)
        .post("/api/v1/development-projects", body, content_type="application/json")
        .status_code
        == 403
    )


def test_development_records_who_registered_it(world):
    body = {
        "name": "Kantoor bij het station",
        "municipality": world.municipality_a.code,
        "officeAreaM2": 4000,
    }
    url = "/api/v1/development-projects"
    response = _client(world.officer_a).post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    project = DevelopmentProject.objects.get(pk=response.json()["id"])
    assert (project.registered_by, project.registered_by_client) == (world.officer_a, None)
    # With a provincial key: the API client, since its request user is no portal user.
    client = _token_client(province_code=world.municipality_a.province.code)
    body["name"] = "Kantoor aan de haven"
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    project = DevelopmentProject.objects.get(pk=response.json()["id"])
    assert project.registered_by is None
    assert project.registered_by_client.name == "Systeem"


def test_transactions_scoped_and_statistics_only_over_five(world, building_a):
    url = "/api/v1/market-transactions"
    body = {
        "bagId": building_a.bag_id,
        "kind": "lease",
        "transactionDate": "2024-03-01",
        "areaM2": 500,
        "annualRentPerM2Eur": "180.00",
        "termMonths": 60,
    }
    for _ in range(4):
        response = _client(world.officer_a).post(url, body, content_type="application/json")
        assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert _client(world.investor_b_user).get(f"{url}/{pk}").status_code == 404
    assert _client(world.investor_a_user).get(f"{url}/{pk}").status_code == 200
    assert Client().get(url).status_code == 401
    slug = world.municipality_a.office_region.slug
    stats = f"/api/v1/market-transaction-statistics?officeRegion={slug}"
    assert Client().get(stats).json()["count"] == 0
    assert (
        _client(world.investor_a_user).post(url, body, content_type="application/json").status_code
        == 201
    )
    rows = Client().get(stats).json()["results"]
    assert [(r["year"], r["transactions"]) for r in rows] == [(2024, 5)]
    assert rows[0]["medianRentPerM2Eur"] == 180.0
    assert (
        Client().get("/api/v1/market-transaction-statistics?officeRegion=nowhere").status_code
        == 400
    )
    assert MarketTransaction.objects.filter(building=building_a).count() == 5


def test_commitments_public_and_progress_by_officers(world):
    commitment = Commitment.objects.create(
        covenant=Covenant.objects.first()
        or Covenant.objects.create(
            slug="test",
            title_nl="t",
            title_en="t",
            signed_on=datetime.date(2012, 6, 27),
            term_years=5,
        ),
        code="api-test",
        party_category="government",
        title_nl="Test",
        title_en="Test",
        text_nl="Test",
        text_en="Test",
        per_region=True,
        due_on=datetime.date(2013, 6, 27),
    )
    response = Client().get("/api/v1/commitments?pageSize=1000")
    assert response.status_code == 200
    assert any(row["id"] == commitment.pk for row in response.json()["results"])
    url = f"/api/v1/commitments/{commitment.pk}/progress"
    body = {"officeRegion": world.municipality_a.office_region.slug, "status": "in_progress"}
    assert Client().post(url, body, content_type="application/json").status_code == 401
    assert (
        _client(world.investor_b_user).post(url, body, content_type="application/json").status_code
        == 403
    )
    response = _client(world.officer_a).post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    row = next(
        r
        for r in Client().get(f"/api/v1/commitments/{commitment.pk}").json()["progress"]
        if r["officeRegion"] == body["officeRegion"]
    )
    assert row["status"] == "in_progress"
    # Past its due date and not done: overdue as read today.
    assert row["effectiveStatus"] == "overdue"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PLAN_DOCUMENT_MAX_BYTES = 64 * 1024
    return tmp_path


def _stored(media):
    return (
        [p for p in (media / "plan-documents").rglob("*") if p.is_file()]
        if (media / "plan-documents").exists()
        else []
    )


def test_upload_one_byte_over_the_limit_is_413_and_stores_nothing(
    world, building_a, media, settings
):
    plan = plan_create(user=world.investor_a_user, building=building_a, kind="demolition")
    url = f"/api/v1/transformation-plans/{plan.pk}/documents"
    investor = _client(world.investor_a_user)
    before = _stored(media)
    too_big = PDF + b"0" * (settings.PLAN_DOCUMENT_MAX_BYTES + 1 - len(PDF))
    response = investor.post(url, {"file": SimpleUploadedFile("plan.pdf", too_big)})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/problem+json")
    assert _stored(media) == before
    assert not PlanDocument.objects.filter(plan=plan).exists()
    exact = too_big[:-1]
    response = investor.post(url, {"file": SimpleUploadedFile("plan.pdf", exact)})
    assert response.status_code == 201, response.content
    assert len(_stored(media)) == len(before) + 1


def test_upload_declared_too_large_is_refused_before_reading(world, building_a, media, settings):
    plan = plan_create(user=world.investor_a_user, building=building_a, kind="demolition")
    url = f"/api/v1/transformation-plans/{plan.pk}/documents"
    response = _client(world.investor_a_user).generic(
        "POST",
        url,
        b"x",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(settings.PLAN_DOCUMENT_MAX_BYTES * 4),
    )
    assert response.status_code == 413
    assert _stored(media) == []


def test_non_pdf_named_pdf_is_400(world, building_a, media):
    plan = plan_create(user=world.investor_a_user, building=building_a, kind="demolition")
    url = f"/api/v1/transformation-plans/{plan.pk}/documents"
    response = _client(world.investor_a_user).post(
        url,
        {
            "file": SimpleUploadedFile(
                "plan.pdf", b"PK\x03\x04 a zip", content_type="application/pdf"
            )
        },
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "not_pdf"
    assert _stored(media) == []
    # Others cannot see the plan at all; the officer sees no draft.
    assert _client(world.investor_b_user).get(url).status_code == 404
    assert _client(world.officer_a).get(url).status_code == 404


def test_api_clients_read_but_do_not_write_for_organisations(world, fund, building_a):
    """A key belongs to no organisation: it reads ledgers and transactions in its province but
    registers no transaction (the municipality's and the owner's; docs/adr/0008)."""
    client = _token_client(province_code=world.municipality_a.province.code)
    assert client.get(f"/api/v1/funds/{fund.pk}/ledger-entries").status_code == 200
    response = client.post(
        "/api/v1/market-transactions",
        {
            "bagId": building_a.bag_id,
            "kind": "sale",
            "transactionDate": "2024-01-01",
            "areaM2": 10,
            "priceEur": "1.00",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    other = BuildingFactory()
    assert client.get(f"/api/v1/market-transactions?bagId={other.bag_id}").status_code == 200
