"""Writes of the funds app: booking an entry in a fund's append-only ledger.

The database is the last line of defence (funds/models.py): it refuses UPDATE and DELETE of entries,
entries whose sign does not match their kind, and an insert that would make the balance negative.
The service checks the same rules first so that callers get a ValidationError with field names and
codes instead of a database error, and it adds the rules the database cannot see (the payout pays
an approved application of this fund, a levy belongs to a project in the fund's region).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buildings.models import Building
from funds.choices import ApplicationStatus, CompensationKind, EntryKind
from funds.models import CompensationApplication, Fund, LedgerEntry
from funds.selectors import CENT, fund_balance_series
from kantorentop.accounts.choices import NotificationKind, Role
from kantorentop.accounts.models import Membership
from kantorentop.accounts.services import NotificationDraft, notifications_create
from regions.choices import DevelopmentStatus
from regions.models import DevelopmentProject

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# amount_eur is DECIMAL(14, 2): twelve digits before the point.
MAX_ABS_AMOUNT = Decimal(10) ** 12


def _amount_errors(amount_eur: object) -> list[ValidationError]:
    # bool is an int and float is inexact: only Decimal keeps cents exact end to end.
    if not isinstance(amount_eur, Decimal):
        return [
            ValidationError(
                _("The amount must be a Decimal (euros with cents), not %(type)s."),
                code="not_decimal",
                params={"type": type(amount_eur).__name__},
            )
        ]
    if not amount_eur.is_finite():
        return [ValidationError(_("The amount must be a finite number."), code="invalid")]
    if amount_eur != amount_eur.quantize(CENT):
        return [
            ValidationError(
                _("The amount has more than two decimals: %(amount)s."),
                code="too_many_decimals",
                params={"amount": amount_eur},
            )
        ]
    if abs(amount_eur) >= MAX_ABS_AMOUNT:
        return [ValidationError(_("The amount is too large."), code="too_large")]
    return []


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
                params={"granted": application.amount_granted_eur, "amount": -amount_eur},
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

    Signed amounts in euros with cents (a Decimal with at most two decimals): a contribution is
    positive, a payout negative and pays the amount granted to an approved application of this
    fund, an adjustment is non-zero and has a reason. The fund row is locked (SELECT ... FOR UPDATE)
    before the balance is read, so concurrent payouts are serialised and the balance, on the
    booking date and every later one, never becomes negative. Raises ValidationError with field
    names and codes.
    """
    errors: dict[str, list[ValidationError]] = {}

    if kind not in EntryKind.values:
        errors["kind"] = [
            ValidationError(_("Unknown kind %(kind)r."), code="invalid", params={"kind": kind})
        ]
    amount_errors = _amount_errors(amount_eur)
    if amount_errors:
        errors["amount_eur"] = amount_errors
    elif "kind" not in errors:
        errors.update(_sign_errors(kind=kind, amount_eur=amount_eur, reason=reason))

    if not isinstance(booked_on, datetime.date) or isinstance(booked_on, datetime.datetime):
        errors["booked_on"] = [ValidationError(_("Enter a date."), code="invalid")]
    elif booked_on > timezone.localdate():
        errors["booked_on"] = [
            ValidationError(_("An entry cannot be booked in the future."), code="future")
        ]
    if not description.strip():
        errors["description"] = [ValidationError(_("Describe the entry."), code="required")]

    if "kind" not in errors:
        if application is not None:
            # Lock the application too: of two payouts of the same application one waits and
            # then sees the other's entry.
            application = CompensationApplication.objects.select_for_update().get(pk=application.pk)
            application_errors = _application_errors(
                fund=fund,
                kind=kind,
                amount_eur=None if amount_errors else amount_eur,
                application=application,
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

    if errors:
        raise ValidationError(errors)

    # From here on no other booking in this fund can run until this transaction ends.
    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    if amount_eur < 0:
        lowest = _lowest_balance_from(fund=fund, day=booked_on)
        if lowest + amount_eur < 0:
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
                            "amount": -amount_eur,
                            "date": booked_on.isoformat(),
                            "balance": lowest,
                        },
                    )
                }
            )

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


# --- levies and compensation applications (workflows of issue 6) -------------------------------

LEVIABLE_DEVELOPMENT_STATUSES = (
    DevelopmentStatus.PERMITTED,
    DevelopmentStatus.UNDER_CONSTRUCTION,
    DevelopmentStatus.COMPLETED,
)


