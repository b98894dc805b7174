"""Representations of the buildings API (keys are camelized by the renderer), one module per
resource; the package names what the views use."""

from buildings.api.serializers.buildings import (
    BuildingSerializer,
    ImportResultSerializer,
    ImportRowSerializer,
    SeriesSerializer,
    SingleSnapshotSerializer,
    SnapshotSerializer,
    StatisticsQuerySerializer,
    StructuralVacancyFlagSerializer,
    VacancyRecordSerializer,
    WatchlistEntrySerializer,
    WatchlistQuerySerializer,
)
from buildings.api.serializers.plans import (
    CompletionSerializer,
    PlanDocumentSerializer,
    PlanDocumentUploadSerializer,
    ReasonsSerializer,
    TransformationPlanSerializer,
)
from buildings.api.serializers.transactions import (
    MarketTransactionSerializer,
    TransactionAggregateSerializer,
)

__all__ = [
    "BuildingSerializer",
    "CompletionSerializer",
    "ImportResultSerializer",
    "ImportRowSerializer",
    "MarketTransactionSerializer",
    "PlanDocumentSerializer",
    "PlanDocumentUploadSerializer",
    "ReasonsSerializer",
    "SeriesSerializer",
    "SingleSnapshotSerializer",
    "SnapshotSerializer",
    "StatisticsQuerySerializer",
    "StructuralVacancyFlagSerializer",
    "TransactionAggregateSerializer",
    "TransformationPlanSerializer",
    "VacancyRecordSerializer",
    "WatchlistEntrySerializer",
    "WatchlistQuerySerializer",
]
