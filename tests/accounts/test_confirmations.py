"""Issue 11, item 24: paying out and approving are not single clicks. The button's POST answers
with a confirmation page and changes nothing; only the confirmation page's own POST acts."""

from decimal import Decimal

import pytest
from django.test import Client

from buildings.choices import PlanStatus
from buildings.services.plans import plan_create, plan_submit
from funds.choices import ApplicationStatus
from funds.models import LedgerEntry
from funds.services import compensation_application_approve, compensation_application_submit
from tests.funds.factories import ContributionFactory, FundFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def application(world, building_a):
    fund = FundFactory(office_region=world.municipality_a.office_region, manager=world.fund_org)
    ContributionFactory(fund=fund, amount_eur=Decimal("1000.00"))
    return compensation_application_submit(
        user=world.investor_a_user,
        fund=fund,
        building=building_a,
        kind="demolition",
        office_m2_withdrawn=100,
        amount_requested_eur=Decimal("300.00"),
    )


def _form_of(page: str, action: str) -> str:
    start = page.index(f'action="{action}"')
    return page[start : page.index("</form>", start)]


def test_a_single_post_does_not_pay_out(world, application):
    compensation_application_approve(
        application=application, user=world.fund_manager, amount_granted_eur=Decimal("250.00")
    )
    manager = _client(world.fund_manager)
    url = f"/fondsen/aanvragen/{application.pk}/uitbetalen"
    response = manager.post(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "€\u00a0250,00" in page
    form = _form_of(page, url)
    assert 'name="bevestigd" value="1"' in form
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert not LedgerEntry.objects.filter(application=application).exists()
    # The confirmation page's button pays.
    assert manager.post(url, {"bevestigd": "1"}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PAID
    # Whoever may not pay gets no confirmation page either.
    assert _client(world.investor_a_user).post(url).status_code == 403


def test_a_single_post_does_not_approve_an_application(world, application):
    manager = _client(world.fund_manager)
    url = f"/fondsen/aanvragen/{application.pk}/toekennen"
    response = manager.post(url, {"amount_granted_eur": "200.00"})
    assert response.status_code == 200
    form = _form_of(response.content.decode(), url)
    assert 'name="amount_granted_eur" value="200.00"' in form
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    manager.post(url, {"amount_granted_eur": "200.00", "bevestigd": "1"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.amount_granted_eur == Decimal("200.00")


def test_a_single_post_does_not_approve_a_plan(world, building_a):
    plan = plan_create(user=world.investor_a_user, building=building_a, kind="demolition")
    plan_submit(plan=plan, user=world.investor_a_user)
    officer = _client(world.officer_a)
    url = f"/plannen/{plan.pk}/goedkeuren"
    response = officer.post(url)
    assert response.status_code == 200
    assert 'name="bevestigd" value="1"' in _form_of(response.content.decode(), url)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert officer.post(url, {"bevestigd": "1"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
