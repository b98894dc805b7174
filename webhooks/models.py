"""Webhook subscriptions and the deliveries of events to them (docs/adr/0023-webhooks.md)."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from events.choices import PUBLISHED_TYPES, EventType
from webhooks.choices import DeliveryStatus, SubscriptionStatus
from webhooks.querysets import DeliveryQuerySet, SubscriptionQuerySet


class Subscription(models.Model):
    """A callback URL that receives the events of some types, of the objects its owner may see,
    as structured CloudEvents. Its owner is an API client or a portal user (an officer), never
    both; the events it gets are those of the owner's scope as it stands at each dispatch.

    `dispatched_through` is the sequence up to which the feed's events have been turned into
    deliveries; it starts at the feed's end when the subscription is made, so a new subscriber
    gets what happens from then on (the feed has the past).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    api_client = models.ForeignKey(
        "accounts.ApiClient",
        verbose_name=_("API client"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
    )
    callback_url = models.URLField(_("callback URL"), max_length=500)
    types = ArrayField(models.CharField(max_length=60), verbose_name=_("event types"))
    # Sent as `Authorization: Bearer <token>`; never shown again once saved.
    bearer_token = models.CharField(_("bearer token"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.ACTIVE,
    )
    created_at = models.DateTimeField(_("created at"), db_default=Now())
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    dispatched_through = models.BigIntegerField(_("dispatched through sequence"), default=0)
    # When the receiver last allowed us in the CloudEvents webhook handshake (OPTIONS).
    handshake_at = models.DateTimeField(_("handshake at"), null=True, blank=True)
    # A receiver's Retry-After on 429 or 503: nothing is sent to it before this time.
    paused_until = models.DateTimeField(_("paused until"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(api_client__isnull=False, user__isnull=True)
                | Q(api_client__isnull=True, user__isnull=False),
                name="webhook_subscription_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(types__len__gt=0) & Q(types__contained_by=PUBLISHED_TYPES),
                name="webhook_subscription_types_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SubscriptionStatus.values),
                name="webhook_subscription_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.callback_url

    @property
    def type_labels(self) -> list[str]:
        """The names of its event types, in the user's language."""
        return [str(EventType(value).label) for value in self.types if value in EventType]


class Delivery(models.Model):
    """One event for one subscription: sent until the receiver answers 2xx (at least once, the
    same CloudEvent every time), or failed after the last retry."""

    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # No constraint, as the outbox's own references: an event outlives nothing it names.
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), db_default=Now())
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("last status code"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), db_default=Now())

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["event_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="webhook_delivery_once_per_event"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values),
                name="webhook_delivery_status_valid",
            ),
        ]
        indexes = [
            # What the sender reads: a subscription's pending deliveries, due first.
            models.Index(
                fields=["subscription", "next_attempt_at"],
                condition=Q(status=DeliveryStatus.PENDING),
                name="webhook_delivery_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.event_id}"
