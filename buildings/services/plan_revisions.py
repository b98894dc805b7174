"""The municipality returns a submitted plan to its owner for changes: the owner revises it (each
save a new version in the plan's history, pghistory) and submits it again (plans.plan_submit)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from buildings.choices import PlanStatus
from buildings.models import TransformationPlan
from buildings.services.plan_notifications import _building_label, _notify, _owner_member_ids
from buildings.services.plan_rules import (
    DECIDABLE_STATUSES,
    User,
    _locked,
    _require_officer,
    _require_status,
    _user_id,
)
from kantorentop.accounts.choices import NotificationKind
from kantorentop.accounts.notification_text import NotificationText


@transaction.atomic
def plan_request_changes(
    *, plan: TransformationPlan, user: User, reasons: str
) -> TransformationPlan:
    """An officer of the building's municipality returns a submitted plan (or one under review)
    to the owner with what to change; the owner's members are notified. Unlike a rejection this
    is no decision: the owner revises the plan and submits it again."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError(
            {"reasons": ValidationError(_("Say which changes the plan needs."), code="required")}
        )
    _require_officer(user=user, plan=plan)
    plan = _locked(plan)
    _require_status(plan, DECIDABLE_STATUSES, _("returned for changes"))
    plan.status = PlanStatus.CHANGES_REQUESTED
    plan.requested_changes = reasons
    plan.reviewed_by_id = _user_id(user)
    plan.save(update_fields=["status", "requested_changes", "reviewed_by", "updated_at"])
    _notify(
        recipients=_owner_member_ids(plan),
        kind=NotificationKind.PLAN_CHANGES_REQUESTED,
        text=NotificationText(
            subject=gettext_noop("Changes to a plan requested: %(building)s"),
            body=gettext_noop(
                "The municipality asks you to change the plan for %(building)s and submit it "
                "again:\n%(reasons)s"
            ),
            params={"building": _building_label(plan.building), "reasons": reasons},
        ),
        plan=plan,
        key=f"plan:{plan.pk}:changes-requested:{timezone.now().isoformat()}",
    )
    return plan
