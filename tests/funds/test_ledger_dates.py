"""A booking's date: not in the future and not before the covenant (the ledger is append-only,
so an entry dated 1800 could never be taken back)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from funds.models import LedgerEntry
from funds.services import ledger_entry_create
from tests.accounts.factories import MembershipFactory
from tests.funds.factories import FundFactory

pytestmark = pytest.mark.django_db


def _book(fund, booked_on):  # type: ignore[no-untyped-def]
    return ledger_entry_create(
        fund=fund,
        kind="contribution",
        amount_eur=Decimal("100.00"),
        booked_on=booked_on,
        description="Bijdrage",
    )


@pytest.mark.parametrize("day", [datetime.date(1800, 1, 1), datetime.date(2012, 6, 26)])
def test_a_booking_before_the_covenant_is_refused(day):
    fund = FundFactory()
    with pytest.raises(ValidationError) as excinfo:
        _book(fund, day)
    assert [error.code for error in excinfo.value.error_dict["booked_on"]] == ["before_covenant"]
    assert not LedgerEntry.objects.filter(fund=fund).exists()


def test_a_booking_on_the_signing_day_is_accepted():
    entry = _book(FundFactory(), datetime.date(2012, 6, 27))
    assert entry.booked_on == datetime.date(2012, 6, 27)


def test_the_database_refuses_a_booking_before_the_covenant():
    fund = FundFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            fund=fund,
            kind="contribution",
            amount_eur=Decimal("100.00"),
            booked_on=datetime.date(1800, 1, 1),
            description="Bijdrage",
        )


def test_the_ledger_page_shows_the_error_at_the_date():
    fund = FundFactory()
    manager = MembershipFactory(organisation=fund.manager, role="fund_manager").user
    client = Client()
    client.force_login(manager)
    response = client.post(
        f"/fondsen/{fund.pk}/grootboek",
        {
            "kind": "contribution",
            "amount_eur": "100.00",
            "booked_on": "01-01-1800",
            "description": "Bijdrage",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "op of na 27-06-2012 (de ondertekening van het convenant)" in html
    assert "utrecht-form-field--invalid" in html
    assert not LedgerEntry.objects.filter(fund=fund).exists()
