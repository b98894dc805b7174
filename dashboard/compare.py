"""The comparison of two to six areas of any kind on one date (issue 14, item 2): the codes of
`?gebied=` resolved, their key figures side by side and their quarterly series.

The figures are the area pages' own (`selectors.area_overview`, `selectors.area_trend`), so a
column here equals the tiles of the area's page. They are aggregates, public like those pages:
an unknown area is an error message, never a 5xx (docs/adr/0021-explore-areas.md).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buildings.selectors.figures import AreaFigures
from dashboard.area_codes import DESIGNATED_PREFIX, AreaLinks, compare_code
from dashboard.drilldown import COLUMNS, figure_values, scope_covers
from dashboard.selectors import AreaPage, area_overview, area_page, area_trend
from kantorentop.accounts.scopes import Scope
from regions.models import DesignatedArea, Municipality, OfficeRegion, Province
from regions.selectors import NATION_CODE

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MIN_AREAS = 2
MAX_AREAS = 6
KIND_LABELS: dict[str, StrOrPromise] = {
    "nation": "",
    "province": gettext_lazy("Province"),
    "officeRegion": gettext_lazy("Office region"),
    "municipality": gettext_lazy("Municipality"),
    "designatedArea": gettext_lazy("Designated area"),
}
# What the comparison accepts as the nation's name, besides its code.
NATION_NAMES = frozenset({"nederland", "the netherlands", "netherlands"})
_CODE_KINDS = (
    (re.compile(r"^PV\d{2}$"), "province"),
    (re.compile(r"^GM\d{4}$"), "municipality"),
    (re.compile(rf"^{DESIGNATED_PREFIX}(\d+)$"), "designatedArea"),
)


@dataclass(frozen=True)
class ComparedArea:
    """An area of the comparison with its figures on the date and its quarterly series."""

    page: AreaPage
    code: str  # as `?gebied=` names it
    label: str  # kind and name, e.g. "Gemeente Amsterdam"
    url: str
    values: dict[str, Any]
    links: dict[str, str]
    trend: dict[str, Any]


def _kind_and_code(value: str) -> tuple[str, str] | None:
    """The kind and page code of a `?gebied=` code, None when it is no code (maybe a name)."""
    upper = value.upper()
    if upper == NATION_CODE or value.casefold() in NATION_NAMES:
        return "nation", NATION_CODE
    for pattern, kind in _CODE_KINDS:
        match = pattern.match(upper)
        if match:
            return kind, match.group(1) if match.groups() else upper
    # A slug as written (lower case): "Amsterdam" is a name, of a municipality and a region.
    if OfficeRegion.objects.filter(slug=value).exists():
        return "officeRegion", value
    return None


def _by_name(value: str) -> list[tuple[str, str, str]]:
    """The areas named `value` (any case): (kind, page code, `?gebied=` code)."""
    found = [
        ("province", code, code)
        for code in Province.objects.filter(name__iexact=value).values_list("code", flat=True)
    ]
    found += [
        ("officeRegion", slug, slug)
        for slug in OfficeRegion.objects.filter(name__iexact=value).values_list("slug", flat=True)
    ]
    found += [
        ("municipality", code, code)
        for code in Municipality.objects.filter(
            name__iexact=value, dissolved_on__isnull=True
        ).values_list("code", flat=True)
    ]
    found += [
        ("designatedArea", str(pk), compare_code("designatedArea", str(pk)))
        for pk in DesignatedArea.objects.filter(name__iexact=value).values_list("pk", flat=True)
    ]
    return found


def compare_resolve(values: list[str]) -> tuple[list[AreaPage], list[str]]:
    """The areas that the `?gebied=` values name (codes, or unambiguous names), in the order
    given without repeats, and the error messages (empty when all are fine). More than
    MAX_AREAS is an error before anything is looked up."""
    wanted = list(dict.fromkeys(value.strip() for value in values if value.strip()))
    if len(wanted) > MAX_AREAS:
        return [], [
            _("Choose at most %(max)s areas; %(n)s were given.")
            % {"max": MAX_AREAS, "n": len(wanted)}
        ]
    pages: list[AreaPage] = []
    errors: list[str] = []
    for value in wanted:
        kind_code = _kind_and_code(value)
        if kind_code is None:
            named = _by_name(value)
            if len(named) > 1:
                options = ", ".join(code for _kind, _page_code, code in named)
                errors.append(
                    _("“%(value)s” names several areas; choose one by its code: %(options)s.")
                    % {"value": value, "options": options}
                )
                continue
            kind_code = named[0][:2] if named else None
        try:
            if kind_code is None:
                raise ValidationError("unknown")
            page = area_page(kind=kind_code[0], code=kind_code[1])
        except ValidationError:
            errors.append(
                _("There is no area with the code or name “%(value)s”.") % {"value": value}
            )
            continue
        if all(page.area != known.area for known in pages):
            pages.append(page)
    return pages, errors


def area_label(page: AreaPage) -> str:
    """`Gemeente Amsterdam`, `Provincie Noord-Holland`, `Nederland`."""
    kind = KIND_LABELS[page.area.kind]
    return f"{kind} {page.area.name}" if kind else str(page.area.name)


def compared_areas(*, pages: list[AreaPage], on: datetime.date, scope: Scope) -> list[ComparedArea]:
    """Each area's key figures on `on` (the page's tiles), links to the buildings behind them
    for who may see them all, and its quarterly series up to `on`."""
    compared = []
    links = AreaLinks.on(on)
    for page in pages:
        overview = area_overview(area=page.area, on=on)
        snapshot = overview.snapshot
        figures = AreaFigures(
            stock_m2=snapshot.stock_m2,
            vacant_m2=snapshot.vacant_m2,
            known_m2=snapshot.known_m2,
            buildings_in_stock=snapshot.buildings_in_stock,
            fully_vacant=snapshot.fully_vacant,
            partly_vacant=snapshot.partly_vacant,
            structurally_vacant=snapshot.structurally_vacant,
            watchlist=overview.watchlist_count,
            stale_buildings=snapshot.stale_buildings,
            withdrawn_m2=overview.withdrawn_since_covenant_m2 or 0,
        )
        values = figure_values(figures, on=on)
        figure_links = {}
        if scope_covers(scope=scope, kind=page.area.kind, row=page.row):
            figure_links = {
                column.key: links.figure(page.area.kind, page.area.code, column.figure)
                for column in COLUMNS
                if column.figure and values[column.key]
            }
        compared.append(
            ComparedArea(
                page=page,
                code=compare_code(page.area.kind, page.area.code),
                label=area_label(page),
                url=links.page(page.area.kind, page.area.code),
                values=values,
                links=figure_links,
                trend=area_trend(area=page.area, end=on, frictional=page.frictional_percentage),
            )
        )
    return compared


@dataclass(frozen=True)
class FigureRow:
    """A key figure across the compared areas: (value, link) per area."""

    key: str
    label: StrOrPromise
    format: str
    cells: list[tuple[Any, str | None]]


def figure_rows(compared: list[ComparedArea]) -> list[FigureRow]:
    """The figures table: one row per key figure, one column per area."""
    return [
        FigureRow(
            column.key,
            column.label,
            column.format,
            [(area.values[column.key], area.links.get(column.key)) for area in compared],
        )
        for column in COLUMNS[1:]
    ]


def compare_chart(compared: list[ComparedArea]) -> dict[str, Any]:
    """The chart's data: the quarter ends and each area's vacancy rate per quarter."""
    first = compared[0].trend if compared else {"labels": [], "dates": []}
    return {
        "labels": first["labels"],
        "dates": first["dates"],
        "series": [{"label": area.label, "data": area.trend["vacancy"]} for area in compared],
        "labelAxis": _("Vacancy rate (%)"),
    }


def area_options() -> list[tuple[str, str]]:
    """Every area the comparison can take, as (code, label) for its picker: the nation, the
    provinces, the office regions, the current municipalities and the designated areas."""
    options = [(NATION_CODE, "Nederland")]
    province = _("Province")
    options += [(c, f"{province} {n}") for c, n in Province.objects.values_list("code", "name")]
    region = _("Office region")
    options += [(s, f"{region} {n}") for s, n in OfficeRegion.objects.values_list("slug", "name")]
    municipality = _("Municipality")
    options += [
        (code, f"{municipality} {name}")
        for code, name in Municipality.objects.filter(dissolved_on__isnull=True).values_list(
            "code", "name"
        )
    ]
    options += [
        (compare_code("designatedArea", str(pk)), f"{name} ({town})")
        for pk, name, town in DesignatedArea.objects.values_list("pk", "name", "municipality__name")
    ]
    return options
