"""Buildings, vacancy records, structural-vacancy flags, the watchlist and the statistics.

Thin views: parse, call a selector or service, render. What a client may see comes from its
Scope (`visible_to`): anything outside it answers 404; writes outside it answer 403.

One module per resource; the package names them all, for the router (buildings/api/urls.py).
"""

from buildings.api.views.buildings import BuildingViewSet
from buildings.api.views.flags import StructuralVacancyFlagViewSet, WatchlistViewSet
from buildings.api.views.records import (
    BuildingVacancyRecordViewSet,
    VacancyRecordViewSet,
)
from buildings.api.views.statistics import (
    VacancyStatisticsView,
)

__all__ = [
    "BuildingVacancyRecordViewSet",
    "BuildingViewSet",
    "StructuralVacancyFlagViewSet",
    "VacancyRecordViewSet",
    "VacancyStatisticsView",
    "WatchlistViewSet",
]
