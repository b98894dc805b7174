"""The regions API: the reference data (provinces, municipalities and office regions; public,
read-only) and development control.

Development control: planned new office developments, registered by officers of the
municipality, its province or the nation, and by provincial keys in their province and national
keys anywhere (regions/services/developments.py decides by the scope; others get 403, read-only
keys too; docs/adr/0008-api-clients-in-the-workflows.md). One in a restriction or transformation
area is refused with 400 and the covenant's reason as the problem's `detail`. Officers and API
clients see the developments of their area; anything else answers 404 (investors see none).
"""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.permissions import AllowAny

from kantorentop.accounts.authentication import ScopeAllowsWrites
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.api.problems import InvalidParams, flatten_django_errors
from regions import selectors
from regions.api.serializers import (
    DevelopmentProjectSerializer,
    MunicipalitySerializer,
    OfficeRegionSerializer,
    ProvinceSerializer,
)
from regions.filters import MunicipalityFilterSet
from regions.services import development_project_create

RESTRICTED_CODE = "covenant_restricted_area"


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
    serializer_class = ProvinceSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
    filter_backends: list[type] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.provinces_listed()


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
    serializer_class = MunicipalitySerializer
    permission_classes = [AllowAny]
    filterset_class = MunicipalityFilterSet
    lookup_field = "code"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.municipalities_listed()


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
    serializer_class = OfficeRegionSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filter_backends: list[type] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.office_regions_listed()


@extend_schema_view(
    list=extend_schema(
        summary="Nieuwbouwplannen kantoren / Office developments",
        description=(
            "De ontwikkelingen in het gebied van de ambtenaar of de API-client. / The "
            "developments in the officer's or API client's area."
        ),
    ),
    retrieve=extend_schema(
        summary="Eén ontwikkeling / One development",
        description=(
            "Binnen het gebied van de ambtenaar of de API-client (gemeente, provincie of het "
            "hele land); daarbuiten 404. / Within the officer's or API client's area "
            "(municipality, province or the whole country); outside it 404."
        ),
    ),
    create=extend_schema(
        summary="Ontwikkeling registreren / Register a development",
        description=(
            "Door ambtenaren van de gemeente, de provincie of het Rijk; met een sleutel: een "
            "provinciale client in haar provincie, een landelijke client overal (elders en voor "
            "een alleen-lezen-client 403). Geweigerd (400) in een restrictie- of "
            "transformatiegebied, met de reden uit het convenant. / By officers of the "
            "municipality, the province or the nation; with a key: a provincial client in its "
            "province, a national client anywhere (elsewhere and for a read-only client 403). "
            "Refused (400) in a restriction or transformation area, with the covenant's reason."
        ),
    ),
)
class DevelopmentProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DevelopmentProjectSerializer
    permission_classes = [ScopeAllowsWrites]
    filter_backends: list[type] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.developments_visible_to(request_scope(self.request))

    def perform_create(self, serializer):  # type: ignore[no-untyped-def]
        data = dict(serializer.validated_data)
        try:
            serializer.instance = development_project_create(user=self.request.user, **data)
        except ValidationError as error:
            items = getattr(error, "error_dict", {}).get("designated_area", [])
            # The covenant's reason becomes the problem's detail, so a client can show it.
            reasons = [
                message
                for item in items
                if getattr(item, "code", None) == RESTRICTED_CODE
                for message in item.messages
            ]
            raise InvalidParams(
                flatten_django_errors(error), problem_detail=reasons[0] if reasons else None
            ) from error
