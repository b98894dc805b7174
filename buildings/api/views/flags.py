"""Structural vacancy: the flags, and the watchlist of buildings on their way to one."""

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from buildings.api.serializers import (
    StructuralVacancyFlagSerializer,
    WatchlistEntrySerializer,
    WatchlistQuerySerializer,
)
from buildings.api.views.common import DataVersionETagMixin, query_area
from buildings.filters import StructuralVacancyFlagFilterSet
from buildings.models import Building
from buildings.selectors.flags import flags_visible_to
from buildings.selectors.structural_vacancy import share_threshold_percent, watchlist
from kantorentop.accounts.authentication import ScopeAllowsWrites
from kantorentop.accounts.scopes import request_scope


@extend_schema_view(
    list=extend_schema(
        summary="Vlaggen structurele leegstand / Structural-vacancy flags",
        description=(
            "Zonder status worden alle statussen getoond. Alleen met sleutel of sessie, binnen "
            "het eigen gebied. / Without status every status is listed. Needs a key or a "
            "session; scoped."
        ),
    ),
    retrieve=extend_schema(
        summary="Eén vlag / One flag",
        description=(
            "Op id; de `dataref` van de gebeurtenissen van een vlag. / By id; the `dataref` of a "
            "flag's events."
        ),
    ),
)
class StructuralVacancyFlagViewSet(
    DataVersionETagMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = StructuralVacancyFlagSerializer
    filterset_class = StructuralVacancyFlagFilterSet
    permission_classes = [ScopeAllowsWrites]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return flags_visible_to(request_scope(self.request))


@extend_schema_view(
    list=extend_schema(
        summary="Volglijst / Watchlist",
        # The rule's thresholds as the settings hold them (one home: STRUCTURAL_VACANCY_*).
        description=(
            f"Gebouwen die op weg zijn naar een vlag (meer dan {share_threshold_percent()}% leeg, "
            f"korter dan {settings.STRUCTURAL_VACANCY_YEARS} jaar), met de verwachte vlagdatum. / "
            f"Buildings on their way to a flag (over {share_threshold_percent()}% vacant, for less "
            f"than {settings.STRUCTURAL_VACANCY_YEARS} years), with the expected flag date."
        ),
        parameters=[WatchlistQuerySerializer],
    ),
)
class WatchlistViewSet(DataVersionETagMixin, viewsets.GenericViewSet):
    serializer_class = WatchlistEntrySerializer
    permission_classes = [ScopeAllowsWrites]
    filter_backends: list[type] = []

    def list(self, request):  # type: ignore[no-untyped-def]
        query = WatchlistQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("date") or timezone.localdate()
        entries = watchlist(
            on=on, scope=request_scope(request), area=query_area(query.validated_data)
        )
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
