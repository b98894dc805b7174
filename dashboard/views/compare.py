"""The comparison page (`/vergelijk?gebied=GM0363&gebied=PV27&datum=30-06-2026`) and its CSV and
Excel exports. Unknown areas, more than six, or (for an export) fewer than two answer with a
clear message (400), never a 5xx; the figures are aggregates, public like the area pages."""

from __future__ import annotations

import datetime
import io

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from dashboard.area_codes import compare_code
from dashboard.cache import one_data_version
from dashboard.compare import (
    MAX_AREAS,
    MIN_AREAS,
    ComparedArea,
    area_label,
    area_options,
    compare_chart,
    compare_resolve,
    compared_areas,
    figure_rows,
)
from dashboard.compare_exports import compare_csv_lines, write_compare_xlsx
from dashboard.selectors import AreaPage
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.as_of import as_of_date
from kantorentop.core.csv_writer import csv_response
from kantorentop.core.xlsx_writer import CONTENT_TYPE as XLSX_CONTENT_TYPE


def _chosen(request: HttpRequest) -> tuple[datetime.date, str, list[AreaPage], list[str]]:
    """The date (and its error), the areas `?gebied=` names and the messages about them."""
    on, date_error = as_of_date(request)
    pages, errors = compare_resolve(request.GET.getlist("gebied"))
    return on, date_error, pages, errors


@one_data_version()
def compare(request: HttpRequest) -> HttpResponse:
    """The picker, and with two to six areas their figures side by side and their series."""
    on, date_error, pages, errors = _chosen(request)
    compared: list[ComparedArea] = []
    if not errors and len(pages) >= MIN_AREAS:
        compared = compared_areas(pages=pages, on=on, scope=request_scope(request))
    codes = [compare_code(page.area.kind, page.area.code) for page in pages]
    query = QueryDict(mutable=True)
    query.setlist("gebied", codes)
    query["datum"] = on.strftime("%d-%m-%Y")
    context = {
        "on": on,
        "date_error": date_error,
        "errors": errors,
        "chosen": [(code, area_label(page)) for code, page in zip(codes, pages, strict=True)],
        "too_few": not errors and len(pages) < MIN_AREAS,
        "min_areas": MIN_AREAS,
        "max_areas": MAX_AREAS,
        "compared": compared,
        "rows": figure_rows(compared),
        "chart": compare_chart(compared),
        "series_rows": _series_rows(compared),
        "export_query": query.urlencode(),
        "options": area_options(),
    }
    return render(request, "dashboard/compare.html", context, status=400 if errors else 200)


def _series_rows(compared: list[ComparedArea]) -> list[tuple[str, list[float | None]]]:
    """The chart's table alternative: per quarter end, each area's rate."""
    if not compared:
        return []
    labels = compared[0].trend["labels"]
    return [
        (label, [area.trend["vacancy"][index] for area in compared])
        for index, label in enumerate(labels)
    ]


def _export_areas(request: HttpRequest) -> tuple[datetime.date, list[ComparedArea], str]:
    """An export is exactly what the page shows: a date that cannot be read is an error here."""
    on, date_error, pages, errors = _chosen(request)
    if date_error or errors:
        return on, [], " ".join([date_error, *errors]).strip()
    if len(pages) < MIN_AREAS:
        return on, [], _("Choose at least %(min)s areas to compare.") % {"min": MIN_AREAS}
    return on, compared_areas(pages=pages, on=on, scope=request_scope(request)), ""


@one_data_version()
def compare_csv(request: HttpRequest) -> HttpResponseBase:
    """The figures (or, `?tabel=kwartalen`, the series) as CSV."""
    on, compared, error = _export_areas(request)
    if error:
        return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
    series = request.GET.get("tabel") == "kwartalen"
    name = "vergelijking-kwartalen" if series else "vergelijking"
    return csv_response(
        compare_csv_lines(compared, on=on, series=series),
        filename=f"{name}-{on.strftime('%Y%m%d')}.csv",
    )


@one_data_version()
def compare_xlsx(request: HttpRequest) -> HttpResponse:
    """The figures and the series as an Excel workbook (two sheets)."""
    on, compared, error = _export_areas(request)
    if error:
        return HttpResponseBadRequest(error, content_type="text/plain; charset=utf-8")
    handle = io.BytesIO()
    write_compare_xlsx(handle, compared, on=on)
    response = HttpResponse(handle.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="vergelijking-{on.strftime("%Y%m%d")}.xlsx"'
    )
    return response
