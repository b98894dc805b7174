"""Sending a subscription's deliveries: one sender per subscription at a time (a job lock,
`kantorentop.core.locks`, which a killed worker's connection gives up and which holds behind
PgBouncer), in the feed's order, each result written before the next is sent.

At least once: a delivery is marked delivered only after the receiver's 2xx, in its own
statement; a sender killed between the two leaves it pending, and the next sender sends it
again, the same CloudEvent with the same `id`.
"""

from __future__ import annotations

import random
import time
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from uuid import UUID

from django.conf import settings
from django.db.models import Min
from django.utils import timezone, translation

from kantorentop.core.locks import job_lock
from webhooks.addresses import CallbackRefused, callback_target
from webhooks.choices import DeliveryStatus, SubscriptionStatus
from webhooks.http import Answer, handshake, post_event
from webhooks.models import Delivery, Subscription
from webhooks.selectors import cloud_event_bodies

# The advisory lock class of a subscription's sender (the key is the subscription's hash).
SENDER_LOCK = 0x57EB
BATCH = 100
# A receiver that failed this many times in a row in one pass is left until its next retry:
# it is down, and the rest would fail the same way.
FAILURES_PER_PASS = 3
# A pass stops after this long (the task is sent again), so one subscription cannot hold a
# worker for long.
PASS_SECONDS = 50
MAX_RETRY_AFTER = timedelta(days=1)


def _sender_lock(subscription_id: UUID | str) -> AbstractContextManager[bool]:
    # The lock's key is a 31-bit number from the subscription's UUID: two subscriptions that
    # share one only wait for each other's pass.
    return job_lock(SENDER_LOCK, UUID(str(subscription_id)).int % 2**31)


def retry_pause(*, attempts: int, answer: Answer) -> timedelta | None:
    """The pause before the next attempt after `attempts` failed ones: the receiver's
    Retry-After when it gave one, else the next of WEBHOOK_RETRY_PAUSES with 20% jitter either
    way; None when the retries are used up."""
    pauses = settings.WEBHOOK_RETRY_PAUSES
    if attempts > len(pauses):
        return None
    if answer.retry_after is not None:
        return min(timedelta(seconds=max(answer.retry_after, 1)), MAX_RETRY_AFTER)
    return timedelta(seconds=pauses[attempts - 1] * random.uniform(0.8, 1.2))  # noqa: S311


def _record(delivery: Delivery, answer: Answer, now: datetime) -> None:
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = answer.status
    delivery.last_error = answer.error[:500]
    if answer.ok:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
    elif answer.status == 410:
        delivery.status = DeliveryStatus.FAILED
    else:
        pause = retry_pause(attempts=delivery.attempts, answer=answer)
        if pause is None:
            delivery.status = DeliveryStatus.FAILED
        else:
            delivery.next_attempt_at = now + pause
    delivery.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "last_status_code",
            "last_error",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )


def _origin() -> str:
    return urlsplit(settings.BASE_URL).hostname or "localhost"


def _allowed(answer: Answer, origin: str) -> bool:
    allowed = (answer.allowed_origin or "").strip().lower()
    return answer.ok and allowed in ("*", origin.lower())


def _react(subscription: Subscription, answer: Answer, now: datetime) -> bool:
    """What an answer does to the subscription: 410 ends it, 429 and 503 with Retry-After
    pause it. Returns whether to stop the pass."""
    if answer.status == 410:
        subscription.status = SubscriptionStatus.ENDED
        subscription.ended_at = now
        subscription.save(update_fields=["status", "ended_at"])
        return True
    if answer.status in (429, 503) and answer.retry_after is not None:
        pause = min(timedelta(seconds=max(answer.retry_after, 1)), MAX_RETRY_AFTER)
        subscription.paused_until = now + pause
        subscription.save(update_fields=["paused_until"])
        return True
    return False


def _first_due(subscription: Subscription) -> Delivery | None:
    return Delivery.objects.due().filter(subscription=subscription).first()


def _check_receiver(subscription: Subscription) -> Answer | None:
    """Check the callback's address again and, before the first delivery, do the handshake.
    Returns the failed answer, or None when the deliveries may go."""
    try:
        target = callback_target(subscription.callback_url)
    except CallbackRefused as refused:
        return Answer(status=None, error=str(refused))
    if subscription.handshake_at is None:
        origin = _origin()
        answer = handshake(target, origin=origin)
        if not _allowed(answer, origin):
            # Not an answer to the delivery: no status, so it never counts as acknowledged.
            error = answer.error or "WebHook-Allowed-Origin missing or not ours"
            return Answer(status=None, retry_after=answer.retry_after, error=f"handshake: {error}")
        subscription.handshake_at = timezone.now()
        subscription.save(update_fields=["handshake_at"])
    return None


def _send_due(subscription: Subscription) -> None:
    target = callback_target(subscription.callback_url)
    started, failures = time.monotonic(), 0
    while time.monotonic() - started < PASS_SECONDS:
        due = list(Delivery.objects.due().filter(subscription=subscription)[:BATCH])
        if not due:
            return
        bodies = cloud_event_bodies(sequences=[delivery.event_id for delivery in due])
        for delivery in due:
            answer = post_event(
                target, body=bodies[delivery.event_id], bearer_token=subscription.bearer_token
            )
            now = timezone.now()
            _record(delivery, answer, now)
            if _react(subscription, answer, now):
                return
            failures = 0 if answer.ok else failures + 1
            if failures >= FAILURES_PER_PASS or time.monotonic() - started > PASS_SECONDS:
                return


def _pass(subscription: Subscription) -> None:
    if subscription.paused_until and subscription.paused_until > timezone.now():
        return
    first = _first_due(subscription)
    if first is None:
        return
    refused = _check_receiver(subscription)
    if refused is not None:
        now = timezone.now()
        _record(first, refused, now)
        _react(subscription, refused, now)
        return
    _send_due(subscription)


def subscription_deliver(*, subscription_id: UUID | str) -> float | None:
    """Send a subscription's due deliveries. Returns the seconds until its next delivery is due
    (0: due now, send again), None when nothing is pending (or another sender has it).
    Errors are stored in the portal's language, whichever process sends (a request's in-process
    delivery has the visitor's language active)."""
    with _sender_lock(subscription_id) as locked, translation.override(settings.LANGUAGE_CODE):
        if not locked:
            return None
        subscription = Subscription.objects.filter(pk=subscription_id).first()
        if subscription is None or subscription.status != SubscriptionStatus.ACTIVE:
            return None
        _pass(subscription)
    return _seconds_until_due(subscription)


def _seconds_until_due(subscription: Subscription) -> float | None:
    subscription.refresh_from_db(fields=["status", "paused_until"])
    if subscription.status != SubscriptionStatus.ACTIVE:
        return None
    pending = Delivery.objects.filter(subscription=subscription, status=DeliveryStatus.PENDING)
    next_at = pending.aggregate(at=Min("next_attempt_at"))["at"]
    if next_at is None:
        return None
    if subscription.paused_until and subscription.paused_until > next_at:
        next_at = subscription.paused_until
    wait: float = max(0.0, (next_at - timezone.now()).total_seconds())
    return wait
