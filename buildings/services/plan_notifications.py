"""Notifications of the plan workflow: to the owner's members and the municipality's officers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from buildings.models import (
    Building,
    TransformationPlan,
)
from kantorentop.accounts.choices import Role
from kantorentop.accounts.models import Membership
from kantorentop.accounts.notification_text import NotificationText
from kantorentop.accounts.services import NotificationDraft, notifications_create


def _owner_member_ids(plan: TransformationPlan) -> list[int]:
    return sorted(
        set(
            Membership.objects.filter(organisation_id=plan.organisation_id).values_list(
                "user_id", flat=True
            )
        )
    )


def _officer_ids(plan: TransformationPlan) -> list[int]:
    return sorted(
        set(
            Membership.objects.filter(
                role=Role.MUNICIPAL_OFFICER,
                organisation__municipality_id=plan.building.municipality_id,
            ).values_list("user_id", flat=True)
        )
    )


def _building_label(building: Building) -> str:
    address = f"{building.street} {building.house_number}".strip()
    return f"{building.name or address} ({building.bag_id})"


def _notify(
    *, recipients: Iterable[int], kind: str, text: NotificationText, plan: Any, key: str
) -> None:
    notifications_create(
        drafts=[
            NotificationDraft(
                recipient_id=user_id,
                kind=kind,
                text=text,
                url=f"/plannen/{plan.pk}",
                dedupe_key=key,
            )
            for user_id in recipients
        ]
    )
