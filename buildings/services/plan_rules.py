"""The rules the plan services share: who may write or review a plan, the statuses that allow
each step, the row lock, and the validation of a plan's fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from buildings.choices import (
    PlanKind,
    PlanStatus,
)
from buildings.models import (
    TransformationPlan,
)
from kantorentop.accounts.choices import Role
from kantorentop.accounts.models import Membership
from kantorentop.core.templatetags.dutch import dutch_number

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


User = AbstractBaseUser | AnonymousUser

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


def _validate_fields(plan: TransformationPlan) -> None:
    """Row-level validation with field names, before the database constraints."""
    errors: dict[str, list[ValidationError]] = {}
    if plan.office_m2_withdrawn > plan.building.lettable_floor_area_m2:
        errors.setdefault("office_m2_withdrawn", []).append(
            ValidationError(
                _("The office m2 withdrawn exceed the building's lettable area (%(area)s m2)."),
                code="exceeds_lettable_area",
                params={"area": dutch_number(plan.building.lettable_floor_area_m2)},
            )
        )
    if (
        plan.planned_start
        and plan.planned_completion
        and plan.planned_completion < plan.planned_start
    ):
        errors.setdefault("planned_completion", []).append(
            ValidationError(
                _("The planned completion lies before the planned start."),
                code="completion_before_start",
            )
        )
    if plan.kind == PlanKind.TRANSFORMATION and not plan.target_use:
        errors.setdefault("target_use", []).append(
            ValidationError(_("A transformation needs a target use."), code="required")
        )
    if errors:
        raise ValidationError(errors)
    plan.full_clean(exclude=["building", "organisation", "created_by", "reviewed_by"])
