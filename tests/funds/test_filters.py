"""funds/filters.py: the filters of the funds, a fund's ledger and the compensation applications,
in the API and on the pages. Each narrows, an unknown value is a 400 (the page shows the error
and no rows), and none shows more than the caller may see."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from funds.choices import ApplicationStatus, CompensationKind, EntryKind
from funds.models import LedgerEntry
from kantorentop.accounts.services import api_client_create
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.buildings.factories import BuildingFactory
from tests.funds.factories import (
    CompensationApplicationFactory,
    ContributionFactory,
    FundFactory,
)
from tests.regions.factories import MunicipalityFactory, OfficeRegionFactory

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _national() -> Client:
    key = api_client_create(name="Landelijk systeem")[1]
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def _invalid(response) -> set[str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {problem["name"] for problem in response.json()["invalidParams"]}


# --- funds ---------------------------------------------------------------------------------------


@pytest.fixture
def two_funds():
    north = FundFactory(
        name="Kantorenfonds Noord", office_region=OfficeRegionFactory(slug="noord", name="Noord")
    )
    south = FundFactory(
        name="Kantorenfonds Zuid", office_region=OfficeRegionFactory(slug="zuid", name="Zuid")
    )
    return north, south


def test_funds_by_office_region(two_funds):
    north, south = two_funds
    assert _ids(Client().get("/api/v1/funds")) >= {north.pk, south.pk}
    assert _ids(Client().get("/api/v1/funds?officeRegion=noord")) == {north.pk}
    assert _ids(Client().get("/api/v1/funds?officeRegion=zuid")) == {south.pk}


def test_funds_unknown_office_region_is_400(two_funds):
    assert _invalid(Client().get("/api/v1/funds?officeRegion=nergens")) == {"officeRegion"}
    assert _invalid(Client().get("/api/v1/funds?officeRegion=")) == {"officeRegion"}


def test_fund_page_filters_through_the_same_filterset(two_funds):
    north, south = two_funds
    html = Client().get("/fondsen?officeRegion=noord").content.decode()
    assert north.name in html and south.name not in html
    assert 'id="filter-officeRegion"' in html
    html = Client().get("/fondsen?officeRegion=nergens").content.decode()
    assert "utrecht-form-field--invalid" in html
    assert north.name not in html and south.name not in html


# --- a fund's ledger -----------------------------------------------------------------------------


@pytest.fixture
def ledger():
    """A fund with two contributions (January, June) and an adjustment (March)."""
    fund = FundFactory()
    january = ContributionFactory(fund=fund, booked_on=datetime.date(2024, 1, 15))
    june = ContributionFactory(fund=fund, booked_on=datetime.date(2024, 6, 15))
    march = LedgerEntry.objects.create(
        fund=fund,
        kind=EntryKind.ADJUSTMENT,
        amount_eur=Decimal("-10.00"),
        booked_on=datetime.date(2024, 3, 15),
        description="Correctie",
        reason="Dubbel geboekt",
    )
    return fund, january, march, june


def test_ledger_by_kind_and_booking_dates(ledger):
    fund, january, march, june = ledger
    client = _national()
    url = f"/api/v1/funds/{fund.pk}/ledger-entries"
    assert _ids(client.get(url)) == {january.pk, march.pk, june.pk}
    assert _ids(client.get(f"{url}?kind=adjustment")) == {march.pk}
    assert _ids(client.get(f"{url}?kind=contribution")) == {january.pk, june.pk}
    assert _ids(client.get(f"{url}?bookedFrom=2024-03-15")) == {march.pk, june.pk}
    assert _ids(client.get(f"{url}?bookedTo=2024-03-15")) == {january.pk, march.pk}
    both = f"{url}?kind=contribution&bookedFrom=2024-02-01&bookedTo=2024-12-31"
    assert _ids(client.get(both)) == {june.pk}


def test_ledger_invalid_filters_are_400(ledger):
    fund = ledger[0]
    client = _national()
    url = f"/api/v1/funds/{fund.pk}/ledger-entries"
    assert _invalid(client.get(f"{url}?kind=gift")) == {"kind"}
    # The API takes YYYY-MM-DD only; the page's DD-MM-JJJJ is not guessed at.
    assert _invalid(client.get(f"{url}?bookedFrom=15-03-2024")) == {"bookedFrom"}
    assert _invalid(client.get(f"{url}?bookedTo=2024-02-30")) == {"bookedTo"}


def test_ledger_filters_never_open_a_ledger_the_caller_may_not_read(ledger):
    """A provincial key whose area does not overlap the fund's region: 404 with or without
    filters, never a filtered list."""
    fund = ledger[0]
    key = api_client_create(name="Provincie Utrecht", province_code="PV26")[1]
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    url = f"/api/v1/funds/{fund.pk}/ledger-entries"
    assert client.get(url).status_code == 404
    assert client.get(f"{url}?kind=contribution").status_code == 404
    assert client.get(f"{url}?kind=gift").status_code == 404


def test_ledger_page_filters_with_dutch_dates(ledger):
    fund, january, march, june = ledger
    manager = MembershipFactory(organisation=fund.manager, role="fund_manager").user
    client = _signed_in(manager)
    url = f"/fondsen/{fund.pk}/grootboek"
    html = client.get(f"{url}?kind=contribution&bookedFrom=01-02-2024").content.decode()
    assert "15-06-2024" in html
    assert "15-01-2024" not in html and "15-03-2024" not in html
    assert 'id="filter-bookedFrom"' in html and 'value="01-02-2024"' in html
    html = client.get(f"{url}?bookedFrom=32-01-2024").content.decode()
    assert "utrecht-form-field--invalid" in html
    assert "15-06-2024" not in html


# --- compensation applications -------------------------------------------------------------------


@pytest.fixture
def applications():
    """Applications of two owners to two funds: owner A's in two municipalities and statuses."""
    region = OfficeRegionFactory()
    here = MunicipalityFactory(office_region=region)
    there = MunicipalityFactory(office_region=region)
    fund = FundFactory(office_region=region)
    other_fund = FundFactory(office_region=region)
    owner_a = OrganisationFactory(name="Eigenaar A")
    owner_b = OrganisationFactory(name="Eigenaar B")

    def apply(owner, municipality, fund, **kwargs):
        building = BuildingFactory(owner=owner, municipality=municipality)
        return CompensationApplicationFactory(
            fund=fund, building=building, applicant=owner, **kwargs
        )

    rows = {
        "a_submitted": apply(owner_a, here, fund, submitted=True),
        "a_approved": apply(owner_a, there, fund),
        "a_other_fund": apply(owner_a, here, other_fund, kind=CompensationKind.DEMOLITION),
        "b_submitted": apply(owner_b, here, fund, submitted=True),
    }
    user_a = MembershipFactory(organisation=owner_a, role="investor").user
    return rows, user_a, fund, other_fund, here, there


