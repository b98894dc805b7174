"""Office buildings: list, read, register and change, within the caller's scope."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from buildings.api.representation import BUILDING_ROW_FIELDS, building_representations
from buildings.api.serializers import BuildingSerializer
from buildings.api.views.common import DataVersionETagMixin
from buildings.filters import BuildingFilterSet
from buildings.selectors.buildings import buildings_visible_to
from buildings.services.buildings import building_create, building_update
from kantorentop.accounts.authentication import ScopeAllowsWrites
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.api.pagination import CountedValues, CountInPagePagination
from kantorentop.core.api.renderers import ApiJSONRenderer


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
            "Alleen in het eigen gebied van de sleutel (anders 403, ook voor een BAG-id dat "
            "buiten dat gebied al geregistreerd is: ADR 0010). / Only in the key's own area (else "
            "403, also for a BAG id already registered outside it: ADR 0010)."
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
    DataVersionETagMixin,
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
    # The list's rows are values; the page query carries the total (no COUNT query first).
    pagination_class = CountInPagePagination
    permission_classes = [ScopeAllowsWrites]
    lookup_field = "bag_id"
    lookup_url_kwarg = "bagId"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        # The label-C duty today (Europe/Amsterdam), in the same query.
        return buildings_visible_to(request_scope(self.request), on=timezone.localdate())

    def list(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        """The page as rows of values rather than model instances (building_representations),
        from the filtered queryset and its statement that every page of a list shares."""
        pages = self.paginator
        values = self.kept(
            lambda: CountedValues(
                self.filter_queryset(self.get_queryset()).values(*BUILDING_ROW_FIELDS)
            ),
            leave_out=(pages.page_query_param, pages.page_size_query_param),
        )
        rows = self.paginate_queryset(values)
        if rows is None:
            return Response(building_representations(values.queryset.all()))
        return self.get_paginated_response(building_representations(rows))

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
