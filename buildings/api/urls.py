"""Routes of the buildings API; config/api_urls.py mounts them at /api/v1/."""

from django.urls import path

from buildings.api.plans import TransformationPlanViewSet
from buildings.api.views import (
    BuildingVacancyRecordViewSet,
    BuildingViewSet,
    StructuralVacancyFlagViewSet,
    VacancyRecordViewSet,
    VacancyStatisticsView,
    WatchlistViewSet,
)
from kantorentop.core.api.routers import ApiRouter

router = ApiRouter()
router.register("buildings", BuildingViewSet, basename="building")
router.register(
    r"buildings/(?P<bagId>[^/.]+)/vacancy-records",
    BuildingVacancyRecordViewSet,
    basename="building-vacancy-record",
)
router.register("vacancy-records", VacancyRecordViewSet, basename="vacancy-record")
router.register(
    "structural-vacancy-flags", StructuralVacancyFlagViewSet, basename="structural-vacancy-flag"
)
router.register(
    "structural-vacancy-watchlist", WatchlistViewSet, basename="structural-vacancy-watchlist"
)
router.register("transformation-plans", TransformationPlanViewSet, basename="transformation-plan")

urlpatterns = [
    path("vacancy-statistics", VacancyStatisticsView.as_view(), name="vacancy-statistics"),
]
