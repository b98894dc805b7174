"""The rules the plan services share: who may write or review a plan, the statuses that allow
each step, the row lock, and the validation of a plan's fields."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buildings.choices import (
    PlanKind,
    PlanStatus,
)
from buildings.models import (
    EARLIEST_PLAN_DATE,
    Building,
    TransformationPlan,
)
from kantorentop.accounts.choices import Role
from kantorentop.accounts.models import Membership
from kantorentop.core.templatetags.dutch import dutch_date, dutch_number

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


User = AbstractBaseUser | AnonymousUser

# How far ahead a plan may be planned: further is a typing error (31-12-9999), not a plan.
PLAN_HORIZON_YEARS = 25
# The least estimated investment (the database's plan_investment_not_negative holds it too).
MIN_INVESTMENT_EUR = 0

# Fields the owner may set on create and change while the plan is a draft.
EDITABLE_FIELDS = (
    "kind",
    "target_use",
    "office_m2_withdrawn",
    "housing_units",
    "planned_start",
    "planned_completion",
    "estimated_investment_eur",
    "financing_status",
    "description",
)
# Statuses in which the owner writes the plan: a draft, and a plan returned for changes.
EDITABLE_STATUSES = (PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED)
# Statuses in which the owner may still withdraw: before the municipality's decision.
WITHDRAWABLE_STATUSES = (
    PlanStatus.DRAFT,
    PlanStatus.SUBMITTED,
    PlanStatus.UNDER_REVIEW,
    PlanStatus.CHANGES_REQUESTED,
)
DECIDABLE_STATUSES = (PlanStatus.SUBMITTED, PlanStatus.UNDER_REVIEW)
# A plan in one of these statuses answers the building's flag (also while it is being revised).
ANSWERING_STATUSES = (
    PlanStatus.SUBMITTED,
    PlanStatus.UNDER_REVIEW,
    PlanStatus.CHANGES_REQUESTED,
    PlanStatus.APPROVED,
    PlanStatus.IN_PROGRESS,
    PlanStatus.COMPLETED,
)
DOCUMENT_STATUSES = (
    PlanStatus.DRAFT,
    PlanStatus.CHANGES_REQUESTED,
    PlanStatus.SUBMITTED,
    PlanStatus.UNDER_REVIEW,
    PlanStatus.APPROVED,
    PlanStatus.IN_PROGRESS,
)


# --- permissions ---------------------------------------------------------------------------------


def _user_id(user: User) -> int | None:
    return user.pk if getattr(user, "is_authenticated", False) else None


def user_is_owner_member(*, user: User, organisation_id: int | None) -> bool:
    """Whether the user is a member of the organisation (any role)."""
    user_id = _user_id(user)
    if user_id is None or organisation_id is None:
        return False
    return Membership.objects.filter(user_id=user_id, organisation_id=organisation_id).exists()


def user_is_municipal_officer(*, user: User, municipality_id: int) -> bool:
    """Whether the user is a municipal officer of that municipality."""
    user_id = _user_id(user)
    if user_id is None:
        return False
    return Membership.objects.filter(
        user_id=user_id,
        role=Role.MUNICIPAL_OFFICER,
        organisation__municipality_id=municipality_id,
    ).exists()


def user_may_comment(*, user: User, plan: TransformationPlan) -> bool:
    """The owner's members, and once the plan was submitted the municipality's officers (who do
    not see a plan never submitted). The plan page shows the comment form by this rule too."""
    if user_is_owner_member(user=user, organisation_id=plan.organisation_id):
        return True
    return plan.submitted_at is not None and user_is_municipal_officer(
        user=user, municipality_id=plan.building.municipality_id
    )


def _require_owner(*, user: User, plan: TransformationPlan) -> None:
    if not user_is_owner_member(user=user, organisation_id=plan.organisation_id):
        raise PermissionDenied(_("Only members of the owner organisation may change this plan."))


def _require_officer(*, user: User, plan: TransformationPlan) -> None:
    if not user_is_municipal_officer(user=user, municipality_id=plan.building.municipality_id):
        raise PermissionDenied(
            _("Only municipal officers of the building's municipality may review this plan.")
        )


def _locked(plan: TransformationPlan) -> TransformationPlan:
    """The plan's row, locked for this transaction and read afresh."""
    return (
        TransformationPlan.objects.select_for_update(of=("self",))
        .select_related("building")
        .get(pk=plan.pk)
    )


