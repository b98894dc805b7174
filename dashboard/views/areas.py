"""Area pages: the nation, a province, an office region, a municipality and a designated area."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers

from buildings.choices import LabelCDuty
from buildings.selectors.areas import AREA_ROW_LOOKUPS
from buildings.selectors.label_duty import DUTY_START
from buildings.selectors.statistics import Snapshot
from buildings.tables import (
    area_table_ordering,
    area_table_rows,
    page_of,
    pages_url,
    sort_links,
)
from covenants.choices import ProgressStatus
from dashboard.access import area_name_remember
from dashboard.area_codes import FILTER_KEYS
from dashboard.cache import one_data_version
from dashboard.drilldown import scope_covers
from dashboard.selectors import (
    AreaOverview,
    AreaPage,
    area_overview,
    area_page,
    area_trend,
    region_targets,
    scope_reaches_area,
)
from dashboard.views.area_map import map_context
from dashboard.views.explore import explore_context
from dashboard.way_to_target import trend_rows, way_context
from kantorentop.accounts.scopes import Scope, request_scope
from kantorentop.core.as_of import as_of_date
from regions.models import Municipality, Province


@vary_on_headers("HX-Request", "HX-Target")
@one_data_version()
def _area_view(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    try:
        page = area_page(kind=kind, code=code)
    except ValidationError as error:
        raise Http404(str(error)) from error
    if isinstance(page.row, Province | Municipality):
        # The menu names the officer's own areas: this one needs no second look-up.
        area_name_remember(request, kind=kind, code=page.row.code, name=page.row.name)
    if isinstance(page.row, Municipality):
        province = page.row.province
        area_name_remember(request, kind="province", code=province.code, name=province.name)
    on, date_error = as_of_date(request)
    scope = request_scope(request)
    sees_buildings = scope_reaches_area(scope=scope, kind=kind, row=page.row)
    area_query = _area_query(page, on=on)
    if request.htmx.target == "buildings-table" and not request.htmx.history_restore_request:
        return _table_view(
            request, page, on=on, scope=scope, area_query=area_query, sees=sees_buildings
        )
    overview = area_overview(area=page.area, on=on)
    trend = area_trend(area=page.area, end=on, frictional=page.frictional_percentage)
    context: dict[str, object] = {
        "page": page,
        "area": page.area,
        "on": on,
        "date_error": date_error,
        "overview": overview,
        "snapshot": overview.snapshot,
        "trend": trend,
        "area_query": area_query.urlencode(),
        "sees_buildings": sees_buildings,
    }
    context.update(
        map_context(page=page, on=on, area_query=area_query, sees_buildings=sees_buildings)
    )
    context.update(
        _label_duty_context(
            page,
            overview.snapshot,
            scope=scope,
            area_query=area_query,
            sees_all_buildings=scope_covers(scope=scope, kind=kind, row=page.row),
        )
    )
    context.update(explore_context(request, page=page, on=on, scope=scope))
    context.update(way_context(page=page, snapshot=overview.snapshot), trend_rows=trend_rows(trend))
    if kind == "officeRegion":
        context.update(_region_context(page, overview, trend))
    if sees_buildings:
        context.update(_table_context(request, page, on=on, scope=scope, area_query=area_query))
    return render(request, "dashboard/area.html", context)


def _region_context(
    page: AreaPage, overview: AreaOverview, trend: dict[str, object]
) -> dict[str, object]:
    """An office region's vision, its targets and its covenant commitments with their status."""
    vision, targets, status_by_commitment, commitments = region_targets(
        region=page.row, overview=overview, trend=trend
    )
    return {
        "vision": vision,
        "targets": targets,
        "commitments": [
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
    }


def _area_query(page: AreaPage, *, on: datetime.date) -> QueryDict:
    """The buildings page's query for the area's buildings on the page's date: what the table's
    exports, the map and the figures' links carry."""
    area_query = QueryDict(mutable=True)
    if page.area.kind in FILTER_KEYS:
        area_query[FILTER_KEYS[page.area.kind]] = page.area.code
    if on != timezone.localdate():
        area_query["datum"] = on.strftime("%d-%m-%Y")
    return area_query


def _table_view(
    request: HttpRequest,
    page: AreaPage,
    *,
    on: datetime.date,
    scope: Scope,
    area_query: QueryDict,
    sees: bool,
) -> HttpResponse:
    """The area's table alone, for its sort and page links: the figures stay as they are."""
    if not sees:
        raise Http404
    context = _table_context(request, page, on=on, scope=scope, area_query=area_query)
    context.update(on=on, export_query=context["table_query"])
    return render(request, "dashboard/area.html#buildings-table", context)


def _table_context(
    request: HttpRequest, page: AreaPage, *, on: datetime.date, scope: Scope, area_query: QueryDict
) -> dict[str, object]:
    """The page's area's buildings, most vacant first unless the address sorts them otherwise.
    The table is sorted and paged under the area page's own address; its exports lead to the
    buildings page with the area's query key, in the table's order."""
    ordering = area_table_ordering(request.GET)
    table_query = area_query.copy()
    table_query["ordering"] = ordering
    address = request.GET.copy()
    address["ordering"] = ordering
    within = None
    if page.area.kind in FILTER_KEYS:
        within = (AREA_ROW_LOOKUPS[page.area.kind], page.row.pk)
    rows = area_table_rows(scope, on=on, within=within, ordering=ordering)
    return {
        "table_page": page_of(request, rows),
        "sort_links": sort_links(address),
        "table_query": table_query.urlencode(),
        "table_path": request.path,
        "table_pages_url": pages_url(request.path, request.GET),
    }


# The enforcement worklist exports of the label-C duty (`buildings.views.label_duty`).
WORKLIST_URL_NAMES = ("dashboard:label-duty-worklist-csv", "dashboard:label-duty-worklist-xlsx")


def _label_duty_context(
    page: AreaPage,
    snapshot: Snapshot,
    *,
    scope: Scope,
    area_query: QueryDict,
    sees_all_buildings: bool,
) -> dict[str, object]:
    """The share of the stock on GO and the label-C duty counts, both from the page's snapshot,
    with their table links, and for an officer of the municipality its enforcement worklist.
    A count links only for who may see every building of the area, like the tiles and the
    child tables (`dashboard.drilldown.scope_covers`): the table behind it then lists exactly
    the buildings counted, not the reader's share of them."""
    rows = []
    # None before the duty (2023): no rows.
    duty = snapshot.label_c_duty or {}
    for status in LabelCDuty.values if duty else []:
        query = area_query.copy()
        query["labelCDuty"] = status
        rows.append(
            {
                "status": status,
                "buildings": duty[status].buildings,
                "m2": duty[status].office_m2,
                "url": f"{reverse('dashboard:buildings')}?{query.urlencode()}"
                if sees_all_buildings
                else None,
            }
        )
    worklist = worklist_xlsx = None
    # The enforcement worklist is the municipality's own work: the link is for its officers.
    if isinstance(page.row, Municipality) and scope.is_officer_of(page.row.code):
        worklist, worklist_xlsx = (
            reverse(name, kwargs={"code": page.row.code}) for name in WORKLIST_URL_NAMES
        )
    return {
        "go_share": snapshot.go_stock_percentage,
        "label_duty_rows": rows,
        "label_duty_start": DUTY_START,
        "worklist_url": worklist,
        "worklist_xlsx_url": worklist_xlsx,
    }


def nation(request: HttpRequest) -> HttpResponse:
    return _area_view(request, "nation", "NL")


def province(request: HttpRequest, code: str) -> HttpResponse:
    return _area_view(request, "province", code)


def office_region(request: HttpRequest, slug: str) -> HttpResponse:
    return _area_view(request, "officeRegion", slug)


def municipality(request: HttpRequest, code: str) -> HttpResponse:
    return _area_view(request, "municipality", code)


def designated_area(request: HttpRequest, pk: int) -> HttpResponse:
    return _area_view(request, "designatedArea", str(pk))
