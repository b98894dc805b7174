"""Area pages: the nation, a province, an office region and a municipality."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from buildings.filters import BuildingFilterSet
from covenants.choices import ProgressStatus
from kantorentop.dashboard.access import as_of_date, request_scope
from kantorentop.dashboard.selectors import (
    area_overview,
    area_page,
    area_trend,
    region_targets,
)
from kantorentop.dashboard.tables import (
    building_filterset,
    filtered_buildings,
    page_of,
    sort_links,
)

# The FilterSet's query key for each area kind.
FILTER_KEYS = {
    "province": "province",
    "municipality": "municipality",
    "officeRegion": "officeRegion",
}


def _area_view(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    try:
        page = area_page(kind=kind, code=code)
    except ValidationError as error:
        raise Http404(str(error)) from error
    on, date_error = as_of_date(request)
    overview = area_overview(area=page.area, on=on)
    trend = area_trend(area=page.area, end=on, frictional=page.frictional_percentage)
    scope = request_scope(request)
    area_query = QueryDict(mutable=True)
    if kind in FILTER_KEYS:
        area_query[FILTER_KEYS[kind]] = page.area.code
    if on != timezone.localdate():
        # The table, map and exports follow the page's date.
        area_query["datum"] = on.strftime("%d-%m-%Y")
    context: dict[str, object] = {
        "page": page,
        "area": page.area,
        "on": on,
        "date_error": date_error,
        "overview": overview,
        "snapshot": overview.snapshot,
        "trend": trend,
        "area_query": area_query.urlencode(),
        "sees_buildings": not scope.is_empty,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_data_url": reverse("dashboard:map-data") + "?" + area_query.urlencode(),
    }
    if kind == "officeRegion":
        vision, targets, progress_rows, commitments = region_targets(
            region=page.row, overview=overview, trend=trend
        )
        status_by_commitment = {row.commitment_id: row for row in progress_rows}
        context.update(
            vision=vision,
            targets=targets,
            commitments=[
                (
                    c,
                    ProgressStatus(
                        status_by_commitment[c.pk].effective_status
                        if c.pk in status_by_commitment
                        else ProgressStatus.NOT_STARTED
                    ).label,
                )
                for c in commitments
            ],
        )
    if not scope.is_empty:
        data = area_query.copy()
        data["ordering"] = "-vacancyPercentage"
        # The page's area filters the table by the row resolved above (the FilterSet's area
        # field would look it up again); the links keep the area's query key.
        table_data = data.copy()
        within = None
        if kind in FILTER_KEYS:
            del table_data[FILTER_KEYS[kind]]
            within = {BuildingFilterSet.AREA_LOOKUPS[FILTER_KEYS[kind]]: page.row}
        filterset = building_filterset(table_data, scope, on=on, within=within)
        if filterset.is_valid():
            context["table_page"] = page_of(request, filtered_buildings(filterset))
        context["filterset"] = filterset
        context["sort_links"] = sort_links(data)
        context["table_query"] = data.urlencode()
    return render(request, "dashboard/area.html", context)


def nation(request: HttpRequest) -> HttpResponse:
    return _area_view(request, "nation", "NL")


def province(request: HttpRequest, code: str) -> HttpResponse:
    return _area_view(request, "province", code)


def office_region(request: HttpRequest, slug: str) -> HttpResponse:
    return _area_view(request, "officeRegion", slug)


def municipality(request: HttpRequest, code: str) -> HttpResponse:
    return _area_view(request, "municipality", code)
