"""What the area pages add for exploring the figures: the child areas with their figures, the
figures' links to the buildings behind them, and the control that compares the area with others
(issue 14; the page's own view is `dashboard.views.areas`)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from dashboard.area_codes import compare_code
from dashboard.cache import kept_in_process
from dashboard.drilldown import ChildTable, child_tables, tile_links
from dashboard.selectors import AreaPage
from kantorentop.accounts.scopes import Scope
from regions.models import DesignatedArea, Municipality, Province
from regions.selectors import NATION


def _compare_options(page: AreaPage, tables: list[ChildTable]) -> list[tuple[str, str]]:
    """The areas the page's comparison control suggests (code, name): the nation, the area's
    parents and its children."""
    options = [(NATION.code, str(NATION.name))]
    row = page.row
    municipality = row.municipality if isinstance(row, DesignatedArea) else row
    if isinstance(municipality, Municipality):
        province: Province = municipality.province
        options.append((province.code, province.name))
        region = municipality.office_region
        if region is not None:
            options.append((region.slug, region.name))
        if municipality is not row:
            options.append((municipality.code, municipality.name))
    for table in tables:
        options.extend((child.compare_code, child.name) for child in table.rows)
    own = compare_code(page.area.kind, page.area.code)
    return [(code, name) for code, name in options if code != own]


def explore_context(
    request: HttpRequest, *, page: AreaPage, on: datetime.date, scope: Scope
) -> dict[str, object]:
    """The area page's context for its child tables, figure links and comparison control."""
    tables = child_tables(page=page, on=on, scope=scope, data=request.GET)
    return {
        "child_tables": tables,
        "children_html": _children_html(request, page=page, on=on, scope=scope, tables=tables),
        "tile_links": tile_links(page=page, on=on, scope=scope),
        "compare_code": compare_code(page.area.kind, page.area.code),
        "compare_options": _compare_options(page, tables),
    }


def _children_html(
    request: HttpRequest,
    *,
    page: AreaPage,
    on: datetime.date,
    scope: Scope,
    tables: list[ChildTable],
) -> SafeString:
    """The child tables rendered, kept per area, date, reach, language and query until the data
    changes: rendering the nation's hundreds of rows took 14 ms a visit, more than the rest of
    the warm page. The tables are the same for every request with this key (`child_tables`
    keeps their rows per area, date and reach; the query sorts them and makes their links)."""
    key = (
        "children-html",
        page.area.kind,
        page.area.code,
        on,
        timezone.localdate(),
        scope.reach(),
        get_language(),
        request.GET.urlencode(),
    )
    return kept_in_process(
        key,
        lambda: mark_safe(  # noqa: S308 (the template's own output, escaped as it rendered)
            render_to_string(
                "dashboard/_children.html", {"child_tables": tables, "area": page.area, "on": on}
            )
        ),
    )
