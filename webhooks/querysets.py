"""Reads of subscriptions and deliveries: a subscription is its owner's alone (the API client
or the portal user that made it); anyone else's answers 404."""

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from kantorentop.accounts.scopes import Scope
from webhooks.choices import DeliveryStatus

if TYPE_CHECKING:
    from webhooks.models import Delivery, Subscription  # noqa: F401


def _owner_condition(scope: Scope, *, path: str = "") -> Q:
    if scope.api_client_id is not None:
        return Q(**{f"{path}api_client_id": scope.api_client_id})
    if scope.user_id is not None:
        return Q(**{f"{path}user_id": scope.user_id})
    return Q(pk__in=[])


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def visible_to(self, scope: Scope) -> "SubscriptionQuerySet":
        """The subscriptions of the client or user of `scope` (nobody else's, also not for a
        national scope: a subscription carries its owner's bearer token)."""
        return self.filter(_owner_condition(scope))


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def visible_to(self, scope: Scope) -> "DeliveryQuerySet":
        """The deliveries of the subscriptions of `scope`'s client or user."""
        return self.filter(_owner_condition(scope, path="subscription__"))

    def due(self) -> "DeliveryQuerySet":
        """Pending deliveries whose next attempt has come, in the feed's order."""
        return self.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=Now()).order_by(
            "event_id"
        )
