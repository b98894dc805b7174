"""Market transactions: leases and sales of (part of) an office building."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buildings.choices import TransactionKind
from buildings.models.building import Building
from buildings.querysets import MarketTransactionQuerySet
from kantorentop.core.models import TimeStampedModel


class MarketTransaction(TimeStampedModel):
    """A lease or sale of (part of) an office building. Published only as aggregates of >= 5."""

    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="transactions", verbose_name=_("building")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=TransactionKind.choices)
    transaction_date = models.DateField(_("date"))
    area_m2 = models.PositiveIntegerField(_("area (m2 VVO)"))
    annual_rent_per_m2_eur = models.DecimalField(
        _("annual rent per m2 (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    price_eur = models.DecimalField(
        _("price (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    rent_free_months = models.PositiveSmallIntegerField(_("rent-free months"), default=0)
    other_incentives_eur = models.DecimalField(
        _("other incentives (EUR)"), max_digits=12, decimal_places=2, default=0
    )
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered by"),
    )

    objects = MarketTransactionQuerySet.as_manager()

    class Meta:
        verbose_name = _("market transaction")
        verbose_name_plural = _("market transactions")
        ordering = ["-transaction_date"]
        constraints = [
            models.CheckConstraint(condition=Q(area_m2__gte=1), name="transaction_area_positive"),
            models.CheckConstraint(
                condition=~Q(kind=TransactionKind.LEASE)
                | (Q(annual_rent_per_m2_eur__gt=0) & Q(term_months__gte=1)),
                name="transaction_lease_has_rent_and_term",
            ),
            models.CheckConstraint(
                condition=~Q(kind=TransactionKind.SALE) | Q(price_eur__gt=0),
                name="transaction_sale_has_price",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.building_id} {self.transaction_date}"
