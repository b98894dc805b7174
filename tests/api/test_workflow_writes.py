"""What API keys write in the workflows of issue 6 (docs/adr/0008-api-clients-in-the-workflows.md):
a provincial key acts as an officer of its province, a national key as a national officer.
They register developments and report commitment progress within their scope (elsewhere 403,
objects outside it 404); they never act for an owner, a municipality's review or a fund
manager (403); a read-only key writes nothing (403 problem+json)."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from buildings.models import MarketTransaction
from buildings.services import plans as plan_services
from covenants.models import Commitment, CommitmentProgress
from covenants.services import user_may_report_progress
from funds.models import LedgerEntry
from kantorentop.accounts.authentication import ApiClientUser
from kantorentop.accounts.models import ApiClient
from kantorentop.accounts.services import api_client_create
from regions.models import DevelopmentProject, Municipality, OfficeRegion
from regions.services import development_project_create
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.api.helpers import assert_problem
from tests.buildings.factories import BuildingFactory
from tests.funds.factories import ContributionFactory, FundFactory
from tests.regions.factories import DesignatedAreaFactory

pytestmark = pytest.mark.django_db

UTRECHT, AMSTERDAM = "GM0344", "GM0363"


def _municipality(code: str) -> Municipality:
    return Municipality.objects.get(code=code)


def _development(code: str, **fields) -> dict:
    return {"name": "Kantoor aan het spoor", "municipality": code, "officeAreaM2": 4000, **fields}


@pytest.fixture
def utrecht_client_row(utrecht_key) -> ApiClient:
    return ApiClient.objects.get(key_prefix=utrecht_key.partition(".")[0])


@pytest.fixture
def read_only_utrecht(db):
    key = api_client_create(name="Provincie alleen lezen", province_code="PV26", read_only=True)[1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def national_officer(db):
    organisation = OrganisationFactory(name="Rijk", kind="national")
    return MembershipFactory(organisation=organisation, role="national_officer").user


def test_provincial_key_registers_developments_in_its_province(utrecht, national):
    response = utrecht.post("/api/v1/development-projects", _development(UTRECHT), format="json")
    assert response.status_code == 201, response.content
    project = DevelopmentProject.objects.get(pk=response.json()["id"])
    assert project.municipality.code == UTRECHT
    assert utrecht.get(f"/api/v1/development-projects/{project.pk}").status_code == 200

    # Elsewhere: a create is 403, nothing stored.
    response = utrecht.post("/api/v1/development-projects", _development(AMSTERDAM), format="json")
    assert_problem(response, 403)
    assert not DevelopmentProject.objects.filter(municipality__code=AMSTERDAM).exists()

    # The national key registers anywhere; what lies outside the province is a 404 for Utrecht.
    response = national.post("/api/v1/development-projects", _development(AMSTERDAM), format="json")
    assert response.status_code == 201, response.content
    elsewhere = response.json()["id"]
    assert_problem(utrecht.get(f"/api/v1/development-projects/{elsewhere}"), 404)
    listed = {row["id"] for row in utrecht.get("/api/v1/development-projects").json()["results"]}
    assert project.pk in listed and elsewhere not in listed


def test_keys_get_the_covenants_refusal_in_a_restriction_area(utrecht):
    area = DesignatedAreaFactory(municipality=_municipality(UTRECHT), kind="restriction")
    response = utrecht.post(
        "/api/v1/development-projects",
        _development(UTRECHT, designatedArea=area.pk),
        format="json",
    )
    body = assert_problem(response, 400)
    assert "designatedArea" in {param["name"] for param in body["invalidParams"]}
    assert not DevelopmentProject.objects.exists()


def test_provincial_key_reports_progress_for_office_regions_in_its_province(
    utrecht, national, utrecht_client_row
):
    commitment = Commitment.objects.get(code="regional-vision")
    url = f"/api/v1/commitments/{commitment.pk}/progress"
    response = utrecht.post(
        url,
        {
            "officeRegion": "utrecht",
            "status": "in_progress",
            "note": "Regionale visie in de raad",
            "evidenceUrl": "https://example.nl/visie.pdf",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["officeRegion"] == "utrecht"
    progress = CommitmentProgress.objects.get(pk=response.json()["id"])
    assert progress.reported_by_client == utrecht_client_row
    assert progress.updated_by is None
    assert progress.evidence_url == "https://example.nl/visie.pdf"

    # Amsterdam lies in another province; a party is not the key's to report for.
    response = utrecht.post(url, {"officeRegion": "amsterdam", "status": "done"}, format="json")
    assert_problem(response, 403)
    party_commitment = Commitment.objects.get(code="transformation-plans-flagged")
    party = party_commitment.covenant.parties.first()
    response = utrecht.post(
        f"/api/v1/commitments/{party_commitment.pk}/progress",
        {"party": party.pk, "status": "done"},
        format="json",
    )
    assert_problem(response, 403)
    assert CommitmentProgress.objects.count() == 1

    response = national.post(url, {"officeRegion": "amsterdam", "status": "done"}, format="json")
    assert response.status_code == 201, response.content


def test_read_only_keys_write_nothing(read_only, read_only_utrecht, national_officer):
    commitment = Commitment.objects.get(code="regional-vision")
    building = BuildingFactory(municipality=_municipality(UTRECHT))
    fund = FundFactory()
    ContributionFactory(fund=fund, amount_eur=Decimal("100.00"))
    writes = [
        ("/api/v1/development-projects", _development(UTRECHT)),
        (
            f"/api/v1/commitments/{commitment.pk}/progress",
            {"officeRegion": "utrecht", "status": "done"},
        ),
        (
            "/api/v1/market-transactions",
            {
                "bagId": building.bag_id,
                "kind": "sale",
                "transactionDate": "2024-01-02",
                "areaM2": 100,
                "priceEur": "100000.00",
            },
        ),
        (
            f"/api/v1/funds/{fund.pk}/ledger-entries",
            {"kind": "contribution", "amountEur": "1.00", "bookedOn": "2024-01-02"},
        ),
        ("/api/v1/transformation-plans", {"bagId": building.bag_id, "kind": "demolition"}),
    ]
    for client in (read_only, read_only_utrecht):
        for url, body in writes:
            assert_problem(client.post(url, body, format="json"), 403)
        # Reading stays allowed.
        assert client.get("/api/v1/development-projects").status_code == 200
    assert not DevelopmentProject.objects.exists()
    assert not CommitmentProgress.objects.exists()
    assert not MarketTransaction.objects.exists()
    assert LedgerEntry.objects.filter(fund=fund).count() == 1
    # The covenant service refuses a read-only scope too, not only the view's permission.
    key_user = ApiClientUser(ApiClient.objects.get(name="Provincie alleen lezen"))
    utrecht_region = OfficeRegion.objects.get(slug="utrecht")
    assert not user_may_report_progress(user=key_user, office_region=utrecht_region, party=None)


def test_keys_do_not_act_for_owners_reviewers_or_fund_managers(utrecht, national):
    investor = OrganisationFactory(name="Belegger", kind="investor")
    owner = MembershipFactory(organisation=investor, role="investor").user
    officer_org = OrganisationFactory(
        name="Gemeente Utrecht", kind="municipality", municipality=_municipality(UTRECHT)
    )
    MembershipFactory(organisation=officer_org, role="municipal_officer")

    def submitted(code: str):
        building = BuildingFactory(municipality=_municipality(code), owner=investor)
        plan = plan_services.plan_create(user=owner, building=building, kind="demolition")
        return plan_services.plan_submit(plan=plan, user=owner), building

    plan, building = submitted(UTRECHT)
    other_plan, _ = submitted(AMSTERDAM)
    for action in ("_review", "_approve", "_withdraw", "_start"):
        assert_problem(utrecht.post(f"/api/v1/transformation-plans/{plan.pk}/{action}"), 403)
        # Outside the province the plan does not exist for the key.
        assert_problem(utrecht.post(f"/api/v1/transformation-plans/{other_plan.pk}/{action}"), 404)
    assert_problem(
        national.post(
            f"/api/v1/transformation-plans/{plan.pk}/_reject", {"reasons": "x"}, format="json"
        ),
        403,
    )
    plan.refresh_from_db()
    assert plan.status == "submitted"

    response = utrecht.post(
        "/api/v1/market-transactions",
        {
            "bagId": building.bag_id,
            "kind": "sale",
            "transactionDate": "2024-01-02",
            "areaM2": 100,
            "priceEur": "100000.00",
        },
        format="json",
    )
    assert_problem(response, 403)
    fund = FundFactory()
    response = national.post(
        f"/api/v1/funds/{fund.pk}/ledger-entries",
        {"kind": "contribution", "amountEur": "1.00", "bookedOn": "2024-01-02"},
        format="json",
    )
    assert_problem(response, 403)


def test_a_development_outside_the_key_scope_stays_hidden(utrecht, national_officer):
    project = development_project_create(
        user=national_officer,
        municipality=_municipality(AMSTERDAM),
        name="Zuidas",
        office_area_m2=1000,
        expected_completion=datetime.date(2030, 1, 1),
    )
    assert_problem(utrecht.get(f"/api/v1/development-projects/{project.pk}"), 404)
