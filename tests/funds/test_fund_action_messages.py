"""Each fund-manager action says what it did, and the ledger's payout line reads as a sentence."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from funds.choices import ApplicationStatus
from tests.funds.factories import CompensationApplicationFactory, ContributionFactory, FundFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _said(response):
    """The message the action added (earlier ones wait for a page to show them)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1:]


@pytest.fixture
def application(world, building_a):
    fund = FundFactory(office_region=world.municipality_a.office_region, manager=world.fund_org)
    ContributionFactory(fund=fund, amount_eur=Decimal("5000.00"))
    return CompensationApplicationFactory(
        fund=fund,
        building=building_a,
        applicant=world.investor_a,
        amount_requested_eur=Decimal("1250.00"),
        amount_granted_eur=None,
        status=ApplicationStatus.SUBMITTED,
    )


def test_every_action_says_what_happened(world, application):
    manager = _client(world.fund_manager)
    url = f"/fondsen/aanvragen/{application.pk}"
    said = _said(manager.post(f"{url}/beoordelen"))
    assert said == ["De aanvraag is in behandeling genomen."]
    said = _said(
        manager.post(f"{url}/toekennen", {"amount_granted_eur": "1234.50", "bevestigd": "1"})
    )
    assert said == ["De aanvraag is goedgekeurd: €\u00a01.234,50 toegekend."]
    said = _said(manager.post(f"{url}/uitbetalen", {"bevestigd": "1"}))
    assert said == ["De aanvraag is uitbetaald: €\u00a01.234,50."]


def test_a_rejection_says_so(world, application):
    manager = _client(world.fund_manager)
    url = f"/fondsen/aanvragen/{application.pk}"
    said = _said(manager.post(f"{url}/afwijzen", {"reasons": "Het gebouw is weer verhuurd."}))
    assert said == ["De aanvraag is afgewezen."]


def test_the_payout_line_in_the_ledger_reads_well(world, application, building_a):
    manager = _client(world.fund_manager)
    url = f"/fondsen/aanvragen/{application.pk}"
    manager.post(f"{url}/toekennen", {"amount_granted_eur": "1000.00", "bevestigd": "1"})
    manager.post(f"{url}/uitbetalen", {"bevestigd": "1"})
    text = manager.get(f"/fondsen/{application.fund.pk}/grootboek").content.decode()
    line = text[text.index("Compensatie aan Belegger A") :]
    line = line[: line.index("</td>")]
    assert f"Compensatie aan Belegger A: {building_a}" in line
    assert f">aanvraag {application.pk}</a>" in line
    assert "Uitkering aanvraag" not in text
