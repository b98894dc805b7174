"""The workflow list endpoints (plans, funds, ledger, applications, developments) cost the same
number of queries whatever the page size, like the contract's own lists (test_query_counts.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buildings.services import plans as plan_services
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
    """Four of each: submitted plans, funds with contributions, applications and developments."""
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
        FundFactory()
        ContributionFactory(fund=fund)
        CompensationApplicationFactory(fund=fund, building=building, applicant=investor)
        development_project_create(
            user=national,
            municipality=utrecht,
            name=f"Ontwikkeling {n}",
            office_area_m2=1000,
            expected_completion=datetime.date(2030, 1, 1),
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
    ],
)
def test_constant_queries_for_page_sizes_1_and_50(national, workflows, url):
    url = url.format(fund=workflows.pk)
    national.get(url)  # the key's last use is written on the first call
    large_response = national.get(f"{url}?pageSize=50")
    assert len(large_response.json()["results"]) > 1, large_response.json()
    small = _queries(national, f"{url}?pageSize=1")
    large = _queries(national, f"{url}?pageSize=50")
    assert small == large, f"{url}: {small} queries for 1 row, {large} for 50"
