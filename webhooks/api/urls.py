"""Routes of webhooks; config/api_urls.py mounts them at /api/v1/."""

from kantorentop.core.api.routers import ApiRouter
from webhooks.api.views import UUID_PATTERN, DeliveryViewSet, SubscriptionViewSet

router = ApiRouter()
router.register("subscriptions", SubscriptionViewSet, basename="subscription")
router.register(
    rf"subscriptions/(?P<subscriptionId>{UUID_PATTERN})/deliveries",
    DeliveryViewSet,
    basename="subscription-delivery",
)
