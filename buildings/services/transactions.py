"""Market transactions (leases and sales), registered by the municipality or the owner.

Single transactions are never published: the selectors publish aggregates of at least five.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buildings.choices import TransactionKind
from buildings.models import Building, MarketTransaction
from buildings.services.plan_rules import user_is_municipal_officer, user_is_owner_member
from kantorentop.core.templatetags.dutch import dutch_number

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _terms_errors(record: MarketTransaction, error: Callable[..., None]) -> None:
    """A lease has its rent, term and incentives; a sale its price and none of a lease's."""
    if record.kind == TransactionKind.LEASE:
        rent = record.annual_rent_per_m2_eur
        if rent is None or rent <= 0:
            error("annual_rent_per_m2_eur", _("A lease needs its annual rent per m2."), "required")
        if record.term_months is None or record.term_months < 1:
            error("term_months", _("A lease needs its term in months."), "required")
        elif record.rent_free_months > record.term_months:
            error("rent_free_months", _("The rent-free months exceed the term."), "exceeds_term")
        if record.other_incentives_eur < 0:
            error("other_incentives_eur", _("Other incentives are not negative."), "negative")
    elif record.kind == TransactionKind.SALE:
        if record.price_eur is None or record.price_eur <= 0:
            error("price_eur", _("A sale needs its price."), "required")
        if (
            record.annual_rent_per_m2_eur is not None
            or record.term_months is not None
            or record.rent_free_months
        ):
            error("kind", _("A sale has no rent, term or rent-free months."), "sale_with_rent")


def _transaction_errors(
    record: MarketTransaction, building: Building
) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}

    def error(field: str, message: StrOrPromise, code: str, **params: object) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code, params=params))

    if record.kind not in TransactionKind.values:
        error("kind", _("Choose lease or sale."), "invalid")
    if not 1 <= record.area_m2 <= building.lettable_floor_area_m2:
        error(
            "area_m2",
            _("The area lies between 1 and the lettable area of the building (%(area)s m2)."),
            "out_of_range",
            area=dutch_number(building.lettable_floor_area_m2),
        )
    if record.transaction_date > timezone.localdate():
        error("transaction_date", _("The date lies in the future."), "future")
    _terms_errors(record, error)
    return errors


@transaction.atomic
def market_transaction_register(
    *,
    user: AbstractBaseUser,
    building: Building,
    kind: str,
    transaction_date: datetime.date,
    area_m2: int,
    annual_rent_per_m2_eur: Decimal | None = None,
    price_eur: Decimal | None = None,
    rent_free_months: int = 0,
    other_incentives_eur: Decimal = Decimal("0.00"),
    term_months: int | None = None,
) -> MarketTransaction:
    """Register a lease (rent per m2 per year, term, incentives) or a sale (price).

    Officers of the building's municipality and members of its owner organisation may.
    """
    if not (
        user_is_municipal_officer(user=user, municipality_id=building.municipality_id)
        or user_is_owner_member(user=user, organisation_id=building.owner_id)
    ):
        raise PermissionDenied(
            _("Only the municipality's officers and the owner register transactions.")
        )
    record = MarketTransaction(
        building=building,
        kind=kind,
        transaction_date=transaction_date,
        area_m2=area_m2,
        annual_rent_per_m2_eur=annual_rent_per_m2_eur,
        price_eur=price_eur,
        rent_free_months=rent_free_months,
        other_incentives_eur=other_incentives_eur,
        term_months=term_months,
        registered_by_id=user.pk,
    )
    errors = _transaction_errors(record, building)
    if errors:
        raise ValidationError(errors)
    record.full_clean(exclude=["building", "registered_by"])
    record.save()
    return record
