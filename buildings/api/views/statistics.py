"""Public vacancy statistics: one snapshot, or a series per quarter end."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from buildings.api.serializers import (
    SeriesSerializer,
    SingleSnapshotSerializer,
    SnapshotSerializer,
    StatisticsQuerySerializer,
)
from buildings.api.views.common import DataVersionETagMixin, query_area
from buildings.selectors.statistics import (
    Snapshot,
    area_vacancy_series,
    area_vacancy_snapshot,
)
from buildings.selectors.target import m2_to_target
from regions.selectors import Area, area_target_setting

MAX_SERIES_DATES = 200


def quarter_end_count(start: datetime.date, end: datetime.date) -> int:
    """How many quarter ends lie in [start, end], counted without listing them."""

    def quarter(day: datetime.date) -> int:
        return day.year * 4 + (day.month - 1) // 3

    end_is_quarter_end = (end + datetime.timedelta(days=1)).month in (1, 4, 7, 10) and (
        end + datetime.timedelta(days=1)
    ).day == 1
    return max(0, quarter(end) - quarter(start) + (1 if end_is_quarter_end else 0))


def _snapshot_data(snapshot) -> dict:  # type: ignore[no-untyped-def]
    return SnapshotSerializer(snapshot).data


@dataclass(frozen=True)
class _SnapshotWithTarget:
    """A snapshot with the area's target and the m2 to withdraw to reach it, for
    SingleSnapshotSerializer; the snapshot's own figures are read through."""

    snapshot: Snapshot
    target_vacancy_percentage: Decimal
    m2_to_target: int | None

    def __getattr__(self, name: str) -> object:
        return getattr(self.snapshot, name)


def _single_snapshot_data(area: Area, snapshot: Snapshot) -> dict[str, object]:
    percentage = area_target_setting(area=area).percentage
    amount = m2_to_target(
        stock_m2=snapshot.stock_m2, vacant_m2=snapshot.vacant_m2, percentage=percentage
    )
    return dict(SingleSnapshotSerializer(_SnapshotWithTarget(snapshot, percentage, amount)).data)


def _series_data(area: Area, start: datetime.date, end: datetime.date) -> dict[str, object]:
    series = area_vacancy_series(area=area, start=start, end=end, label_duty=True)
    return {
        "area": {"kind": area.kind, "code": area.code, "name": area.name},
        "series": [_snapshot_data(snapshot) for snapshot in series],
    }


class VacancyStatisticsView(DataVersionETagMixin, APIView):
    """Public aggregate statistics of the nation, a province, office region or municipality."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="vacancy_statistics_retrieve",
        summary="Leegstandsstatistiek / Vacancy statistics",
        description=(
            "Eén momentopname op `date` (standaard vandaag), of met `from` en `to` een reeks "
            "per kwartaaleinde (hoogstens 200). Openbaar. / One snapshot on `date` (default "
            "today), or with `from` and `to` a series per quarter end (at most 200). Public."
        ),
        parameters=[StatisticsQuerySerializer],
        responses={
            200: PolymorphicProxySerializer(
                component_name="VacancyStatistics",
                serializers=[SingleSnapshotSerializer, SeriesSerializer],
                resource_type_field_name=None,
            )
        },
    )
    def get(self, request):  # type: ignore[no-untyped-def]
        query = StatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        area = query_area(params)
        if params.get("from") is not None:
            start, end = params["from"], params["to"]
            if quarter_end_count(start, end) > MAX_SERIES_DATES:
                raise ValidationError(
                    {
                        "to": [
                            _("A series has at most %(max)d quarter ends.")
                            % {"max": MAX_SERIES_DATES}
                        ]
                    },
                    code="too_many_dates",
                )
            # Kept under the ETag (the data version, the query, today): the statistics of a
            # province took 40 ms a request, for an answer that changes with the data only.
            return Response(self.kept(lambda: _series_data(area, start, end)))
        on: datetime.date = params.get("date") or timezone.localdate()
        return Response(
            self.kept(lambda: _single_snapshot_data(area, area_vacancy_snapshot(area=area, on=on)))
        )
