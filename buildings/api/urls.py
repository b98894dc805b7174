"""Routes of the buildings API, in one router (and the statistics view beside it);
config/api_urls.py mounts them at /api/v1/."""

from django.urls import path

from buildings.api.views import (
    BuildingVacancyRecordViewSet,
    BuildingViewSet,
    MarketTransactionStatisticsViewSet,
    MarketTransactionViewSet,
    PlanDocumentViewSet,
    StructuralVacancyFlagViewSet,
    TransformationPlanViewSet,
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
router.register(
    r"transformation-plans/(?P<planId>[0-9]+)/documents",
    PlanDocumentViewSet,
    basename="transformation-plan-document",
)
router.register("market-transactions", MarketTransactionViewSet, basename="market-transaction")
router.register(
    "market-transaction-statistics",
    MarketTransactionStatisticsViewSet,
    basename="market-transaction-statistics",
)

urlpatterns = [
    path("vacancy-statistics", VacancyStatisticsView.as_view(), name="vacancy-statistics"),
]
