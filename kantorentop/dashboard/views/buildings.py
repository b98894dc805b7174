"""The buildings table (htmx partials), its map data and its CSV export."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from kantorentop.dashboard.access import request_scope
from kantorentop.dashboard.tables import (
    building_filterset,
    filtered_buildings,
    page_of,
    sort_links,
)

MAP_LIMIT = 20_000
CSV_COLUMNS = [
    "BAG-id",
    "Naam",
    "Straat",
    "Huisnummer",
    "Postcode",
    "Plaats",
    "Gemeentecode",
    "Gemeente",
    "Verhuurbaar vloeroppervlak (m2 VVO)",
    "Energielabel",
    "Status",
    "Leegstaand (m2)",
    "Leegstand (%)",
    "Laatste registratie",
    "Signalering actief",
]


@login_required
def buildings(request: HttpRequest) -> HttpResponse:
    """The filterable table; an htmx request gets only the table partial."""
    scope = request_scope(request)
    filterset = building_filterset(request.GET, scope)
    context: dict[str, object] = {
        "filterset": filterset,
        "sort_links": sort_links(request.GET),
        "table_query": _without_page(request),
        "export_query": _without_page(request),
    }
    status = 200
    if filterset.is_valid():
        context["table_page"] = page_of(request, filtered_buildings(filterset))
    else:
        status = 400
    template = "dashboard/buildings.html"
    if request.htmx and not request.htmx.boosted:
        template += "#buildings-table"
    return render(request, template, context, status=status)


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def map_data(request: HttpRequest) -> JsonResponse:
    """Buildings with coordinates for the map, on the same filters; empty for the public."""
    scope = request_scope(request)
    filterset = building_filterset(request.GET, scope)
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors}, status=400)
    if scope.is_empty:
        return JsonResponse({"buildings": [], "truncated": False})
    rows = (
        filterset.qs.filter(latitude__isnull=False)
        .order_by("bag_id")
        .values_list(
            "bag_id", "name", "latitude", "longitude", "current_vacancy_percentage", "is_flagged"
        )[: MAP_LIMIT + 1]
    )
    rows = list(rows)
    base = reverse("dashboard:building", args=["0" * 16]).removesuffix("0" * 16)
    return JsonResponse(
        {
            "buildings": [
                {
                    "bagId": bag_id,
                    "name": name,
                    "lat": float(lat),
                    "lon": float(lon),
                    "vacancy": None if pct is None else float(pct),
                    "flagged": flagged,
                    "url": base + bag_id,
                }
                for bag_id, name, lat, lon, pct, flagged in rows[:MAP_LIMIT]
            ],
            "truncated": len(rows) > MAP_LIMIT,
        }
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _dutch_decimal(value: object) -> str:
    return "" if value is None else str(value).replace(".", ",")


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    """Exactly the filtered set as CSV (semicolons and decimal commas, as Dutch spreadsheets
    expect), streamed so a national export never sits in memory."""
    scope = request_scope(request)
    filterset = building_filterset(request.GET, scope)
    if not filterset.is_valid():
        return HttpResponseBadRequest(str(filterset.errors.as_text()))
    queryset = filtered_buildings(filterset)
    writer = csv.writer(_Echo(), delimiter=";")

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for b in queryset.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    b.bag_id,
                    b.name,
                    b.street,
                    b.house_number,
                    b.postcode,
                    b.city,
                    b.municipality.code,
                    b.municipality.name,
                    b.lettable_floor_area_m2,
                    b.energy_label or "",
                    b.get_status_display(),
                    "" if b.current_vacant_area_m2 is None else b.current_vacant_area_m2,
                    _dutch_decimal(b.current_vacancy_percentage),
                    b.current_observed_on.strftime("%d-%m-%Y") if b.current_observed_on else "",
                    "ja" if b.is_flagged else "nee",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="kantoren-{stamp}.csv"'
    return response
