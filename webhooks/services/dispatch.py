"""Turning the feed's events into deliveries: for each active subscription, the events after
its `dispatched_through` that its owner may see, of its types, up to the feed's stable end.

The stable end is the feed's own (ADR 0017): every event at or below it is final, so moving
`dispatched_through` to it never passes over an event that commits later, and since
`dispatched_through` only grows, no event becomes a delivery twice.
"""

from __future__ import annotations

from uuid import UUID

from django.db import connection, transaction
from django.db.models.functions import Now

from events.models import Event
from events.querysets import STABLE_BOUND_SQL
from kantorentop.accounts.scopes import Scope, scope_for_api_client, scope_for_user
from webhooks.choices import DeliveryStatus, SubscriptionStatus
from webhooks.models import Subscription


def _owner_scope(subscription: Subscription) -> Scope | None:
    """The owner's scope as it stands now; None when the owner may receive nothing (a revoked
    key, a user who left)."""
    client = subscription.api_client
    if client is not None:
        return scope_for_api_client(client) if client.is_active else None
    user = subscription.user
    return scope_for_user(user) if user is not None and user.is_active else None


def _stable_end(after: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT coalesce(max(sequence), %s) FROM events_event "  # noqa: S608 - fixed SQL
            f"WHERE sequence > %s AND sequence < {STABLE_BOUND_SQL}",
            [after, after],
        )
        return int(cursor.fetchone()[0])


@transaction.atomic
def subscription_dispatch(*, subscription_id: UUID | str) -> int:
    """Make the deliveries of one subscription's new events; returns how many. The row lock
    makes a concurrent dispatch of the same subscription wait, then find nothing new."""
    subscription = (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("api_client__province", "user")
        .filter(pk=subscription_id, status=SubscriptionStatus.ACTIVE)
        .first()
    )
    if subscription is None:
        return 0
    through = subscription.dispatched_through
    end = _stable_end(through)
    if end == through:
        return 0
    scope = _owner_scope(subscription)
    created = 0
    if scope is not None:
        events = (
            Event.objects.visible_to(scope)
            .published()
            .filter(type__in=subscription.types, sequence__gt=through, sequence__lte=end)
            .order_by()
            .values("sequence")
        )
        events_sql, params = events.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO webhooks_delivery (subscription_id, event_id, status, attempts,
                        next_attempt_at, last_error, created_at)
                    SELECT %s, e.sequence, 'pending', 0, now(), '', now()
                    FROM ({events_sql}) e
                    ON CONFLICT DO NOTHING""",  # noqa: S608 - the ORM's SQL
                [subscription.pk, *params],
            )
            created = cursor.rowcount
    Subscription.objects.filter(pk=subscription.pk).update(dispatched_through=end)
    return created


def subscriptions_dispatch() -> list[UUID]:
    """Dispatch every active subscription; returns the ids of those with deliveries due."""
    for subscription_id in Subscription.objects.filter(
        status=SubscriptionStatus.ACTIVE
    ).values_list("pk", flat=True):
        subscription_dispatch(subscription_id=subscription_id)
    return subscriptions_with_due_deliveries()


def subscriptions_with_due_deliveries() -> list[UUID]:
    """Active, unpaused subscriptions with a pending delivery whose time has come."""
    return list(
        Subscription.objects.filter(
            status=SubscriptionStatus.ACTIVE,
            deliveries__status=DeliveryStatus.PENDING,
            deliveries__next_attempt_at__lte=Now(),
        )
        .exclude(paused_until__gt=Now())
        .values_list("pk", flat=True)
        .distinct()
    )