def test_applications_by_status_kind_fund_and_municipality(applications):
    rows, user_a, fund, other_fund, here, there = applications
    client = _national()
    url = "/api/v1/compensation-applications"
    ids = {name: row.pk for name, row in rows.items()}
    assert _ids(client.get(f"{url}?status=submitted")) >= {ids["a_submitted"], ids["b_submitted"]}
    assert ids["a_approved"] not in _ids(client.get(f"{url}?status=submitted"))
    assert _ids(client.get(f"{url}?fund={other_fund.pk}")) == {ids["a_other_fund"]}
    assert _ids(client.get(f"{url}?fund={fund.pk}&status=approved")) == {ids["a_approved"]}
    assert _ids(client.get(f"{url}?municipality={there.code}")) == {ids["a_approved"]}
    assert _ids(client.get(f"{url}?kind=demolition&municipality={here.code}")) == {
        ids["a_other_fund"]
    }


def test_applications_invalid_filters_are_400(applications):
    client = _national()
    url = "/api/v1/compensation-applications"
    assert _invalid(client.get(f"{url}?status=granted")) == {"status"}
    assert _invalid(client.get(f"{url}?kind=gift")) == {"kind"}
    assert _invalid(client.get(f"{url}?fund=999999")) == {"fund"}
    assert _invalid(client.get(f"{url}?fund=abc")) == {"fund"}
    assert _invalid(client.get(f"{url}?municipality=GM0000")) == {"municipality"}
    assert _invalid(client.get(f"{url}?status=granted&kind=gift")) == {"status", "kind"}


def test_application_filters_only_narrow_what_the_applicant_may_see(applications):
    """Owner A filtering on a fund and status that owner B's application shares: still only
    owner A's own applications."""
    rows, user_a, fund, *_ = applications
    client = _signed_in(user_a)
    url = "/api/v1/compensation-applications"
    assert _ids(client.get(f"{url}?fund={fund.pk}&status=submitted")) == {rows["a_submitted"].pk}
    assert rows["b_submitted"].pk not in _ids(client.get(f"{url}?status=submitted"))
    assert _ids(client.get(url)) == {
        rows["a_submitted"].pk,
        rows["a_approved"].pk,
        rows["a_other_fund"].pk,
    }


def test_application_page_filters_through_the_same_filterset(applications):
    rows, user_a, fund, *_ = applications
    client = _signed_in(user_a)
    links = {name: f'href="/fondsen/aanvragen/{row.pk}"' for name, row in rows.items()}
    html = client.get(f"/fondsen/aanvragen?status={ApplicationStatus.SUBMITTED}").content.decode()
    assert links["a_submitted"] in html
    assert links["a_approved"] not in html and links["a_other_fund"] not in html
    assert links["b_submitted"] not in html
    html = client.get("/fondsen/aanvragen?status=granted").content.decode()
    assert "utrecht-form-field--invalid" in html
    assert not any(link in html for link in links.values())
