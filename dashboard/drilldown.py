"""An area page's child areas with their key figures, sortable and linked (issue 14, item 1), and
which figures link to the buildings behind them (item 3).

The figures of all children come from one grouped query (`buildings.selectors.figures`); they
are aggregates, public like the page's own tiles. A figure links to the buildings table only for
who may see every building of its area (`scope_covers`): the table then lists exactly the
buildings the figure counts, where for anyone else it would list fewer.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buildings.selectors.figures import COVENANT_SIGNED_ON, AreaFigures, ChildKind
from dashboard.area_codes import AreaLinks, compare_code
from dashboard.cache import area_children_figures_cached, kept_in_process
from dashboard.selectors import AreaPage
from kantorentop.accounts.scopes import Scope, area_condition
from regions.choices import PolicyKind
from regions.models import DesignatedArea, Municipality, OfficeRegion, Province

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CHILD_KINDS: dict[str, tuple[ChildKind, ...]] = {
    "nation": ("province", "officeRegion"),
    "province": ("officeRegion", "municipality"),
    "officeRegion": ("municipality",),
    "municipality": ("designatedArea",),
}
HEADINGS = {
    "province": _("Provinces"),
    "officeRegion": _("Office regions"),
    "municipality": _("Municipalities"),
    "designatedArea": _("Designated areas"),
}


@dataclass(frozen=True)
class Column:
    """A column of the child table: its sort key, heading, format and the figure it links to."""

    key: str
    label: StrOrPromise
    format: str  # name, count or percentage (areas are counts of m2: the unit is in the label)
    figure: str | None = None


COLUMNS = (
    Column("name", _("Name"), "name"),
    Column("stock", _("Stock (m2)"), "count", "stock"),
    Column("buildings", _("Buildings"), "count", "stock"),
    Column("vacancy", _("Vacancy (%)"), "percentage", "vacant"),
    Column("vacant", _("Vacant (m2)"), "count", "vacant"),
    Column("coverage", _("Coverage"), "percentage"),
    Column("fully", _("Fully vacant"), "count", "fully"),
    Column("partly", _("Partly vacant"), "count", "partly"),
    Column("structural", _("Structurally vacant"), "count", "structural"),
    Column("watchlist", _("Watchlist"), "count", "watchlist"),
    Column("stale", _("Stale"), "count", "stale"),
    Column("withdrawn", _("Withdrawn since the covenant (m2)"), "count", "withdrawn"),
)
SORT_KEYS = frozenset(column.key for column in COLUMNS)


def figure_values(figures: AreaFigures, *, on: datetime.date) -> dict[str, Any]:
    """The values of the columns (and of the comparison's rows) as the page's tiles show them:
    with no known vacancy on the date, the rate and the counts read from the records are
    unknown (None), not 0; the withdrawn m2 are unknown before the covenant."""
    known = figures.known_m2 > 0
    return {
        "stock": figures.stock_m2,
        "buildings": figures.buildings_in_stock,
        "vacancy": figures.vacancy_percentage if known else None,
        "vacant": figures.vacant_m2 if known else None,
        "coverage": figures.coverage_percentage,
        "fully": figures.fully_vacant if known else None,
        "partly": figures.partly_vacant if known else None,
        "structural": figures.structurally_vacant if known else None,
        "watchlist": figures.watchlist if known else None,
        "stale": figures.stale_buildings,
        "withdrawn": figures.withdrawn_m2 if on >= COVENANT_SIGNED_ON else None,
    }


@dataclass(frozen=True)
class Cell:
    value: Any
    format: str
    url: str | None = None


@dataclass(frozen=True)
class ChildRow:
    name: str
    url: str
    compare_code: str
    note: StrOrPromise
    cells: list[Cell]


@dataclass(frozen=True)
class HeaderCell:
    key: str
    label: StrOrPromise
    numeric: bool
    query: str
    state: str  # aria-sort: ascending, descending or none


@dataclass(frozen=True)
class ChildTable:
    kind: str
    heading: StrOrPromise
    header: list[HeaderCell]
    rows: list[ChildRow]


@dataclass(frozen=True)
class _Child:
    pk: int
    code: str
    name: str
    note: StrOrPromise = ""
    province_code: str = ""


def _children(kind: str, page: AreaPage, keys: set[int]) -> list[_Child]:
    """The child areas of a kind under the page's area (and dissolved municipalities that still
    have figures), in one query."""
    row = page.row
    if kind == "province":
        provinces = Province.objects.order_by().values_list("pk", "code", "name")
        return [_Child(*values) for values in provinces]
    if kind == "officeRegion":
        # The rows are sorted in Python (by the asked column), so the database need not.
        regions = OfficeRegion.objects.order_by()
        if isinstance(row, Province):
            outside = Municipality.objects.filter(office_region=OuterRef("pk")).exclude(
                province=row
            )
            regions = regions.filter(municipalities__province=row).distinct()
            regions = regions.annotate(outside=Exists(outside))
            part = _("part in this province")
            return [
                _Child(pk, slug, name, part if out else "")
                for pk, slug, name, out in regions.values_list("pk", "slug", "name", "outside")
            ]
        return [_Child(*values) for values in regions.values_list("pk", "slug", "name")]
    if kind == "municipality":
        within = Q(province=row) if isinstance(row, Province) else Q(office_region=row)
        rows = (
            Municipality.objects.order_by()
            .filter(within)
            .filter(Q(dissolved_on__isnull=True) | Q(pk__in=keys))
        )
        return [
            _Child(pk, code, name, province_code=province)
            for pk, code, name, province in rows.values_list("pk", "code", "name", "province__code")
        ]
    labels = dict(PolicyKind.choices)
    assert isinstance(row, Municipality)
    return [
        _Child(pk, str(pk), name, labels.get(policy, policy))
        for pk, name, policy in DesignatedArea.objects.order_by()
        .filter(municipality=row)
        .values_list("pk", "name", "kind")
    ]


def scope_covers(*, scope: Scope, kind: str, row: object) -> bool:
    """Whether the scope may see every building of the area (the nation when `row` is None)."""
    if scope.national:
        return True
    if not scope.is_officer:
        return False
    if isinstance(row, Province):
        return scope.covers_province(row.code)
    if isinstance(row, Municipality):
        return scope.covers(municipality_code=row.code, province_code=row.province.code)
    if isinstance(row, DesignatedArea):
        municipality = row.municipality
        return scope.covers(
            municipality_code=municipality.code, province_code=municipality.province.code
        )
    if isinstance(row, OfficeRegion):
        return not _regions_partly_outside(scope, [row.pk])
    return False


def _regions_partly_outside(scope: Scope, pks: Sequence[int]) -> set[int]:
    """The office regions among `pks` with a municipality outside an officer's area."""
    outside = Municipality.objects.filter(office_region__in=pks).exclude(
        area_condition(scope, municipality="")
    )
    return set(outside.values_list("office_region", flat=True).distinct())


