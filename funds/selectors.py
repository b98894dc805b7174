"""Reads of the funds app: the balance of a fund, now or on a date, and its running balance."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Sum, Window

from funds.models import Fund, LedgerEntry

CENT = Decimal("0.01")


@dataclass(frozen=True)
class BalancePoint:
    """The movements booked on one date and the fund's balance at the end of that date."""

    booked_on: datetime.date
    net_eur: Decimal
    balance_eur: Decimal


def fund_balance(*, fund: Fund, on: datetime.date | None = None) -> Decimal:
    """The balance of `fund`: the sum of its ledger entries booked on or before `on` (all entries
    when `on` is None), in euros with cents; 0.00 for an empty ledger.
    """
    entries = LedgerEntry.objects.filter(fund=fund)
    if on is not None:
        entries = entries.filter(booked_on__lte=on)
    total = entries.aggregate(total=Sum("amount_eur"))["total"]
    return (total or Decimal(0)).quantize(CENT)


def fund_balance_series(*, fund: Fund) -> list[BalancePoint]:
    """The running balance of `fund` per booking date, oldest first, in one SQL query.

    The running sum orders by date only: its default frame (RANGE ... CURRENT ROW) takes all
    entries of the same date together, so every entry of a date carries that date's closing
    balance and DISTINCT folds them into one row.
    """
    rows = (
        LedgerEntry.objects.filter(fund=fund)
        .annotate(
            net_eur=Window(Sum("amount_eur"), partition_by=[F("booked_on")]),
            balance_eur=Window(Sum("amount_eur"), order_by=F("booked_on").asc()),
        )
        .values_list("booked_on", "net_eur", "balance_eur")
        .distinct()
        .order_by("booked_on")
    )
    return [
        BalancePoint(booked_on=day, net_eur=net.quantize(CENT), balance_eur=balance.quantize(CENT))
        for day, net, balance in rows
    ]