def user_is_fund_manager(*, user: object, fund: Fund) -> bool:
    """Whether the user is a fund manager of the fund's managing organisation."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user_id=user.pk,  # type: ignore[attr-defined]
        organisation_id=fund.manager_id,
        role=Role.FUND_MANAGER,
    ).exists()


def _require_fund_manager(*, user: object, fund: Fund) -> None:
    if not user_is_fund_manager(user=user, fund=fund):
        raise PermissionDenied(_("Only the fund's managers may do this."))


def _locked_application(application: CompensationApplication) -> CompensationApplication:
    return (
        CompensationApplication.objects.select_for_update(of=("self",))
        .select_related("fund", "building")
        .get(pk=application.pk)
    )


def _require_application_status(
    application: CompensationApplication, allowed: tuple[str, ...], action: StrOrPromise
) -> None:
    if application.status not in allowed:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("An application that is %(status)s cannot be %(action)s."),
                    code="invalid_transition",
                    params={
                        "status": application.get_status_display().lower(),
                        "action": action,
                    },
                )
            }
        )


def _notify_applicant(*, application: CompensationApplication, subject: str, body: str) -> None:
    recipients = sorted(
        set(
            Membership.objects.filter(organisation_id=application.applicant_id).values_list(
                "user_id", flat=True
            )
        )
    )
    notifications_create(
        drafts=[
            NotificationDraft(
                recipient_id=user_id,
                kind=NotificationKind.APPLICATION_DECIDED,
                subject=subject,
                body=body,
                url=f"/fondsen/aanvragen/{application.pk}",
                dedupe_key=f"application:{application.pk}:{application.status}",
            )
            for user_id in recipients
        ]
    )


@transaction.atomic
def levy_charge(
    *, fund: Fund, development_project: DevelopmentProject, user: AbstractBaseUser
) -> LedgerEntry:
    """Turn a permitted development into a contribution: the fund's rate per m2 times the
    project's office m2. Once per project (a unique constraint; the project row is locked so that
    a second request waits and then sees the first levy)."""
    _require_fund_manager(user=user, fund=fund)
    project = (
        DevelopmentProject.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=development_project.pk)
    )
    if project.status not in LEVIABLE_DEVELOPMENT_STATUSES:
        raise ValidationError(
            {
                "development_project": ValidationError(
                    _("Only a permitted development is levied; this one is %(status)s."),
                    code="not_permitted",
                    params={"status": project.get_status_display().lower()},
                )
            }
        )
    if fund.levy_per_m2_eur <= 0:
        raise ValidationError(
            {"fund": ValidationError(_("The fund has no levy rate."), code="no_levy_rate")}
        )
    amount = (fund.levy_per_m2_eur * project.office_area_m2).quantize(CENT)
    return ledger_entry_create(
        fund=fund,
        kind=EntryKind.CONTRIBUTION,
        amount_eur=amount,
        booked_on=timezone.localdate(),
        description=f"Heffing {project.name}: {project.office_area_m2} m2 x "
        f"EUR {fund.levy_per_m2_eur}",
        development_project=project,
        created_by=user,
    )


@transaction.atomic
def compensation_application_submit(
    *,
    user: AbstractBaseUser,
    fund: Fund,
    building: Building,
    kind: str,
    office_m2_withdrawn: int,
    amount_requested_eur: Decimal,
    motivation: str = "",
) -> CompensationApplication:
    """An owner applies for compensation for taking office space out of the market.

    Only members of the building's owner organisation; the building lies in the fund's region.
    """
    if (
        building.owner_id is None
        or not Membership.objects.filter(
            user_id=user.pk, organisation_id=building.owner_id
        ).exists()
    ):
        raise PermissionDenied(_("Only members of the building's owner may apply."))
    errors: dict[str, list[ValidationError]] = {}
    if building.municipality.office_region_id != fund.office_region_id:
        errors["building"] = [
            ValidationError(
                _("The building lies outside the fund's office region."), code="other_region"
            )
        ]
    if kind not in CompensationKind.values:
        errors["kind"] = [ValidationError(_("Unknown kind."), code="invalid")]
    if not 1 <= office_m2_withdrawn <= building.lettable_floor_area_m2:
        errors["office_m2_withdrawn"] = [
            ValidationError(
                _("The office m2 withdrawn lie between 1 and the lettable area (%(area)s)."),
                code="out_of_range",
                params={"area": building.lettable_floor_area_m2},
            )
        ]
    amount_errors = _amount_errors(amount_requested_eur)
    if not amount_errors and amount_requested_eur <= 0:
        amount_errors = [ValidationError(_("Request a positive amount."), code="sign")]
    if amount_errors:
        errors["amount_requested_eur"] = amount_errors
    if errors:
        raise ValidationError(errors)
    return CompensationApplication.objects.create(
        fund=fund,
        building=building,
        applicant_id=building.owner_id,
        kind=kind,
        office_m2_withdrawn=office_m2_withdrawn,
        amount_requested_eur=amount_requested_eur,
        motivation=motivation.strip(),
        submitted_by_id=user.pk,
    )


@transaction.atomic
def compensation_application_review(
    *, application: CompensationApplication, user: AbstractBaseUser
) -> CompensationApplication:
    """The fund manager takes a submitted application into review."""
    _require_fund_manager(user=user, fund=application.fund)
    application = _locked_application(application)
    _require_application_status(application, (ApplicationStatus.SUBMITTED,), _("reviewed"))
    application.status = ApplicationStatus.UNDER_REVIEW
    application.save(update_fields=["status", "updated_at"])
    return application


@transaction.atomic
def compensation_application_approve(
    *, application: CompensationApplication, user: AbstractBaseUser, amount_granted_eur: Decimal
) -> CompensationApplication:
    """The fund manager grants an amount (more than 0, at most the amount requested)."""
    _require_fund_manager(user=user, fund=application.fund)
    application = _locked_application(application)
    _require_application_status(
        application,
        (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW),
        _("approved"),
    )
    amount_errors = _amount_errors(amount_granted_eur)
    if not amount_errors and not (0 < amount_granted_eur <= application.amount_requested_eur):
        amount_errors = [
            ValidationError(
                _("Grant more than 0 and at most the amount requested (%(requested)s)."),
                code="out_of_range",
                params={"requested": application.amount_requested_eur},
            )
        ]
    if amount_errors:
        raise ValidationError({"amount_granted_eur": amount_errors})
    application.status = ApplicationStatus.APPROVED
    application.amount_granted_eur = amount_granted_eur
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "amount_granted_eur", "decided_at", "updated_at"])
    _notify_applicant(
        application=application,
        subject=f"Aanvraag toegekend / Application approved: {application.building}",
        body=(
            f"Het fonds {application.fund} kent EUR {amount_granted_eur} toe.\n\n"
            f"The fund {application.fund} grants EUR {amount_granted_eur}."
        ),
    )
    return application


@transaction.atomic
def compensation_application_reject(
    *, application: CompensationApplication, user: AbstractBaseUser, reasons: str
) -> CompensationApplication:
    """The fund manager rejects an application with written reasons."""
    _require_fund_manager(user=user, fund=application.fund)
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError(
            {"reasons": ValidationError(_("A rejection needs its reasons."), code="required")}
        )
    application = _locked_application(application)
    _require_application_status(
        application,
        (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW),
        _("rejected"),
    )
    application.status = ApplicationStatus.REJECTED
    application.decision_reason = reasons
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decision_reason", "decided_at", "updated_at"])
    _notify_applicant(
        application=application,
        subject=f"Aanvraag afgewezen / Application rejected: {application.building}",
        body=reasons,
    )
    return application


@transaction.atomic
def compensation_application_pay(
    *, application: CompensationApplication, user: AbstractBaseUser
) -> CompensationApplication:
    """Pay an approved application: status paid and the payout entry in one transaction.

    The application row is locked first, then `ledger_entry_create` locks the fund row, so
    concurrent payouts are serialised and none makes the balance negative; a refused payout
    leaves the application approved.
    """
    _require_fund_manager(user=user, fund=application.fund)
    application = _locked_application(application)
    _require_application_status(application, (ApplicationStatus.APPROVED,), _("paid"))
    assert application.amount_granted_eur is not None
    ledger_entry_create(
        fund=application.fund,
        kind=EntryKind.PAYOUT,
        amount_eur=-application.amount_granted_eur,
        booked_on=timezone.localdate(),
        description=f"Uitkering aanvraag {application.pk}: {application.building}",
        application=application,
        created_by=user,
    )
    application.status = ApplicationStatus.PAID
    application.paid_at = timezone.now()
    application.save(update_fields=["status", "paid_at", "updated_at"])
    _notify_applicant(
        application=application,
        subject=f"Aanvraag uitbetaald / Application paid: {application.building}",
        body=(
            f"EUR {application.amount_granted_eur} is uitbetaald.\n\n"
            f"EUR {application.amount_granted_eur} has been paid."
        ),
    )
    return application
