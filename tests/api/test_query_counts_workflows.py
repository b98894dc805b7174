"""The workflow list endpoints (plans, funds, ledger, applications, developments, commitments),
also filtered, cost the same number of queries whatever the page size, like the contract's own
lists (test_query_counts.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buildings.services import plans as plan_services
from covenants.models import Commitment, CommitmentProgress
from regions.models import Municipality
from regions.services import development_project_create
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.buildings.factories import BuildingFactory
from tests.funds.factories import (
    CompensationApplicationFactory,
    ContributionFactory,
    FundFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def workflows():
    """Four of each: submitted plans, funds of one region with contributions, applications,
    developments and progress reports (on the covenant's commitments)."""
    utrecht = Municipality.objects.get(code="GM0344")
    investor = OrganisationFactory(name="Belegger", kind="investor")
    owner = MembershipFactory(organisation=investor, role="investor").user
    national = MembershipFactory(
        organisation=OrganisationFactory(name="Rijk", kind="national"), role="national_officer"
    ).user
    fund = FundFactory()
    for n in range(4):
        building = BuildingFactory(
            municipality=utrecht, owner=investor, bag_id=f"034410000000100{n}"
        )
        plan = plan_services.plan_create(user=owner, building=building, kind="demolition")
        plan_services.plan_submit(plan=plan, user=owner)
        FundFactory(office_region=fund.office_region)
        ContributionFactory(fund=fund)
        CompensationApplicationFactory(fund=fund, building=building, applicant=investor)
        development_project_create(
            user=national,
            municipality=utrecht,
            name=f"Ontwikkeling {n}",
            office_area_m2=1000,
            expected_completion=datetime.date(2030, 1, 1),
        )
    for commitment in Commitment.objects.filter(per_region=True)[:4]:
        CommitmentProgress.objects.create(
            commitment=commitment,
            office_region=utrecht.office_region,
            status="in_progress",
            reported_on=datetime.date(2024, 1, 1),
        )
    return fund


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/transformation-plans",
        "/api/v1/funds",
        "/api/v1/funds/{fund}/ledger-entries",
        "/api/v1/compensation-applications",
        "/api/v1/development-projects",
        "/api/v1/funds?officeRegion={region}",
        "/api/v1/funds/{fund}/ledger-entries?kind=contribution&bookedFrom=2024-01-01",
        "/api/v1/compensation-applications?status=approved&fund={fund}&municipality=GM0344",
        "/api/v1/commitments",
        "/api/v1/commitments?partyCategory=government",
        "/api/v1/commitments?officeRegion=utrecht&status=in_progress",
    ],
)
def test_constant_queries_for_page_sizes_1_and_50(national, workflows, url):
    url = url.format(fund=workflows.pk, region=workflows.office_region.slug)
    separator = "&" if "?" in url else "?"
    national.get(url)  # the key's last use is written on the first call
    large_response = national.get(f"{url}{separator}pageSize=50")
    assert len(large_response.json()["results"]) > 1, large_response.json()
    small = _queries(national, f"{url}{separator}pageSize=1")
    large = _queries(national, f"{url}{separator}pageSize=50")
    assert small == large, f"{url}: {small} queries for 1 row, {large} for 50"
