"""Booking an entry in a fund's append-only ledger.

The database is the last line of defence (funds/models.py): it refuses UPDATE and DELETE of entries,
entries whose sign does not match their kind, and an insert that would make the balance negative.
The service checks the same rules first so that callers get a ValidationError with field names and
codes instead of a database error, and it adds the rules the database cannot see (the payout pays
an approved application of this fund, a levy belongs to a project in the fund's region).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buildings.selectors.figures import COVENANT_SIGNED_ON
from funds.choices import ApplicationStatus, EntryKind
from funds.models import CompensationApplication, Fund, LedgerEntry
from funds.selectors import CENT, fund_balance_series
from kantorentop.core.field_values import Errors, field_value, field_values
from kantorentop.core.templatetags.dutch import dutch_date, dutch_euro
from regions.models import DevelopmentProject

# amount_eur is DECIMAL(14, 2): twelve digits before the point.
MAX_ABS_AMOUNT = Decimal(10) ** 12


def amount_eur_value(amount_eur: object) -> Decimal:
    """An amount in euros with cents (also the amounts of applications), as the ledger's amount
    field holds it: "10.00" and 10 are 10.00; "tien", NaN and infinity are refused (`invalid`).

    Raises ValidationError: invalid, too_large or too_many_decimals.
    """
    amount: Decimal = field_value(LedgerEntry, "amount_eur", amount_eur)
    # The size first: a number of more than 28 digits cannot be rounded to cents.
    if abs(amount) >= MAX_ABS_AMOUNT:
        raise ValidationError(_("The amount is too large."), code="too_large")
    if amount != amount.quantize(CENT):
        raise ValidationError(
            _("The amount has more than two decimals: %(amount)s."),
            code="too_many_decimals",
            params={"amount": amount},
        )
    return amount


def _sign_errors(
    *, kind: str, amount_eur: Decimal, reason: str
) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    if kind == EntryKind.CONTRIBUTION and amount_eur <= 0:
        errors["amount_eur"] = [
            ValidationError(_("A contribution must be a positive amount."), code="sign")
        ]
    elif kind == EntryKind.PAYOUT and amount_eur >= 0:
        errors["amount_eur"] = [
            ValidationError(_("A payout must be a negative amount."), code="sign")
        ]
    elif kind == EntryKind.ADJUSTMENT:
        if amount_eur == 0:
            errors["amount_eur"] = [
                ValidationError(_("An adjustment cannot be zero."), code="sign")
            ]
        if not reason.strip():
            errors["reason"] = [
                ValidationError(_("An adjustment needs a reason."), code="required")
            ]
    return errors


def _application_errors(
    *, fund: Fund, kind: str, amount_eur: Decimal | None, application: CompensationApplication
) -> list[ValidationError]:
    if kind != EntryKind.PAYOUT:
        return [
            ValidationError(
                _("Only a payout refers to a compensation application."), code="not_allowed"
            )
        ]
    if application.fund_id != fund.pk:
        return [ValidationError(_("The application was made to another fund."), code="other_fund")]
    if LedgerEntry.objects.filter(application=application).exists():
        return [ValidationError(_("The application has been paid already."), code="already_paid")]
    if application.status != ApplicationStatus.APPROVED:
        return [
            ValidationError(
                _("Only an approved application is paid; this one is %(status)s."),
                code="not_approved",
                params={"status": application.get_status_display()},
            )
        ]
    if amount_eur is not None and -amount_eur != application.amount_granted_eur:
        return [
            ValidationError(
                _("A payout pays the amount granted (%(granted)s), not %(amount)s."),
                code="amount_mismatch",
                params={
                    "granted": dutch_euro(application.amount_granted_eur),
                    "amount": dutch_euro(-amount_eur),
                },
            )
        ]
    return []


def _project_errors(
    *, fund: Fund, kind: str, development_project: DevelopmentProject
) -> list[ValidationError]:
    if kind != EntryKind.CONTRIBUTION:
        return [
            ValidationError(
                _("Only a contribution (a levy) refers to a development project."),
                code="not_allowed",
            )
        ]
    if development_project.municipality.office_region_id != fund.office_region_id:
        return [
            ValidationError(
                _("The development project lies outside the fund's office region."),
                code="other_region",
            )
        ]
    if LedgerEntry.objects.filter(development_project=development_project).exists():
        return [
            ValidationError(
                _("A levy for this development project has been booked already."),
                code="already_levied",
            )
        ]
    return []


def _lowest_balance_from(*, fund: Fund, day: datetime.date) -> Decimal:
    """The lowest balance of `fund` on `day` and on every later booking date.

    An entry booked on `day` changes all of these; checking only the total would let a back-dated
    payout make the balance on an earlier date negative.
    """
    series = fund_balance_series(fund=fund)
    on_day = Decimal("0.00")
    later = []
    for point in series:
        if point.booked_on <= day:
            on_day = point.balance_eur
        else:
            later.append(point.balance_eur)
    return min([on_day, *later])


def _entry_field_values(
    *, kind: str, amount_eur: Any, booked_on: Any, description: str, reason: str
) -> tuple[Errors, dict[str, Any]]:
    """The errors of an entry's own fields, and its amount and date as the fields hold them (a
    value its field cannot hold is reported and left out)."""
    errors: Errors = {}
    values: dict[str, Any] = {}
    if kind not in EntryKind.values:
        errors["kind"] = [
            ValidationError(_("Unknown kind %(kind)r."), code="invalid", params={"kind": kind})
        ]
    try:
        values["amount_eur"] = amount_eur_value(amount_eur)
    except ValidationError as error:
        errors["amount_eur"] = error.error_list
    else:
        if "kind" not in errors:
            errors.update(_sign_errors(kind=kind, amount_eur=values["amount_eur"], reason=reason))
    values |= field_values(LedgerEntry, errors, booked_on=booked_on)
    if "booked_on" in values and values["booked_on"] > timezone.localdate():
        errors["booked_on"] = [
            ValidationError(_("An entry cannot be booked in the future."), code="future")
        ]
    elif "booked_on" in values and values["booked_on"] < COVENANT_SIGNED_ON:
        # The funds came with the covenant (the fund records no start date of its own), and an
        # entry booked before it cannot be taken back: the ledger is append-only.
        errors["booked_on"] = [
            ValidationError(
                _("An entry is booked on %(date)s (the covenant's signing) or later."),
                code="before_covenant",
                params={"date": dutch_date(COVENANT_SIGNED_ON)},
            )
        ]
    if not description.strip():
        errors["description"] = [ValidationError(_("Describe the entry."), code="required")]
    return errors, values


def _entry_link_errors(
    *,
    fund: Fund,
    kind: str,
    amount_eur: Decimal | None,
    application: CompensationApplication | None,
    development_project: DevelopmentProject | None,
) -> tuple[dict[str, list[ValidationError]], CompensationApplication | None]:
    """Errors of the application and project an entry names, and the application locked."""
    errors: dict[str, list[ValidationError]] = {}
    if application is not None:
        # Lock the application too: of two payouts of the same application one waits and
        # then sees the other's entry.
        application = CompensationApplication.objects.select_for_update().get(pk=application.pk)
        application_errors = _application_errors(
            fund=fund, kind=kind, amount_eur=amount_eur, application=application
        )
        if application_errors:
            errors["application"] = application_errors
    elif kind == EntryKind.PAYOUT:
        errors["application"] = [
            ValidationError(
                _("A payout pays a compensation application; name it."), code="required"
            )
        ]
    if development_project is not None:
        project_errors = _project_errors(
            fund=fund, kind=kind, development_project=development_project
        )
        if project_errors:
            errors["development_project"] = project_errors
    return errors, application


def _refuse_overdraft(*, fund: Fund, amount_eur: Decimal, booked_on: datetime.date) -> None:
    """A payout may not make the balance on its booking date or any later one negative."""
    lowest = _lowest_balance_from(fund=fund, day=booked_on)
    if lowest + amount_eur >= 0:
        return
    raise ValidationError(
        {
            "amount_eur": ValidationError(
                _(
                    "The fund %(fund)s cannot pay %(amount)s: its balance from "
                    "%(date)s on is at most %(balance)s and would become negative."
                ),
                code="insufficient_balance",
                params={
                    "fund": fund.name,
                    "amount": dutch_euro(-amount_eur),
                    "date": dutch_date(booked_on),
                    "balance": dutch_euro(lowest),
                },
            )
        }
    )


@transaction.atomic
def ledger_entry_create(
    *,
    fund: Fund,
    kind: str,
    amount_eur: Decimal,
    booked_on: datetime.date,
    description: str,
    reason: str = "",
    application: CompensationApplication | None = None,
    development_project: DevelopmentProject | None = None,
    created_by: AbstractBaseUser | None = None,
) -> LedgerEntry:
    """Book one entry in the ledger of `fund`.

    Signed amounts in euros with cents (read by `amount_eur_value`, the date by the entry's
    field): a contribution is positive, a payout negative and pays the amount granted to an
    approved application of this fund, an adjustment is non-zero and has a reason. The fund row
    is locked (SELECT ... FOR UPDATE) before the balance is read, so concurrent payouts are
    serialised and the balance, on the booking date and every later one, never becomes
    negative. Raises ValidationError with field names and codes.
    """
    errors, values = _entry_field_values(
        kind=kind,
        amount_eur=amount_eur,
        booked_on=booked_on,
        description=description,
        reason=reason,
    )
    if "kind" not in errors:
        link_errors, application = _entry_link_errors(
            fund=fund,
            kind=kind,
            amount_eur=values.get("amount_eur"),
            application=application,
            development_project=development_project,
        )
        errors.update(link_errors)
    if errors:
        raise ValidationError(errors)
    amount_eur, booked_on = values["amount_eur"], values["booked_on"]

    # From here on no other booking in this fund can run until this transaction ends.
    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    if amount_eur < 0:
        _refuse_overdraft(fund=fund, amount_eur=amount_eur, booked_on=booked_on)

    return LedgerEntry.objects.create(
        fund=fund,
        kind=kind,
        amount_eur=amount_eur,
        booked_on=booked_on,
        description=description.strip(),
        reason=reason.strip(),
        application=application,
        development_project=development_project,
        # Any AUTH_USER_MODEL instance; the stubs type the field as auth.User.
        created_by=created_by,  # type: ignore[misc]
    )
