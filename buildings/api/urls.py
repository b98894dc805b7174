"""Routes of the buildings API; kantorentop/api_urls.py mounts them at /api/v1/."""

from kantorentop.core.api.routers import ApiRouter

router = ApiRouter()
