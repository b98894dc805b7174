"""Writing events (one, or many in one INSERT) and reading an object's history."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from kantorentop.core.audit.context import client_ip, current_actor, request_var
from kantorentop.core.logging import request_id_var
from kantorentop.core.models import AuditEvent, AuditOutcome

# Foreign keys that tie an event to the history of a building or a plan (audit_events_for).
PARENT_FIELDS = {"building_id": "buildings.building", "plan_id": "buildings.transformationplan"}


def _origin(request: HttpRequest | None, user: Any) -> dict[str, Any]:
    """Who and where from: the actor, IP address and request id of `request` (default: the
    current request); `user`, when signed in, names the actor instead."""
    request = request if request is not None else request_var.get()
    user_id, username, client_id = current_actor(request)
    if user is not None and getattr(user, "is_authenticated", False):
        user_id, username = user.pk, user.get_username()
    return {
        "actor_user_id": user_id,
        "actor_username": username[:150],
        "api_client_id": client_id,
        "ip_address": client_ip(request) if request is not None else None,
        "request_id": request_id_var.get() if request_id_var.get() != "-" else "",
    }


def _object_id(object_id: object) -> str:
    return "" if object_id is None else str(object_id)[:64]


def audit_record(
    *,
    action: str,
    outcome: str = AuditOutcome.SUCCESS,
    object_type: str = "",
    object_id: object = "",
    details: dict[str, Any] | None = None,
    user: Any = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. Actor, IP address and request id come from `request` (default: the
    current request) unless `user` names the actor. Inside a transaction the event commits or
    rolls back with the change it describes."""
    return AuditEvent.objects.create(
        **_origin(request, user),
        action=action,
        outcome=outcome,
        object_type=object_type,
        object_id=_object_id(object_id),
        details=details or {},
    )


def audit_record_many(
    *,
    action: str,
    object_type: str,
    objects: Iterable[tuple[object, dict[str, Any]]],
    outcome: str = AuditOutcome.SUCCESS,
    request: HttpRequest | None = None,
) -> int:
    """Append one event per `(object id, details)` in one INSERT, for a set-based write
    (`QuerySet.update()`) that the save signals do not see. Actor, IP address and request id as in
    `audit_record`. Returns the number of events."""
    origin = _origin(request, None)
    occurred_at = timezone.now()
    events = [
        AuditEvent(
            **origin,
            occurred_at=occurred_at,
            action=action,
            outcome=outcome,
            object_type=object_type,
            object_id=_object_id(object_id),
            details=details,
        )
        for object_id, details in objects
    ]
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    return len(events)


def audit_events_for(*, object_type: str, object_id: object) -> QuerySet[AuditEvent]:
    """The history of one object, newest first: its own events and, for a building or a plan,
    the events of what belongs to it (records, flags, plans, documents).

    `object_type` is the model label in lower case, e.g. "buildings.building".
    """
    condition = Q(object_type=object_type, object_id=str(object_id))
    for key, parent_type in PARENT_FIELDS.items():
        if parent_type == object_type:
            condition |= Q(**{f"details__{key}": object_id})
    return AuditEvent.objects.filter(condition).order_by("-occurred_at", "-id")
