"""Reference data: provinces, municipalities and office regions. Public, read-only."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from regions.api.serializers import (
    MunicipalitySerializer,
    OfficeRegionSerializer,
    ProvinceSerializer,
)
from regions.filters import MunicipalityFilterSet
from regions.models import Municipality, OfficeRegion, Province


@extend_schema_view(
    list=extend_schema(
        summary="Provincies / Provinces",
        description="De twaalf provincies met hun CBS-code. / The twelve provinces by CBS code.",
    ),
    retrieve=extend_schema(
        summary="Eén provincie / One province",
        description="Een provincie op CBS-code (PV20..PV31). / A province by CBS code.",
    ),
)
class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Province.objects.order_by("code")
    serializer_class = ProvinceSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    filter_backends: list[type] = []


@extend_schema_view(
    list=extend_schema(
        summary="Gemeenten / Municipalities",
        description=(
            "Gemeenten, ook opgeheven gemeenten (hun code wordt nooit hergebruikt), te filteren op "
            "provincie of kantorenregio. / Municipalities, dissolved ones included (a code is "
            "never reused), filtered by province or office region."
        ),
    ),
    retrieve=extend_schema(
        summary="Eén gemeente / One municipality",
        description="Een gemeente op CBS-code (GM + 4 cijfers). / A municipality by CBS code.",
    ),
)
class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Municipality.objects.select_related("province", "office_region").order_by("code")
    serializer_class = MunicipalitySerializer
    permission_classes = [AllowAny]
    filterset_class = MunicipalityFilterSet
    lookup_field = "code"


@extend_schema_view(
    list=extend_schema(
        summary="Kantorenregio's / Office regions",
        description=(
            "Kantorenregio's met hun huidige gemeenten; de vijf prioritaire regio's hebben "
            "isPriority. / Office regions with their current municipalities; the five priority "
            "regions have isPriority."
        ),
    ),
    retrieve=extend_schema(
        summary="Eén kantorenregio / One office region",
        description="Een kantorenregio op slug. / An office region by slug.",
    ),
)
class OfficeRegionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = OfficeRegion.objects.prefetch_related(
        Prefetch(
            "municipalities",
            queryset=Municipality.objects.filter(dissolved_on__isnull=True).order_by("code"),
            to_attr="current_municipalities",
        )
    ).order_by("slug")
    serializer_class = OfficeRegionSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filter_backends: list[type] = []
