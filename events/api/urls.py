"""Routes of the event feed; config/api_urls.py mounts them at /api/v1/."""

from events.api.views import EventViewSet
from kantorentop.core.api.routers import ApiRouter

router = ApiRouter()
router.register("events", EventViewSet, basename="event")
