"""Transformation plans: the owner writes, the building's municipality reviews.

Status workflow (domain spec): draft -> submitted -> under_review -> approved | rejected;
approved -> in_progress -> completed; the owner may withdraw before a decision. Before deciding,
the municipality may return the plan for changes (changes_requested, plan_revisions.py): the
owner revises it and submits it again. The database holds the same steps (TransformationPlan's
FSM trigger). Every transition
locks the plan row (SELECT ... FOR UPDATE) and re-reads its status, so of concurrent requests for
the same transition exactly one succeeds and the others get a clear validation error.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from buildings.choices import (
    WITHDRAWING_PLAN_KINDS,
    BuildingStatus,
    FlagStatus,
    PlanKind,
    PlanStatus,
)
from buildings.models import (
    Building,
    PlanComment,
    StructuralVacancyFlag,
    TransformationPlan,
)
from buildings.services.flags import flag_mark_plan_submitted
from buildings.services.plan_notifications import (
    _building_label,
    _notify,
    _officer_ids,
    _owner_member_ids,
)
from buildings.services.plan_revisions import plan_request_changes
from buildings.services.plan_rules import (
    ANSWERING_STATUSES,
    DECIDABLE_STATUSES,
    DOCUMENT_STATUSES,
    EDITABLE_FIELDS,
    EDITABLE_STATUSES,
    WITHDRAWABLE_STATUSES,
    User,
    _completion_error,
    _locked,
    _require_officer,
    _require_owner,
    _require_status,
    _user_id,
    _validate_fields,
    user_is_municipal_officer,
    user_is_owner_member,
    user_may_comment,
)
from kantorentop.accounts.choices import NotificationKind
from kantorentop.accounts.notification_text import NotificationText, per_language

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Every name stays importable from this module, also those that live in plan_rules and
# plan_notifications since the split (plan_documents, views, the API and tests import them).
__all__ = [
    "ANSWERING_STATUSES",
    "DECIDABLE_STATUSES",
    "DOCUMENT_STATUSES",
    "EDITABLE_FIELDS",
    "EDITABLE_STATUSES",
    "User",
    "WITHDRAWABLE_STATUSES",
    "_building_label",
    "_decide",
    "_flag_to_plan_submitted",
    "_locked",
    "_notify",
    "_officer_ids",
    "_owner_member_ids",
    "_require_officer",
    "_require_owner",
    "_require_status",
    "_user_id",
    "_validate_fields",
    "plan_approve",
    "plan_comment_add",
    "plan_complete",
    "plan_create",
    "plan_reject",
    "plan_request_changes",
    "plan_review_start",
    "plan_start",
    "plan_submit",
    "plan_update",
    "plan_withdraw",
    "user_is_municipal_officer",
    "user_is_owner_member",
    "user_may_comment",
]


# --- writes --------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, user: User, building: Building, **fields: Any) -> TransformationPlan:
    """Create a draft plan for a building. Only members of the building's owner may."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"plan_create() got unknown fields: {', '.join(sorted(unknown))}")
    if building.owner_id is None or not user_is_owner_member(
        user=user, organisation_id=building.owner_id
    ):
        raise PermissionDenied(
            _("Only members of the building's owner organisation may write a plan for it.")
        )
    plan = TransformationPlan(
        building=building,
        organisation_id=building.owner_id,
        created_by_id=_user_id(user),
        status=PlanStatus.DRAFT,
        **fields,
    )
    _validate_fields(plan)
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, plan: TransformationPlan, user: User, **fields: Any) -> TransformationPlan:
    """Change a draft, or revise a plan the municipality returned for changes (each save is a
    new version in the plan's history). Otherwise a submitted plan is not edited."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"plan_update() got unknown fields: {', '.join(sorted(unknown))}")
    _require_owner(user=user, plan=plan)
    plan = _locked(plan)
    _require_status(plan, EDITABLE_STATUSES, _("edited"))
    for name, value in fields.items():
        setattr(plan, name, value)
    _validate_fields(plan)
    plan.save()
    return plan


def _flag_to_plan_submitted(building: Building) -> None:
    """Move the building's open flag to plan_submitted (the covenant's answer to a flag)."""
    flag = (
        StructuralVacancyFlag.objects.select_for_update()
        .filter(building_id=building.pk, status=FlagStatus.OPEN)
        .first()
    )
    if flag is None:
        return
    flag_mark_plan_submitted(flag=flag)


@transaction.atomic
def plan_submit(*, plan: TransformationPlan, user: User) -> TransformationPlan:
    """Submit a draft, or resubmit a revised plan, to the municipality: moves the building's flag
    to plan_submitted and notifies the municipal officers of the building's municipality."""
    _require_owner(user=user, plan=plan)
    plan = _locked(plan)
    _require_status(plan, EDITABLE_STATUSES, _("submitted"))
    _validate_fields(plan)
    resubmitted = plan.status == PlanStatus.CHANGES_REQUESTED
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    # The request is answered; it stays readable in the plan's versions.
    plan.requested_changes = ""
    plan.save(update_fields=["status", "submitted_at", "requested_changes", "updated_at"])
    _flag_to_plan_submitted(plan.building)
    label = _building_label(plan.building)
    key = f"plan:{plan.pk}:submitted"
    if resubmitted:
        key = f"plan:{plan.pk}:resubmitted:{plan.submitted_at.isoformat()}"
    _notify(
        recipients=_officer_ids(plan),
        kind=NotificationKind.PLAN_SUBMITTED,
        text=NotificationText(
            subject=gettext_noop("Plan submitted: %(building)s"),
            body=gettext_noop(
                "The owner of %(building)s has submitted a plan (%(kind)s) for review by the "
                "municipality."
            ),
            params={"building": label, "kind": per_language(plan.get_kind_display)},
        ),
        plan=plan,
        key=key,
    )
    return plan


