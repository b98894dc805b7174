"""Public aggregates of market transactions per office region and year (at least five each)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Aggregate,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
)
from django.db.models.functions import ExtractYear

from buildings.choices import TransactionKind
from buildings.models import MarketTransaction
from kantorentop.accounts.scopes import Scope
from regions.models import OfficeRegion

# The domain spec: transactions are published only as aggregates over at least five.
MIN_TRANSACTIONS = 5


def transactions_visible_to(scope: Scope) -> QuerySet[MarketTransaction]:
    """Transactions of the buildings the actor may see, newest first (none without a reach)."""
    if scope.is_empty:
        return MarketTransaction.objects.none()
    return (
        MarketTransaction.objects.visible_to(scope)
        .select_related("building")
        .order_by("-transaction_date", "-pk")
    )


class Median(Aggregate):
    """PostgreSQL's continuous median: percentile_cont(0.5) WITHIN GROUP (ORDER BY ...)."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"
    output_field = FloatField()


# Rent per m2 per year after incentives: rent-free months reduce the rent over the term, other
# incentives (fit-out contributions, moving costs) are spread over the term and the area.
EFFECTIVE_RENT = ExpressionWrapper(
    F("annual_rent_per_m2_eur") * (F("term_months") - F("rent_free_months")) / F("term_months")
    - F("other_incentives_eur") * 12 / (F("term_months") * F("area_m2")),
    output_field=DecimalField(max_digits=14, decimal_places=4),
)


@dataclass(frozen=True)
class TransactionAggregate:
    """Transactions of one office region in one year; medians only over five leases or more."""

    office_region_slug: str
    office_region_name: str
    year: int
    transactions: int
    leases: int
    sales: int
    median_rent_per_m2_eur: Decimal | None
    median_effective_rent_per_m2_eur: Decimal | None


def _money(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def transaction_aggregates(
    *, office_region: OfficeRegion | None = None, year: int | None = None
) -> list[TransactionAggregate]:
    """Per office region and year: counts and median (effective) rent, in one SQL query.

    Groups of fewer than five transactions are left out, and the rent medians of a group with
    fewer than five leases are none, so that no single deal can be read from the figures.
    """
    lease = Q(kind=TransactionKind.LEASE)
    queryset = MarketTransaction.objects.filter(building__municipality__office_region__isnull=False)
    if office_region is not None:
        queryset = queryset.filter(building__municipality__office_region=office_region)
    if year is not None:
        queryset = queryset.filter(transaction_date__year=year)
    rows = (
        queryset.annotate(
            year=ExtractYear("transaction_date"),
            region_slug=F("building__municipality__office_region__slug"),
            region_name=F("building__municipality__office_region__name"),
        )
        .values("region_slug", "region_name", "year")
        .annotate(
            transactions=Count("pk"),
            leases=Count("pk", filter=lease),
            median_rent=Median("annual_rent_per_m2_eur", filter=lease),
            median_effective=Median(EFFECTIVE_RENT, filter=lease),
        )
        .filter(transactions__gte=MIN_TRANSACTIONS)
        .order_by("region_name", "year")
    )
    return [
        TransactionAggregate(
            office_region_slug=row["region_slug"],
            office_region_name=row["region_name"],
            year=row["year"],
            transactions=row["transactions"],
            leases=row["leases"],
            sales=row["transactions"] - row["leases"],
            median_rent_per_m2_eur=(
                _money(row["median_rent"]) if row["leases"] >= MIN_TRANSACTIONS else None
            ),
            median_effective_rent_per_m2_eur=(
                _money(row["median_effective"]) if row["leases"] >= MIN_TRANSACTIONS else None
            ),
        )
        for row in rows
    ]
