"""Compensation applications (the workflows of issue 6): an owner applies, the fund manager
reviews, approves or rejects, and pays an approved application from the fund's ledger. Each
decision notifies the applicant's members."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from buildings.models import Building
from funds.choices import ApplicationStatus, CompensationKind, EntryKind
from funds.models import CompensationApplication, Fund
from funds.services.ledger import amount_eur_value, ledger_entry_create
from funds.services.roles import require_fund_manager
from kantorentop.accounts.choices import NotificationKind
from kantorentop.accounts.models import Membership
from kantorentop.accounts.notification_text import NotificationText
from kantorentop.accounts.services import NotificationDraft, notifications_create
from kantorentop.core.templatetags.dutch import dutch_euro, dutch_m2

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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


def _notify_applicant(*, application: CompensationApplication, text: NotificationText) -> None:
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
                text=text,
                url=f"/fondsen/aanvragen/{application.pk}",
                dedupe_key=f"application:{application.pk}:{application.status}",
            )
            for user_id in recipients
        ]
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
                params={"area": dutch_m2(building.lettable_floor_area_m2)},
            )
        ]
    try:
        amount_requested_eur = amount_eur_value(amount_requested_eur)
    except ValidationError as error:
        errors["amount_requested_eur"] = error.error_list
    else:
        if amount_requested_eur <= 0:
            errors["amount_requested_eur"] = [
                ValidationError(_("Request a positive amount."), code="sign")
            ]
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
    require_fund_manager(user=user, fund=application.fund)
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
    require_fund_manager(user=user, fund=application.fund)
    application = _locked_application(application)
    _require_application_status(
        application,
        (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW),
        _("approved"),
    )
    try:
        amount_granted_eur = amount_eur_value(amount_granted_eur)
    except ValidationError as error:
        raise ValidationError({"amount_granted_eur": error.error_list}) from error
    if not 0 < amount_granted_eur <= application.amount_requested_eur:
        raise ValidationError(
            {
                "amount_granted_eur": ValidationError(
                    _("Grant more than 0 and at most the amount requested (%(requested)s)."),
                    code="out_of_range",
                    params={"requested": dutch_euro(application.amount_requested_eur)},
                )
            }
        )
    application.status = ApplicationStatus.APPROVED
    application.amount_granted_eur = amount_granted_eur
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "amount_granted_eur", "decided_at", "updated_at"])
    _notify_applicant(
        application=application,
        text=NotificationText(
            subject=gettext_noop("Application approved: %(building)s"),
            body=gettext_noop("The fund %(fund)s grants %(amount)s."),
            params={
                "building": str(application.building),
                "fund": str(application.fund),
                "amount": dutch_euro(amount_granted_eur),
            },
        ),
    )
    return application


@transaction.atomic
def compensation_application_reject(
    *, application: CompensationApplication, user: AbstractBaseUser, reasons: str
) -> CompensationApplication:
    """The fund manager rejects an application with written reasons."""
    require_fund_manager(user=user, fund=application.fund)
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
        text=NotificationText(
            subject=gettext_noop("Application rejected: %(building)s"),
            params={"building": str(application.building)},
            verbatim_body=reasons,
        ),
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
    require_fund_manager(user=user, fund=application.fund)
    application = _locked_application(application)
    _require_application_status(application, (ApplicationStatus.APPROVED,), _("paid"))
    assert application.amount_granted_eur is not None
    ledger_entry_create(
        fund=application.fund,
        kind=EntryKind.PAYOUT,
        amount_eur=-application.amount_granted_eur,
        booked_on=timezone.localdate(),
        description=f"Compensatie aan {application.applicant.name}: {application.building}",
        application=application,
        created_by=user,
    )
    application.status = ApplicationStatus.PAID
    application.paid_at = timezone.now()
    application.save(update_fields=["status", "paid_at", "updated_at"])
    _notify_applicant(
        application=application,
        text=NotificationText(
            subject=gettext_noop("Application paid: %(building)s"),
            body=gettext_noop("%(amount)s has been paid."),
            params={
                "building": str(application.building),
                "amount": dutch_euro(application.amount_granted_eur),
            },
        ),
    )
    return application
