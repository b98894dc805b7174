"""REST API v1, mounted at /api/v1/ (contract: ../shared/spec/api-v1.md)."""

from django.urls import path
from drf_spectacular.views import (
    SpectacularJSONAPIView,
    SpectacularSwaggerView,
    SpectacularYAMLAPIView,
)

from buildings.api.urls import router as buildings_router
from buildings.api.urls import urlpatterns as buildings_urlpatterns
from covenants.api.urls import router as commitments_router
from events.api.urls import router as events_router
from funds.api.urls import router as funds_router
from kantorentop.core.api.routers import ApiRouter
from regions.api.urls import router as regions_router
from vacancy_law.api.urls import router as vacancy_law_router
from webhooks.api.urls import router as webhooks_router

app_name = "api"

router = ApiRouter()
router.registry.extend(regions_router.registry)
router.registry.extend(buildings_router.registry)
router.registry.extend(funds_router.registry)
router.registry.extend(commitments_router.registry)
router.registry.extend(events_router.registry)
router.registry.extend(vacancy_law_router.registry)
router.registry.extend(webhooks_router.registry)

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi-json"),
    path("openapi.yaml", SpectacularYAMLAPIView.as_view(), name="openapi-yaml"),
    path("docs", SpectacularSwaggerView.as_view(url_name="api:openapi-json"), name="docs"),
    *buildings_urlpatterns,
    *router.urls,
]
