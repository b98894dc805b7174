"""Reads of webhooks: the CloudEvents of deliveries, and a client's or user's subscriptions."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from events.choices import SOURCE
from events.selectors import CLOUD_EVENT_SQL
from kantorentop.accounts.scopes import Scope
from webhooks.choices import DeliveryStatus
from webhooks.models import Delivery, Subscription
from webhooks.querysets import DeliveryQuerySet, SubscriptionQuerySet


def cloud_event_bodies(*, sequences: list[int]) -> dict[int, bytes]:
    """The structured CloudEvent of each event, as the feed writes it, with `dataref` below
    KANTORENTOP_BASE_URL: the same bytes on every attempt, so a redelivery has the same `id`
    and content."""
    base_url = f"{settings.BASE_URL}/api/v1/"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT p.sequence, ({CLOUD_EVENT_SQL})::text
                FROM events_event p WHERE p.sequence = ANY(%s)""",  # noqa: S608 - fixed SQL
            [SOURCE, base_url, SOURCE, base_url, sequences],
        )
        return {sequence: body.encode() for sequence, body in cursor.fetchall()}


def subscriptions_of(*, scope: Scope) -> SubscriptionQuerySet:
    """The subscriptions of a client or user, oldest first."""
    return Subscription.objects.visible_to(scope).order_by("created_at")


def deliveries_of(*, scope: Scope, subscription: Subscription) -> DeliveryQuerySet:
    """The deliveries of one of the caller's subscriptions, newest event first."""
    return (
        Delivery.objects.visible_to(scope)
        .filter(subscription=subscription)
        .select_related("event")
        .order_by("-event_id")
    )


def subscriptions_with_counts(*, scope: Scope, failed_shown: int) -> list[Subscription]:
    """The subscriptions of an officer for their page: each with `pending_count`,
    `failed_count`, `delivered_count` and `failed_recent` (the newest failed deliveries, at
    most `failed_shown`). Three queries, whatever the number of subscriptions."""
    subscriptions = list(
        subscriptions_of(scope=scope).annotate(
            pending_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.PENDING)),
            failed_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
            delivered_count=Count(
                "deliveries", filter=Q(deliveries__status=DeliveryStatus.DELIVERED)
            ),
        )
    )
    failed = (
        Delivery.objects.filter(
            subscription__in=[subscription.pk for subscription in subscriptions],
            status=DeliveryStatus.FAILED,
        )
        .annotate(
            place=Window(
                RowNumber(), partition_by=[F("subscription_id")], order_by=F("event_id").desc()
            )
        )
        .filter(place__lte=failed_shown)
        .select_related("event")
        .order_by("subscription_id", "-event_id")
    )
    by_subscription: dict[object, list[Delivery]] = {}
    for delivery in failed:
        by_subscription.setdefault(delivery.subscription_id, []).append(delivery)
    for subscription in subscriptions:
        subscription.failed_recent = by_subscription.get(subscription.pk, [])  # type: ignore[attr-defined]
    return subscriptions
