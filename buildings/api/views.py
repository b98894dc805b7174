"""Buildings, vacancy records, structural-vacancy flags, the watchlist and the statistics.

Thin views: parse, call a selector or service, render. What a client may see comes from its
Scope (`visible_to`): anything outside it answers 404; writes outside it answer 403.
"""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from buildings.api import imports
from buildings.api.serializers import (
    BUILDING_ROW_FIELDS,
    BuildingSerializer,
    ImportResultSerializer,
    ImportRowSerializer,
    SeriesSerializer,
    SnapshotSerializer,
    StatisticsQuerySerializer,
    StructuralVacancyFlagSerializer,
    VacancyRecordSerializer,
    WatchlistEntrySerializer,
    WatchlistQuerySerializer,
    building_representation,
)
from buildings.choices import ACTIVE_FLAG_STATUSES
from buildings.filters import (
    BuildingFilterSet,
    StructuralVacancyFlagFilterSet,
    VacancyRecordFilterSet,
    with_current_vacancy,
)
from buildings.models import Building, StructuralVacancyFlag, VacancyRecord
from buildings.selectors.areas import NATION, Area, area_for
from buildings.selectors.statistics import (
    area_vacancy_series,
    area_vacancy_snapshot,
)
from buildings.selectors.structural_vacancy import watchlist
from buildings.services.buildings import building_create, building_update
from buildings.services.records import vacancy_record_save
from kantorentop.accounts.authentication import ScopeAllowsWrites, request_scope
from kantorentop.accounts.models import ApiClient
from kantorentop.core.api.renderers import ApiJSONRenderer

MAX_SERIES_DATES = 200
AREA_PARAMETERS = ("province", "municipality", "officeRegion")


def _actor(request) -> dict:  # type: ignore[no-untyped-def]
    """Who writes: the API client, or the portal user (for the record's history)."""
    if isinstance(request.auth, ApiClient):
        return {"api_client": request.auth}
    return {"user": request.user}


def _area(params: dict) -> Area:
    """The area named by at most one of the area parameters (validated before)."""
    for name in AREA_PARAMETERS:
        if params.get(name):
            try:
                return area_for(name, params[name])
            except DjangoValidationError as error:
                raise ValidationError(
                    {
                        name: [
                            message
                            for messages in error.message_dict.values()
                            for message in messages
                        ]
                    },
                    code="unknown_area",
                ) from error
    return NATION