def _covered(scope: Scope, kind: str, page: AreaPage, children: list[_Child]) -> set[int]:
    """The children whose every building the scope may see (their figures link)."""
    if scope.national:
        return {child.pk for child in children}
    if not scope.is_officer:
        return set()
    if kind == "province":
        return {c.pk for c in children if scope.covers_province(c.code)}
    if kind == "municipality":
        return {
            c.pk
            for c in children
            if scope.covers(municipality_code=c.code, province_code=c.province_code)
        }
    if kind == "designatedArea":
        return (
            {c.pk for c in children} if scope_covers(scope=scope, kind="", row=page.row) else set()
        )
    pks = [child.pk for child in children]
    return set(pks) - _regions_partly_outside(scope, pks)


def _sorts(data: QueryDict) -> dict[str, str]:
    """The `sort=<kind>:<column>` parameters by child kind (`-` before the column: descending);
    unknown values are ignored."""
    sorts = {}
    for value in data.getlist("sort"):
        kind, _sep, key = value.partition(":")
        if kind in HEADINGS and key.lstrip("-") in SORT_KEYS:
            sorts[kind] = key
    return sorts


def _header(kind: str, data: QueryDict, sorts: dict[str, str]) -> list[HeaderCell]:
    current = sorts.get(kind, "name")
    others = [f"{k}:{v}" for k, v in sorts.items() if k != kind]
    # The page's query encoded once, around the place of its sort keys (the end when it has
    # none): each column's link puts its own there.
    before: list[str] = []
    after: list[str] = []
    side = before
    for key, values in data.lists():
        if key == "sort":
            side = after
            continue
        side.extend(urlencode({key: value}) for value in values)
    header = []
    for column in COLUMNS:
        if current == column.key:
            state, key = "ascending", f"-{column.key}"
        elif current == f"-{column.key}":
            state, key = "descending", column.key
        else:
            state = "none"
            # Names read best A-Z, figures largest first.
            key = column.key if column.format == "name" else f"-{column.key}"
        query = "&".join(
            [*before, *(urlencode({"sort": value}) for value in [*others, f"{kind}:{key}"]), *after]
        )
        header.append(HeaderCell(column.key, column.label, column.format != "name", query, state))
    return header


