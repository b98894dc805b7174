"""Vacancy records: one building's records, every record in bulk, and the bulk import."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import BaseParser
from rest_framework.response import Response

from buildings.api.serializers import (
    ImportResultSerializer,
    ImportRowSerializer,
    VacancyRecordSerializer,
)
from buildings.api.views import imports
from buildings.api.views.common import DataVersionETagMixin, write_actor
from buildings.filters import VacancyRecordFilterSet
from buildings.models import Building, VacancyRecord
from buildings.selectors.records import records_of_building, records_visible_to
from buildings.services.records import vacancy_record_save
from kantorentop.accounts.authentication import ScopeAllowsWrites
from kantorentop.accounts.scopes import request_scope

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
    DataVersionETagMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
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
        return records_of_building(building=self.get_building())

    def create(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        building = self.get_building()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record, created = vacancy_record_save(
            scope=request_scope(request),
            building=building,
            **serializer.validated_data,
            **write_actor(request),
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
class VacancyRecordViewSet(DataVersionETagMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = VacancyRecordSerializer
    filterset_class = VacancyRecordFilterSet
    permission_classes = [ScopeAllowsWrites]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return records_visible_to(request_scope(self.request))

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
        result = imports.import_request(
            request, scope=request_scope(request), **write_actor(request)
        )
        return Response(ImportResultSerializer(result).data)