@transaction.atomic
def plan_review_start(*, plan: TransformationPlan, user: User) -> TransformationPlan:
    """An officer of the building's municipality takes a submitted plan into review."""
    _require_officer(user=user, plan=plan)
    plan = _locked(plan)
    _require_status(plan, [PlanStatus.SUBMITTED], _("taken into review"))
    plan.status = PlanStatus.UNDER_REVIEW
    plan.reviewed_by_id = _user_id(user)
    plan.save(update_fields=["status", "reviewed_by", "updated_at"])
    return plan


def _decide(
    *, plan: TransformationPlan, user: User, status: str, reasons: str, action: StrOrPromise
) -> TransformationPlan:
    _require_officer(user=user, plan=plan)
    plan = _locked(plan)
    _require_status(plan, DECIDABLE_STATUSES, action)
    plan.status = status
    plan.decided_at = timezone.now()
    plan.decision_reason = reasons
    plan.reviewed_by_id = _user_id(user)
    plan.save(
        update_fields=["status", "decided_at", "decision_reason", "reviewed_by", "updated_at"]
    )
    params = {"building": _building_label(plan.building), "reasons": reasons}
    if status == PlanStatus.APPROVED:
        text = NotificationText(
            subject=gettext_noop("Plan approved: %(building)s"),
            body=gettext_noop("The municipality has approved your plan for %(building)s."),
            params=params,
        )
    else:
        text = NotificationText(
            subject=gettext_noop("Plan rejected: %(building)s"),
            body=gettext_noop(
                "The municipality has rejected your plan for %(building)s. Reasons:\n%(reasons)s"
            ),
            params=params,
        )
    _notify(
        recipients=_owner_member_ids(plan),
        kind=NotificationKind.PLAN_DECIDED,
        text=text,
        plan=plan,
        key=f"plan:{plan.pk}:decided",
    )
    return plan


@transaction.atomic
def plan_approve(*, plan: TransformationPlan, user: User) -> TransformationPlan:
    """Approve a submitted plan (officers of the building's municipality only)."""
    return _decide(
        plan=plan, user=user, status=PlanStatus.APPROVED, reasons="", action=_("approved")
    )


