"""Reads of the funds app: the balance of a fund, now or on a date, and its running balance; who
sees a fund's ledger and its applications (funds/querysets.py holds the rule)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce

from funds.choices import ApplicationStatus, EntryKind
from funds.models import CompensationApplication, Fund, LedgerEntry
from kantorentop.accounts.scopes import Scope
from kantorentop.core.csv_writer import csv_text

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


def funds_with_balance() -> QuerySet[Fund]:
    """Every fund with its region and manager, and its balance as `balance_eur` (the sum of its
    ledger, 0.00 for an empty one), in one query whatever the number of funds."""
    return Fund.objects.select_related("office_region", "manager").annotate(
        balance_eur=_ledger_sum()
    )


def funds_listed() -> QuerySet[Fund]:
    """The public list of funds with their balance, by name."""
    return funds_with_balance().order_by("name", "pk")


def may_apply_for_compensation(*, scope: Scope) -> bool:
    """Whether the actor may apply to a fund: a member of an owner organisation. The page that
    takes the application and every link to it ask this, so no one is shown a link that 404s."""
    return scope.is_owner


def ledger_funds_visible_to(*, scope: Scope, user: object) -> QuerySet[Fund]:
    """Funds whose ledger the actor may read: managers, and officers of an overlapping area."""
    return Fund.objects.ledger_visible_to(scope, user=user)


def ledger_entries_of(*, fund: Fund) -> QuerySet[LedgerEntry]:
    """A fund's ledger, oldest booking first."""
    return LedgerEntry.objects.filter(fund=fund).order_by("booked_on", "id")


def applications_visible_to(*, scope: Scope, user: object) -> QuerySet[CompensationApplication]:
    """Applications the actor may see, newest first: its applicant's members, the fund's
    managers, and the officers of the building's area."""
    return (
        CompensationApplication.objects.visible_to(scope, user=user)
        .select_related("fund", "building", "applicant")
        .order_by("-created_at", "-pk")
    )


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


# --- fund reports (workflows of issue 6) ---------------------------------------------------------


@dataclass(frozen=True)
class FundReport:
    """A fund's money in and out, and what the payouts bought: office m2 out of the market."""

    fund_id: int
    fund_name: str
    office_region: str
    contributions_eur: Decimal
    payouts_eur: Decimal  # a positive figure: the money paid out
    adjustments_eur: Decimal
    balance_eur: Decimal
    paid_applications: int
    m2_withdrawn: int
    eur_per_m2_withdrawn: Decimal | None


def _ledger_sum(kind: str | None = None) -> Coalesce:
    entries = LedgerEntry.objects.filter(fund=OuterRef("pk"))
    if kind is not None:
        entries = entries.filter(kind=kind)
    total = entries.order_by().values("fund").annotate(total=Sum("amount_eur")).values("total")
    return Coalesce(
        Subquery(total, output_field=DecimalField(max_digits=16, decimal_places=2)),
        Value(Decimal("0.00")),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    )


def _paid_applications(field: str) -> Coalesce:
    paid = (
        CompensationApplication.objects.filter(fund=OuterRef("pk"), status=ApplicationStatus.PAID)
        .order_by()
        .values("fund")
    )
    aggregate = Sum("office_m2_withdrawn") if field == "m2" else Count("pk")
    return Coalesce(
        Subquery(paid.annotate(value=aggregate).values("value"), output_field=IntegerField()),
        Value(0),
        output_field=IntegerField(),
    )


def fund_reports(*, funds: Iterable[Fund] | None = None) -> list[FundReport]:
    """The report of every fund (or of the funds given), in one SQL query.

    Euros per m2 withdrawn = payouts / office m2 of the paid applications; none without any.
    """
    queryset = Fund.objects.select_related("office_region").annotate(
        contributions=_ledger_sum(EntryKind.CONTRIBUTION),
        payouts=_ledger_sum(EntryKind.PAYOUT),
        adjustments=_ledger_sum(EntryKind.ADJUSTMENT),
        balance=_ledger_sum(),
        paid_count=_paid_applications("count"),
        m2=_paid_applications("m2"),
    )
    if funds is not None:
        queryset = queryset.filter(pk__in=[f.pk for f in funds])
    reports = []
    # Rows with the annotations above (django-stubs types no annotate on a custom queryset).
    rows = cast("QuerySet[Any]", queryset.order_by("name"))
    for fund in rows:
        paid_out = -fund.payouts
        reports.append(
            FundReport(
                fund_id=fund.pk,
                fund_name=fund.name,
                office_region=fund.office_region.name,
                contributions_eur=fund.contributions.quantize(CENT),
                payouts_eur=paid_out.quantize(CENT),
                adjustments_eur=fund.adjustments.quantize(CENT),
                balance_eur=fund.balance.quantize(CENT),
                paid_applications=fund.paid_count,
                m2_withdrawn=fund.m2,
                eur_per_m2_withdrawn=(paid_out / fund.m2).quantize(CENT) if fund.m2 else None,
            )
        )
    return reports


def fund_report(*, fund: Fund) -> FundReport:
    """The report of one fund: contributions, payouts, m2 withdrawn, euros per m2 withdrawn."""
    return fund_reports(funds=[fund])[0]


# (Dutch column name, FundReport attribute): the file is opened in Dutch spreadsheets.
REPORT_CSV_COLUMNS = (
    ("Fonds", "fund_name"),
    ("Kantorenregio", "office_region"),
    ("Bijdragen (EUR)", "contributions_eur"),
    ("Uitkeringen (EUR)", "payouts_eur"),
    ("Correcties (EUR)", "adjustments_eur"),
    ("Saldo (EUR)", "balance_eur"),
    ("Uitgekeerde aanvragen", "paid_applications"),
    ("m2 onttrokken", "m2_withdrawn"),
    ("Euro per onttrokken m2", "eur_per_m2_withdrawn"),
)


def fund_reports_csv(*, reports: Iterable[FundReport]) -> str:
    """The reports as CSV, one fund a row, through the portal's one CSV writer (semicolons,
    decimal commas, a byte-order mark, formula-safe text)."""
    return csv_text(
        [header for header, _ in REPORT_CSV_COLUMNS],
        ([getattr(report, attr) for _, attr in REPORT_CSV_COLUMNS] for report in reports),
    )
