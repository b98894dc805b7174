"""Buildings, vacancy records, structural-vacancy flags, the watchlist, the statistics,
transformation plans with their documents, and market transactions.

Thin views: parse, call a selector or service, render. What a client may see comes from its
Scope (`visible_to`): anything outside it answers 404; writes outside it answer 403.

One module per resource; the package names them all, for the router (buildings/api/urls.py).
"""

from buildings.api.views.buildings import BuildingViewSet
from buildings.api.views.flags import StructuralVacancyFlagViewSet, WatchlistViewSet
from buildings.api.views.plan_documents import PlanDocumentViewSet
from buildings.api.views.plans import TransformationPlanViewSet
from buildings.api.views.records import (
    BuildingVacancyRecordViewSet,
    VacancyRecordViewSet,
)
from buildings.api.views.statistics import (
    VacancyStatisticsView,
)
from buildings.api.views.transactions import (
    MarketTransactionStatisticsViewSet,
    MarketTransactionViewSet,
)

__all__ = [
    "BuildingVacancyRecordViewSet",
    "BuildingViewSet",
    "MarketTransactionStatisticsViewSet",
    "MarketTransactionViewSet",
    "PlanDocumentViewSet",
    "StructuralVacancyFlagViewSet",
    "TransformationPlanViewSet",
    "VacancyRecordViewSet",
    "VacancyStatisticsView",
    "WatchlistViewSet",
]