# -- Buildings ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Kantoorgebouwen / Office buildings",
        description=(
            "Kantoorgebouwen (BAG-panden) die deze sleutel mag zien, met hun actuele leegstand en "
            "actieve vlag. / Office buildings (BAG pand) this key may see, with their current "
            "vacancy and active flag."
        ),
    ),
    retrieve=extend_schema(
        summary="Eén kantoorgebouw / One office building",
        description="Op BAG-pand-id. / By BAG pand id.",
    ),
    create=extend_schema(
        summary="Kantoorgebouw registreren / Register an office building",
        description=(
            "Alleen in het eigen gebied van de sleutel (anders 403). / Only in the key's own area "
            "(else 403)."
        ),
    ),
    partial_update=extend_schema(
        summary="Kantoorgebouw wijzigen / Change an office building",
        description=(
            "Alleen de meegegeven velden veranderen; province en officeRegion volgen uit de "
            "gemeente. / Only the given fields change; province and officeRegion follow from "
            "the municipality."
        ),
    ),
)
class BuildingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = BuildingSerializer
    # The serializer builds camelCase representations itself (Camelized).
    renderer_classes = [ApiJSONRenderer]
    filterset_class = BuildingFilterSet
    permission_classes = [ScopeAllowsWrites]
    lookup_field = "bag_id"
    lookup_url_kwarg = "bagId"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return with_current_vacancy(
            Building.objects.visible_to(request_scope(self.request))
            # Three codes instead of three related objects per building, and the active flag
            # (at most one: a partial unique index) as JSON in the same query instead of a
            # prefetch; the serializer's to_representation reads them.
            .annotate(
                municipality_code=F("municipality__code"),
                province_code=F("municipality__province__code"),
                office_region_slug=F("municipality__office_region__slug"),
                active_flag=Subquery(
                    StructuralVacancyFlag.objects.filter(
                        building=OuterRef("pk"), status__in=ACTIVE_FLAG_STATUSES
                    )
                    .order_by()
                    .values(
                        json=JSONObject(
                            status="status", vacantSince="vacant_since", flaggedOn="flagged_on"
                        )
                    )[:1]
                ),
            )
        ).order_by("bag_id")

    def list(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        """The page as rows of values rather than model instances (building_representation)."""
        queryset = self.filter_queryset(self.get_queryset()).values(*BUILDING_ROW_FIELDS)
        rows = self.paginate_queryset(queryset)
        if rows is None:
            return Response([building_representation(row) for row in queryset])
        return self.get_paginated_response([building_representation(row) for row in rows])

    def perform_create(self, serializer):  # type: ignore[no-untyped-def]
        building = building_create(scope=request_scope(self.request), **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=building.pk)

    def perform_update(self, serializer):  # type: ignore[no-untyped-def]
        building = building_update(
            scope=request_scope(self.request),
            building=serializer.instance,
            **serializer.validated_data,
        )
        serializer.instance = self.get_queryset().get(pk=building.pk)


BAG_ID_PARAMETER = OpenApiParameter(
    "bagId",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="BAG-pand-id (16 cijfers) / BAG pand id (16 digits)",
)


@extend_schema_view(
    list=extend_schema(
        summary="Leegstandsregistraties van een gebouw / A building's vacancy records",
        description="Op datum gesorteerd. / Ordered by observedOn.",
        parameters=[BAG_ID_PARAMETER],
    ),
    create=extend_schema(
        summary="Leegstand registreren / Record vacancy",
        description=(
            "201 voor een nieuwe registratie, 200 als die van dezelfde datum is vervangen. / 201 "
            "when new, 200 when it replaced the record of that date."
        ),
        responses={201: VacancyRecordSerializer, 200: VacancyRecordSerializer},
        parameters=[BAG_ID_PARAMETER],
    ),
)
class BuildingVacancyRecordViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = VacancyRecordSerializer
    permission_classes = [ScopeAllowsWrites]
    filter_backends: list[type] = []

    def get_building(self) -> Building:
        if not hasattr(self, "_building"):
            self._building = get_object_or_404(
                Building.objects.visible_to(request_scope(self.request)).select_related(
                    "municipality__province"
                ),
                bag_id=self.kwargs["bagId"],
            )
        return self._building

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return VacancyRecord.objects.none()
        return (
            VacancyRecord.objects.filter(building=self.get_building())
            .select_related("building")
            .order_by("observed_on")
        )

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        building = self.get_building()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record, created = vacancy_record_save(
            scope=request_scope(request),
            building=building,
            **serializer.validated_data,
            **_actor(request),
        )
        return Response(
            self.get_serializer(record).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class CsvParser(BaseParser):
    """Declares text/csv for the import; the view reads the body itself (with a size limit)."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None):  # type: ignore[no-untyped-def]
        return stream.read() if stream else b""


@extend_schema_view(
    list=extend_schema(
        summary="Leegstandsregistraties in bulk / Vacancy records in bulk",
        description=(
            "Alle registraties die deze sleutel mag zien, te filteren op gebied en datum; elke "
            "registratie noemt zijn bagId. / Every record this key may see, filtered by area and "
            "date; each record carries its bagId."
        ),
    ),
)
class VacancyRecordViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = VacancyRecordSerializer
    filterset_class = VacancyRecordFilterSet
    permission_classes = [ScopeAllowsWrites]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return (
            VacancyRecord.objects.visible_to(request_scope(self.request))
            .select_related("building")
            .order_by("building__bag_id", "observed_on")
        )

    @extend_schema(
        summary="Registraties importeren / Import vacancy records",
        description=(
            "Alles of niets: een JSON-array of text/csv (komma of puntkomma, UTF-8 met of zonder "
            "BOM) met de kopregel bagId,observedOn,vacantAreaM2,source,note. Bij een fout "
            "antwoordt 400 met per foute rij een invalidParams-regel ('row N ...') en wordt niets "
            "geschreven. Ten minste 100.000 rijen; meer dan 50 MB geeft 413. / All or nothing: "
            "a JSON array or text/csv (comma or semicolon, UTF-8 with or without BOM) with the "
            "header row bagId,observedOn,vacantAreaM2,source,note. Any bad row answers 400 with "
            "one invalidParams entry per bad row ('row N ...') and nothing is written. At least "
            "100,000 rows; a body over 50 MB answers 413."
        ),
        request={
            "application/json": ImportRowSerializer(many=True),
            "text/csv": {"type": "string"},
        },
        responses={200: ImportResultSerializer},
        filters=False,
        examples=[
            OpenApiExample(
                "CSV",
                media_type="text/csv",
                request_only=True,
                value="bagId;observedOn;vacantAreaM2;source;note\n"
                "0344100000012345;2026-06-30;5300;province;\n",
            )
        ],
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="_import",
        parser_classes=[CsvParser],
        filter_backends=[],
        pagination_class=None,
    )
    def import_records(self, request):  # type: ignore[no-untyped-def]
        result = imports.import_request(request, scope=request_scope(request), **_actor(request))
        return Response(ImportResultSerializer(result).data)


# -- Structural vacancy ---------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Vlaggen structurele leegstand / Structural-vacancy flags",
        description=(
            "Zonder status worden alle statussen getoond. Alleen met sleutel of sessie, binnen "
            "het eigen gebied. / Without status every status is listed. Needs a key or a "
            "session; scoped."
        ),
    ),
)
class StructuralVacancyFlagViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = StructuralVacancyFlagSerializer
    filterset_class = StructuralVacancyFlagFilterSet
    permission_classes = [ScopeAllowsWrites]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return (
            StructuralVacancyFlag.objects.visible_to(request_scope(self.request))
            .select_related("building")
            .order_by("-flagged_on", "building__bag_id", "pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Volglijst / Watchlist",
        description=(
            "Gebouwen die op weg zijn naar een vlag (meer dan 80% leeg, nog geen drie jaar), met "
            "de verwachte vlagdatum. / Buildings on their way to a flag (over 80% vacant, not yet "
            "three years), with the expected flag date."
        ),
        parameters=[WatchlistQuerySerializer],
    ),
)
class WatchlistViewSet(viewsets.GenericViewSet):
    serializer_class = WatchlistEntrySerializer
    permission_classes = [ScopeAllowsWrites]
    filter_backends: list[type] = []

    def list(self, request):  # type: ignore[no-untyped-def]
        query = WatchlistQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("date") or timezone.localdate()
        entries = watchlist(on=on, scope=request_scope(request), area=_area(query.validated_data))
        page = self.paginate_queryset(entries)
        bag_ids = dict(
            Building.objects.filter(pk__in=[entry.building_id for entry in page]).values_list(
                "pk", "bag_id"
            )
        )
        rows = [
            {
                "bag_id": bag_ids[entry.building_id],
                "vacant_since": entry.vacant_since,
                "expected_flag_on": entry.expected_flag_on,
            }
            for entry in page
        ]
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


# -- Statistics -----------------------------------------------------------------------------


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


class VacancyStatisticsView(APIView):
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
                serializers=[SnapshotSerializer, SeriesSerializer],
                resource_type_field_name=None,
            )
        },
    )
    def get(self, request):  # type: ignore[no-untyped-def]
        query = StatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        area = _area(params)
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
            series = area_vacancy_series(area=area, start=start, end=end)
            return Response(
                {
                    "area": {"kind": area.kind, "code": area.code, "name": area.name},
                    "series": [_snapshot_data(snapshot) for snapshot in series],
                }
            )
        on: datetime.date = params.get("date") or timezone.localdate()
        return Response(_snapshot_data(area_vacancy_snapshot(area=area, on=on)))
