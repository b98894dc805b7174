"""States of subscriptions and deliveries (contract: api-v1.md, "Keeping a copy up to date")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    # The receiver answered 410 Gone: it retired the target, nothing is sent any more.
    ENDED = "ended", _("ended")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    # Every attempt failed: kept until the client or an administrator asks for it again.
    FAILED = "failed", _("failed")