def _require_status(plan: TransformationPlan, allowed: Iterable[str], action: StrOrPromise) -> None:
    if plan.status not in allowed:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("A plan that is %(status)s cannot be %(action)s."),
                    code="invalid_transition",
                    params={"status": plan.get_status_display().lower(), "action": action},
                )
            }
        )


# --- validation ----------------------------------------------------------------------------------


Errors = dict[str, list[ValidationError]]


def _add(errors: Errors, field: str, error: ValidationError) -> None:
    errors.setdefault(field, []).append(error)


def _years_ahead(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _planned_date_errors(plan: TransformationPlan, errors: Errors) -> None:
    """Planned dates lie between the portal's first records (the database holds that bound too)
    and the planning horizon."""
    latest = _years_ahead(timezone.localdate(), PLAN_HORIZON_YEARS)
    for name in ("planned_start", "planned_completion"):
        day = getattr(plan, name)
        if day is None:
            continue
        if day < EARLIEST_PLAN_DATE:
            _add(
                errors,
                name,
                ValidationError(
                    _("The date is %(date)s or later."),
                    code="too_early",
                    params={"date": dutch_date(EARLIEST_PLAN_DATE)},
                ),
            )
        elif day > latest:
            _add(
                errors,
                name,
                ValidationError(
                    _("The date is at most %(years)s years ahead: %(date)s at the latest."),
                    code="too_late",
                    params={"years": PLAN_HORIZON_YEARS, "date": dutch_date(latest)},
                ),
            )


def _amount_errors(plan: TransformationPlan, errors: Errors) -> None:
    """The amounts' rules, each on its field (the database constraints hold them too)."""
    withdrawn = plan.office_m2_withdrawn
    if withdrawn is not None and withdrawn > plan.building.lettable_floor_area_m2:
        _add(
            errors,
            "office_m2_withdrawn",
            ValidationError(
                _("The office m2 withdrawn exceed the building's lettable area (%(area)s m2)."),
                code="exceeds_lettable_area",
                params={"area": dutch_number(plan.building.lettable_floor_area_m2)},
            ),
        )
    investment = plan.estimated_investment_eur
    if investment is not None and investment < MIN_INVESTMENT_EUR:
        _add(
            errors,
            "estimated_investment_eur",
            ValidationError(_("The estimated investment is 0 or more."), code="negative"),
        )


def _validate_fields(plan: TransformationPlan) -> None:
    """Row-level validation with field names, before the database constraints: every
    constraint a form can violate has its field error here, so no raw constraint message
    reaches the user."""
    errors: Errors = {}
    _amount_errors(plan, errors)
    _planned_date_errors(plan, errors)
    if (
        plan.planned_start
        and plan.planned_completion
        and plan.planned_completion < plan.planned_start
    ):
        _add(
            errors,
            "planned_completion",
            ValidationError(
                _("The planned completion lies before the planned start."),
                code="completion_before_start",
            ),
        )
    if plan.kind == PlanKind.TRANSFORMATION and not plan.target_use:
        _add(
            errors,
            "target_use",
            ValidationError(_("A transformation needs a target use."), code="required"),
        )
    if errors:
        raise ValidationError(errors)
    plan.full_clean(exclude=["building", "organisation", "created_by", "reviewed_by"])


def _completion_error(
    *, plan: TransformationPlan, building: Building, completed_on: datetime.date
) -> ValidationError | None:
    """What is wrong with the completion date of a plan, if anything.

    It lies after the plan was approved (the works start after the approval; the plan records
    no start date of its own) and after the building was completed, and not in the future. It
    may lie before the building's latest vacancy record: the records service keeps accepting
    records of a withdrawn building, and the stock figures read none after `withdrawn_on`
    (as for a withdrawal by the BAG import), so a survey made after the works does not block
    their true completion date.
    """
    if completed_on > timezone.localdate():
        return ValidationError(_("The completion date lies in the future."), code="future")
    if building.completed_on and completed_on < building.completed_on:
        return ValidationError(
            _("The completion date lies before the building was completed (%(date)s)."),
            code="before_building",
            params={"date": dutch_date(building.completed_on)},
        )
    if plan.decided_at is not None and completed_on < timezone.localdate(plan.decided_at):
        return ValidationError(
            _("The completion date lies before the plan was approved (%(date)s)."),
            code="before_approval",
            params={"date": dutch_date(plan.decided_at)},
        )
    if completed_on < EARLIEST_PLAN_DATE:
        return ValidationError(
            _("The date is %(date)s or later."),
            code="too_early",
            params={"date": dutch_date(EARLIEST_PLAN_DATE)},
        )
    return None
