"""The buildings table (htmx partials), its map data and its CSV and Excel exports, all of the
buildings as they stood on the page's date (`?datum=`, as the area pages)."""

from __future__ import annotations

import datetime
import tempfile
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.vary import vary_on_headers

from buildings.exports import csv_lines, write_xlsx
from buildings.figure_filters import figure_summary
from buildings.filters import BuildingFilterSet
from buildings.tables import (
    building_filterset,
    filtered_buildings,
    page_of,
    pages_url,
    query_without_page,
    sort_links,
    table_rows,
)
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.as_of import as_of_date
from kantorentop.core.csv_writer import csv_response
from kantorentop.core.xlsx_writer import CONTENT_TYPE as XLSX_CONTENT_TYPE

MAP_LIMIT = 20_000
# The map data's columns, in the order `_map_building` reads them.
MAP_COLUMNS = (
    "bag_id",
    "name",
    "latitude",
    "longitude",
    "current_vacancy_percentage",
    "is_flagged",
    "is_withdrawn",
    "label_c_duty",
    "street",
    "house_number",
    "postcode",
    "city",
    "lettable_floor_area_m2",
)


@login_required
@vary_on_headers("HX-Request")
def buildings(request: HttpRequest) -> HttpResponse:
    """The filterable table; an htmx request gets only the table partial."""
    scope = request_scope(request)
    on, date_error = as_of_date(request)
    filterset = building_filterset(request.GET, scope, on=on)
    context: dict[str, object] = {
        "on": on,
        "date_error": date_error,
        "filterset": filterset,
        "sort_links": sort_links(request.GET),
        "table_path": request.path,
        "table_pages_url": pages_url(request.path, request.GET),
        "export_query": query_without_page(request.GET),
    }
    status = 200
    if filterset.is_valid():
        context["table_page"] = page_of(request, table_rows(filtered_buildings(filterset)))
        context["figure_summary"] = figure_summary(filterset)
    else:
        status = 400
    template = "buildings/buildings.html"
    if request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request:
        template += "#buildings-table"
    return render(request, template, context, status=status)


def _export_filterset(request: HttpRequest) -> tuple[datetime.date, BuildingFilterSet, str]:
    """The date and FilterSet of an export or the map, with an error text ("" when valid): an
    export is exactly what the page shows, so a date that cannot be read is an error here rather
    than today."""
    on, date_error = as_of_date(request)
    filterset = building_filterset(request.GET, request_scope(request), on=on)
    if date_error:
        return on, filterset, date_error
    if not filterset.is_valid():
        return on, filterset, str(filterset.errors.as_text())
    return on, filterset, ""


def _address(street: str, number: str, postcode: str, city: str) -> str:
    """A building's address on one line, as a letter writes it: "Street 1, 1234 AB City"."""
    return ", ".join(
        part for part in (f"{street} {number}".strip(), f"{postcode} {city}".strip()) if part
    )


def _map_building(row: tuple[Any, ...], *, base: str) -> dict[str, object]:
    """One building of the map data, from a row of MAP_COLUMNS."""
    bag_id, name, lat, lon, pct, flagged, withdrawn, duty = row[:8]
    street, number, postcode, city, area = row[8:]
    return {
        "bagId": bag_id,
        "name": name,
        "lat": float(lat),
        "lon": float(lon),
        "vacancy": None if pct is None else float(pct),
        "flagged": flagged,
        "withdrawn": withdrawn,
        "labelCDuty": duty,
        "address": _address(street, number, postcode, city),
        "areaM2": area,
        "url": base + bag_id,
    }


def map_data(request: HttpRequest) -> JsonResponse:
    """Buildings with coordinates for the map, on the same filters and date (the stock on the
    date unless the `withdrawn` filter asks for withdrawn buildings, which say so), each with its
    address, area, vacancy, flag and label-C duty on the date (`labelCDuty`, null before 2023);
    empty for the public."""
    scope = request_scope(request)
    on, filterset, error = _export_filterset(request)
    if error:
        return JsonResponse({"errors": error}, status=400)
    if scope.is_empty:
        return JsonResponse({"buildings": [], "truncated": False, "on": on.isoformat()})
    rows = (
        filterset.qs.filter(latitude__isnull=False)
        .order_by("bag_id")
        .values_list(*MAP_COLUMNS)[: MAP_LIMIT + 1]
    )
    rows = list(rows)
    base = reverse("dashboard:building", args=["0" * 16]).removesuffix("0" * 16)
    return JsonResponse(
        {
            "buildings": [_map_building(row, base=base) for row in rows[:MAP_LIMIT]],
            "truncated": len(rows) > MAP_LIMIT,
            "on": on.isoformat(),
        }
    )


def _stamp(on: datetime.date) -> str:
    return on.strftime("%Y%m%d")


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    """Exactly the filtered set on the page's date as CSV (semicolons and decimal commas, as
    Dutch spreadsheets expect), streamed so a national export never sits in memory."""
    on, filterset, error = _export_filterset(request)
    if error:
        return HttpResponseBadRequest(error)
    return csv_response(
        csv_lines(filtered_buildings(filterset), on=on), filename=f"kantoren-{_stamp(on)}.csv"
    )


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The same set as an Excel workbook: written to a temporary file in constant-memory mode
    and streamed back from it, so memory stays flat for a national export."""
    on, filterset, error = _export_filterset(request)
    if error:
        return HttpResponseBadRequest(error)
    # Deleted when FileResponse closes it after the last chunk (or here on an error).
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    try:
        write_xlsx(handle, filtered_buildings(filterset), on=on)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"kantoren-{_stamp(on)}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