@transaction.atomic
def plan_reject(*, plan: TransformationPlan, user: User, reasons: str) -> TransformationPlan:
    """Reject a submitted plan with written reasons (officers of the municipality only)."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError(
            {"reasons": ValidationError(_("A rejection needs its reasons."), code="required")}
        )
    return _decide(
        plan=plan, user=user, status=PlanStatus.REJECTED, reasons=reasons, action=_("rejected")
    )


@transaction.atomic
def plan_comment_add(*, plan: TransformationPlan, user: User, text: str) -> PlanComment:
    """A comment by the owner or a reviewing officer; the other side is notified.

    Officers do not see plans that were never submitted, so they cannot comment on one either.
    """
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ValidationError(_("A comment is empty."), code="required")})
    plan = TransformationPlan.objects.select_related("building").get(pk=plan.pk)
    if not user_may_comment(user=user, plan=plan):
        raise PermissionDenied(_("Only the owner and the municipality may comment on this plan."))
    is_owner = user_is_owner_member(user=user, organisation_id=plan.organisation_id)
    is_officer = plan.submitted_at is not None and user_is_municipal_officer(
        user=user, municipality_id=plan.building.municipality_id
    )
    comment = PlanComment.objects.create(plan=plan, author_id=_user_id(user), text=text)
    recipients = set(_officer_ids(plan) if is_owner else []) | set(
        _owner_member_ids(plan) if is_officer else []
    )
    recipients.discard(_user_id(user) or 0)
    _notify(
        recipients=sorted(recipients),
        kind=NotificationKind.PLAN_COMMENT,
        text=NotificationText(
            subject=gettext_noop("Comment on a plan: %(building)s"),
            params={"building": _building_label(plan.building)},
            verbatim_body=text,
        ),
        plan=plan,
        key=f"plan-comment:{comment.pk}",
    )
    return comment


@transaction.atomic
def plan_withdraw(*, plan: TransformationPlan, user: User) -> TransformationPlan:
    """The owner withdraws a plan before the municipality's decision.

    When no other plan answers the building's flag any more, the flag is open again.
    """
    _require_owner(user=user, plan=plan)
    plan = _locked(plan)
    _require_status(plan, WITHDRAWABLE_STATUSES, _("withdrawn"))
    plan.status = PlanStatus.WITHDRAWN
    plan.save(update_fields=["status", "updated_at"])
    still_answered = (
        TransformationPlan.objects.filter(
            building_id=plan.building_id, status__in=ANSWERING_STATUSES
        )
        .exclude(pk=plan.pk)
        .exists()
    )
    if not still_answered:
        # Saved one by one (a building has one active flag), so the audit trail records it.
        for flag in StructuralVacancyFlag.objects.select_for_update().filter(
            building_id=plan.building_id, status=FlagStatus.PLAN_SUBMITTED
        ):
            flag.status = FlagStatus.OPEN
            flag.save(update_fields=["status", "updated_at"])
    return plan


@transaction.atomic
def plan_start(*, plan: TransformationPlan, user: User) -> TransformationPlan:
    """The owner starts the works of an approved plan."""
    _require_owner(user=user, plan=plan)
    plan = _locked(plan)
    _require_status(plan, [PlanStatus.APPROVED], _("started"))
    plan.status = PlanStatus.IN_PROGRESS
    plan.save(update_fields=["status", "updated_at"])
    if plan.kind in WITHDRAWING_PLAN_KINDS:
        building = (
            Building.objects.select_for_update()
            .filter(pk=plan.building_id, status=BuildingStatus.IN_USE)
            .first()
        )
        if building is not None:
            # A save, not an update(), so the audit trail records the building's new status.
            building.status = BuildingStatus.TRANSFORMING
            building.save(update_fields=["status", "updated_at"])
    return plan


@transaction.atomic
def plan_complete(
    *, plan: TransformationPlan, user: User, completed_on: datetime.date
) -> TransformationPlan:
    """Complete a plan in progress. A transformation or demolition withdraws the building from
    the office stock on `completed_on` (status transformed or demolished)."""
    _require_owner(user=user, plan=plan)
    plan = _locked(plan)
    _require_status(plan, [PlanStatus.IN_PROGRESS], _("completed"))
    building = Building.objects.select_for_update().get(pk=plan.building_id)
    error = _completion_error(plan=plan, building=building, completed_on=completed_on)
    if error is not None:
        raise ValidationError({"completed_on": error})
    plan.status = PlanStatus.COMPLETED
    plan.completed_on = completed_on
    plan.save(update_fields=["status", "completed_on", "updated_at"])
    if plan.kind in WITHDRAWING_PLAN_KINDS:
        building.withdrawn_on = completed_on
        building.status = (
            BuildingStatus.DEMOLISHED
            if plan.kind == PlanKind.DEMOLITION
            else BuildingStatus.TRANSFORMED
        )
        building.save(update_fields=["withdrawn_on", "status", "updated_at"])
    return plan
