"""Subscriptions: made by an API client or an officer, deleted by them, and failed deliveries
asked for again by them or by an administrator."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.functions import Now
from django.utils.translation import gettext as _

from events.choices import PUBLISHED_TYPES
from events.querysets import STABLE_BOUND_SQL
from kantorentop.accounts.scopes import Scope
from webhooks.addresses import CallbackRefused, callback_target
from webhooks.choices import DeliveryStatus, SubscriptionStatus
from webhooks.models import Delivery, Subscription


def _feed_end() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT coalesce(max(sequence), 0) FROM events_event "  # noqa: S608 - fixed SQL
            f"WHERE sequence < {STABLE_BOUND_SQL}"
        )
        return int(cursor.fetchone()[0])


def subscription_validate(*, callback_url: str, types: list[str], bearer_token: str) -> None:
    """The checks of a new subscription, as a ValidationError per field."""
    errors: dict[str, list[str]] = {}
    try:
        callback_target(callback_url)
    except CallbackRefused as refused:
        errors["callback_url"] = [str(refused)]
    if not types:
        errors["types"] = [_("Choose at least one event type.")]
    elif unknown := sorted(set(types) - set(PUBLISHED_TYPES)):
        errors["types"] = [_("Unknown event type: %(types)s.") % {"types": ", ".join(unknown)}]
    if any(ord(character) < 33 or ord(character) > 126 for character in bearer_token):
        errors["bearer_token"] = [_("The token may hold only visible ASCII characters.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def subscription_create(
    *, scope: Scope, callback_url: str, types: list[str], bearer_token: str = ""
) -> Subscription:
    """A subscription of the client or user of `scope`, receiving the events from now on."""
    if scope.api_client_id is None and (scope.user_id is None or not scope.is_officer):
        raise ValidationError(_("Only API clients and officers can subscribe to webhooks."))
    subscription_validate(callback_url=callback_url, types=types, bearer_token=bearer_token)
    return Subscription.objects.create(
        api_client_id=scope.api_client_id,
        user_id=None if scope.api_client_id is not None else scope.user_id,
        callback_url=callback_url,
        types=sorted(set(types)),
        bearer_token=bearer_token,
        dispatched_through=_feed_end(),
    )


@transaction.atomic
def subscription_delete(*, subscription: Subscription) -> None:
    """Delete a subscription with its deliveries; nothing more is sent to it."""
    subscription.delete()


def deliveries_resend(*, subscription: Subscription, delivery_ids: list[int] | None = None) -> int:
    """Ask again for failed deliveries (all of the subscription's, or those named): they are
    sent as soon as a worker gets to them, with a fresh series of retries. Returns how many."""
    if subscription.status != SubscriptionStatus.ACTIVE:
        raise ValidationError(_("This subscription has ended: nothing can be sent to it."))
    failed = Delivery.objects.filter(subscription=subscription, status=DeliveryStatus.FAILED)
    if delivery_ids is not None:
        failed = failed.filter(pk__in=delivery_ids)
    with transaction.atomic():
        count = failed.update(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=Now())
        if count:
            from webhooks.tasks import webhooks_deliver  # tasks import this module

            subscription_id = str(subscription.pk)
            transaction.on_commit(lambda: webhooks_deliver.delay(subscription_id))
    return count
