"""The funds admin: lists in constant queries, the ledger read-only, adding through the service."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funds.choices import EntryKind
from funds.models import LedgerEntry
from tests.funds.factories import CompensationApplicationFactory, ContributionFactory, FundFactory

pytestmark = pytest.mark.django_db

MODELS = ["fund", "ledgerentry", "compensationapplication"]


def add_rows():
    for _ in range(3):
        application = CompensationApplicationFactory()
        ContributionFactory(fund=application.fund)


def changelist_queries(client, model):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse(f"admin:funds_{model}_changelist"))
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("model", MODELS)
def test_changelist_query_count_is_constant(admin_client, model):
    add_rows()
    before = changelist_queries(admin_client, model)
    add_rows()
    assert changelist_queries(admin_client, model) == before


def test_fund_list_shows_the_balance(admin_client):
    fund = ContributionFactory(amount_eur=Decimal("1234.50")).fund
    ContributionFactory(fund=fund, amount_eur=Decimal("0.50"))
    response = admin_client.get(reverse("admin:funds_fund_changelist"), {"q": fund.name})
    [row] = response.context["cl"].result_list
    assert row._balance_eur == Decimal("1235.00")
    assert "1235,00" in response.content.decode().replace(".", "")


def test_ledger_entry_cannot_be_changed_or_deleted(admin_client):
    entry = ContributionFactory()
    change = admin_client.get(reverse("admin:funds_ledgerentry_change", args=[entry.pk]))
    assert change.status_code == 200
    assert 'name="amount_eur"' not in change.content.decode()  # shown, not editable
    response = admin_client.post(
        reverse("admin:funds_ledgerentry_change", args=[entry.pk]),
        {"description": "Gewijzigd", "amount_eur": "1.00"},
    )
    assert response.status_code == 403
    response = admin_client.post(
        reverse("admin:funds_ledgerentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.description == "Bijdrage"


def _add(client, **data):
    payload = {
        "kind": EntryKind.CONTRIBUTION,
        "booked_on": "2024-02-01",
        "description": "Via de admin",
        "reason": "",
        "application": "",
        "development_project": "",
    }
    payload.update({key: str(value) for key, value in data.items()})
    return client.post(reverse("admin:funds_ledgerentry_add"), payload)


def test_adding_goes_through_the_service(admin_client, admin_user):
    fund = FundFactory()
    response = _add(admin_client, fund=fund.pk, amount_eur="250.00")
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(fund=fund)
    assert entry.amount_eur == Decimal("250.00")
    assert entry.booked_on == datetime.date(2024, 2, 1)
    assert entry.created_by == admin_user


def test_adding_shows_the_service_errors_and_writes_nothing(admin_client):
    application = CompensationApplicationFactory(amount_requested_eur=Decimal("500.00"))
    response = _add(
        admin_client,
        fund=application.fund.pk,
        kind=EntryKind.PAYOUT,
        amount_eur="-500.00",
        application=application.pk,
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "amount_eur" in errors
    assert not LedgerEntry.objects.filter(fund=application.fund).exists()

    response = _add(admin_client, fund=application.fund.pk, kind=EntryKind.ADJUSTMENT, amount_eur=5)
    assert "reason" in response.context["adminform"].form.errors
    assert not LedgerEntry.objects.filter(fund=application.fund).exists()