def _ordered(rows: list[tuple[ChildRow, dict[str, Any]]], key: str) -> list[ChildRow]:
    """Rows by a column; unknown values last in either direction, then by name."""
    column = key.lstrip("-")
    descending = key.startswith("-")
    by_name = sorted(rows, key=lambda item: item[0].name.casefold())
    if column == "name":
        return [row for row, _values in (by_name[::-1] if descending else by_name)]
    known = [item for item in by_name if item[1][column] is not None]
    unknown = [item for item in by_name if item[1][column] is None]
    known.sort(key=lambda item: item[1][column], reverse=descending)
    return [row for row, _values in known + unknown]


def child_tables(
    *, page: AreaPage, on: datetime.date, scope: Scope, data: QueryDict
) -> list[ChildTable]:
    """The tables of the page's child areas with their figures on `on` (one grouped query for
    all of them, one query per kind for their names), sorted as `data` asks. The rows are built
    once per area, date, reach and data version (`kept_in_process`); sorting and the headers'
    links follow each request's query."""
    kinds = CHILD_KINDS.get(page.area.kind, ())
    # What the rows depend on besides the data: the area, the date (and today, which decides
    # whether links carry the date) and how far the scope reaches, not whose scope it is.
    key = (
        "child-rows",
        page.area.kind,
        page.area.code,
        on,
        timezone.localdate(),
        scope.reach(),
    )
    rows_by_kind = kept_in_process(
        key, lambda: _child_rows(page=page, kinds=kinds, on=on, scope=scope)
    )
    sorts = _sorts(data)
    return [
        ChildTable(
            kind,
            HEADINGS[kind],
            _header(kind, data, sorts),
            _ordered(rows_by_kind[kind], sorts.get(kind, "name")),
        )
        for kind in kinds
    ]


def _child_rows(
    *, page: AreaPage, kinds: Sequence[ChildKind], on: datetime.date, scope: Scope
) -> dict[str, list[tuple[ChildRow, dict[str, Any]]]]:
    """Each kind's rows, unsorted, with the values they sort by."""
    figures = area_children_figures_cached(
        parent=page.area, kinds=kinds, on=on, since=COVENANT_SIGNED_ON
    )
    links = AreaLinks.on(on)
    rows_by_kind = {}
    for kind in kinds:
        by_key = figures[kind]
        children = _children(kind, page, set(by_key))
        covered = _covered(scope, kind, page, children)
        rows = []
        for child in children:
            values = figure_values(by_key.get(child.pk, AreaFigures()), on=on)
            cells = [
                Cell(
                    values[column.key],
                    column.format,
                    links.figure(kind, child.code, column.figure)
                    if column.figure and child.pk in covered and values[column.key]
                    else None,
                )
                for column in COLUMNS[1:]
            ]
            row = ChildRow(
                child.name,
                links.page(kind, child.code),
                compare_code(kind, child.code),
                child.note,
                cells,
            )
            rows.append((row, values))
        rows_by_kind[kind] = rows
    return rows_by_kind


# The figure behind each tile of an area page.
TILE_FIGURES = {
    "stock": "stock",
    "vacancy": "vacant",
    "fully": "fully",
    "partly": "partly",
    "structural": "structural",
    "watchlist": "watchlist",
    "stale": "stale",
    "withdrawn": "withdrawn",
}


def tile_links(*, page: AreaPage, on: datetime.date, scope: Scope) -> dict[str, str]:
    """Per tile key, the buildings table filtered to the buildings behind the tile's figure;
    empty when the scope may not see every building of the area."""
    if not scope_covers(scope=scope, kind=page.area.kind, row=page.row):
        return {}
    links = AreaLinks.on(on)
    return {
        key: links.figure(page.area.kind, page.area.code, figure)
        for key, figure in TILE_FIGURES.items()
    }
