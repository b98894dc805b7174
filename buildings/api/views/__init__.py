"""Buildings, vacancy records, structural-vacancy flags, the watchlist and the statistics.

Thin views: parse, call a selector or service, render. What a client may see comes from its
Scope (`visible_to`): anything outside it answers 404; writes outside it answer 403.

One module per resource; the package names them all, for the router (buildings/api/urls.py).
"""

from buildings.api.views.buildings import BuildingViewSet
from buildings.api.views.common import AREA_PARAMETERS
from buildings.api.views.flags import StructuralVacancyFlagViewSet, WatchlistViewSet
from buildings.api.views.records import (
    BAG_ID_PARAMETER,
    BuildingVacancyRecordViewSet,
    CsvParser,
    VacancyRecordViewSet,
)
from buildings.api.views.statistics import (
    MAX_SERIES_DATES,
    VacancyStatisticsView,
    quarter_end_count,
)

__all__ = [
    "AREA_PARAMETERS",
    "BAG_ID_PARAMETER",
    "MAX_SERIES_DATES",
    "BuildingVacancyRecordViewSet",
    "BuildingViewSet",
    "CsvParser",
    "StructuralVacancyFlagViewSet",
    "VacancyRecordViewSet",
    "VacancyStatisticsView",
    "WatchlistViewSet",
    "quarter_end_count",
]
