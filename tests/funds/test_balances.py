"""Every fund's balance in one query: the public fund list and /api/v1/funds."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from funds.selectors import fund_balance, funds_with_balance
from tests.funds.factories import ContributionFactory, FundFactory

pytestmark = pytest.mark.django_db


def test_each_fund_has_the_sum_of_its_own_ledger():
    rich, poor, empty = FundFactory(), FundFactory(), FundFactory()
    ContributionFactory(fund=rich, amount_eur=Decimal("100.25"))
    ContributionFactory(fund=rich, amount_eur=Decimal("50.50"))
    ContributionFactory(fund=poor, amount_eur=Decimal("7.00"))

    balances = {fund.pk: str(fund.balance_eur) for fund in funds_with_balance()}

    assert balances == {rich.pk: "150.75", poor.pk: "7.00", empty.pk: "0.00"}
    assert all(balances[f.pk] == str(fund_balance(fund=f)) for f in (rich, poor, empty))


def _queries(url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("url", ["/fondsen", "/api/v1/funds"])
def test_the_fund_list_costs_the_same_queries_for_one_fund_or_five(url):
    ContributionFactory(fund=FundFactory(), amount_eur=Decimal("1234.56"))
    one, content = _queries(url)
    assert "1.234,56" in content or "1234.56" in content
    for _ in range(4):
        ContributionFactory(fund=FundFactory())
    five, _ = _queries(url)
    assert five == one
