"""The event feed: `GET /api/v1/events?after=SEQUENCE&pageSize=N` (api-v1.md, "Keeping a copy up
to date"). The page is written as JSON by the database (events.selectors.events_page); the view
checks the query, makes the links and answers."""

import json

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import pagination, viewsets
from rest_framework.utils.urls import replace_query_param

from events.api.serializers import CloudEventSerializer
from events.selectors import data_version, events_page
from kantorentop.accounts.authentication import ScopeAllowsWrites
from kantorentop.accounts.conditional import ScopedConditionalGetMixin
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.api.pagination import PageNumberPagination
from kantorentop.core.api.problems import InvalidParams

MAX_SEQUENCE = 2**63 - 1


class EventFeedPagination(pagination.BasePagination):
    """`after` and `pageSize`; the page as every list's, `next` continuing after its last event
    (or after the events passed over that the caller may not see), `previous` always null."""

    page_size_query_param = "pageSize"

    def get_paginated_response_schema(self, schema):  # type: ignore[no-untyped-def]
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "example": 1,
                    "description": "Aantal gebeurtenissen op deze pagina / Events on this page",
                },
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": (
                        "Vervolg na de laatste gebeurtenis van de pagina (of na gebeurtenissen die "
                        "deze sleutel niet mag zien); null als er niets was: vraag later "
                        "hetzelfde opnieuw / Continues after the page's last event (or after "
                        "events this key may not see); null when there was nothing: ask the same "
                        "again later"
                    ),
                },
                "previous": {"type": "string", "format": "uri", "nullable": True, "example": None},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):  # type: ignore[no-untyped-def]
        size = PageNumberPagination()
        return [
            parameter
            for parameter in size.get_schema_operation_parameters(view)
            if parameter["name"] == self.page_size_query_param
        ]


def _after(request) -> int:  # type: ignore[no-untyped-def]
    raw = request.query_params.get("after", "")
    if raw == "":
        return 0
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_SEQUENCE:
        reason = _("Give the sequence of the last event you got (a whole number from 0).")
        raise InvalidParams([{"name": "after", "code": "invalid", "reason": str(reason)}])
    return int(raw)


@extend_schema_view(
    list=extend_schema(
        summary="Gebeurtenissen / Events",
        description=(
            "De wijzigingen als CloudEvents (NL GOV-profiel), oudste eerst, in de volgorde "
            "waarin ze zichtbaar werden; alleen van objecten die deze sleutel mag zien. Vraag "
            "opnieuw met `after` op de laatste `sequence`: er wordt niets overgeslagen en niets "
            "dubbel gegeven, ook als schrijvers in een andere volgorde vastleggen. / The changes "
            "as CloudEvents (NL GOV profile), oldest first, in the order they became visible; "
            "only of objects this key may see. Ask again with `after` set to the last "
            "`sequence`: nothing is missed and nothing is given twice, also while writers commit "
            "out of order."
        ),
        parameters=[
            OpenApiParameter(
                "after",
                OpenApiTypes.STR,
                description=(
                    "De `sequence` van de laatste gebeurtenis die u kreeg (standaard: vanaf het "
                    "begin) / The `sequence` of the last event you got (default: from the start)"
                ),
                pattern=r"^[0-9]+$",
            )
        ],
    ),
)
class EventViewSet(ScopedConditionalGetMixin, viewsets.GenericViewSet):
    serializer_class = CloudEventSerializer
    pagination_class = EventFeedPagination
    permission_classes = [ScopeAllowsWrites]
    filter_backends: list[type] = []

    def etag_version(self) -> str:
        return data_version()

    def list(self, request):  # type: ignore[no-untyped-def]
        after = _after(request)
        size = PageNumberPagination().get_page_size(request)
        root = request.build_absolute_uri(reverse("api:docs")).rsplit("/", 1)[0] + "/"
        page = events_page(scope=request_scope(request), after=after, size=size, base_url=root)
        next_url = None
        if page.after is not None:
            next_url = replace_query_param(request.build_absolute_uri(), "after", page.after)
        body = (
            f'{{"count":{page.count},"next":{json.dumps(next_url)},"previous":null,'
            f'"results":{page.results}}}'
        )
        return HttpResponse(body, content_type="application/json")
