"""The buildings of an area (regions.selectors.Area), as a queryset and as SQL."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import EmptyResultSet

from buildings.models import Building
from buildings.querysets import BuildingQuerySet
from kantorentop.accounts.scopes import Scope
from regions.selectors import Area, AreaKind

# The lookup from a building to the row of each kind of area (the nation has none): the one map
# that the FilterSets' area filters and an area page's table share.
AREA_ROW_LOOKUPS: dict[str, str] = {
    "province": "municipality__province",
    "officeRegion": "municipality__office_region",
    "municipality": "municipality",
    "designatedArea": "designated_area",
}


def area_buildings(*, area: Area | None = None, scope: Scope | None = None) -> BuildingQuerySet:
    """All buildings of an area (in the stock or not), limited to a scope when one is given."""
    qs: BuildingQuerySet = Building.objects.all()
    if area is not None:
        if area.kind == "province":
            qs = qs.in_area(province_code=area.code)
        elif area.kind == "municipality":
            qs = qs.in_area(municipality_code=area.code)
        elif area.kind == "officeRegion":
            qs = qs.in_area(office_region_slug=area.code)
        elif area.kind == "designatedArea":
            qs = qs.in_area(designated_area_id=int(area.code))
        elif area.kind != "nation":
            raise ValueError(f"unknown area kind {area.kind!r}")
    if scope is not None:
        qs = qs.visible_to(scope)
    return qs


def building_filter_sql(
    *,
    area: Area | None = None,
    scope: Scope | None = None,
    building_ids: Iterable[int] | None = None,
    alias: str = "b",
) -> tuple[str, list[Any]]:
    """A SQL condition on `<alias>.id` that limits raw statistics queries to an area, a scope and
    optionally a list of building ids, with its parameters. True for the whole country."""
    conditions: list[str] = []
    params: list[Any] = []
    if building_ids is not None:
        conditions.append(f"{alias}.id = ANY(%s)")
        params.append(list(building_ids))
    needs_scope = scope is not None and not scope.national
    if needs_scope:
        query = area_buildings(area=area, scope=scope).order_by().values("id").query
        try:
            sql, sub_params = query.sql_with_params()
        except EmptyResultSet:  # an empty scope: nothing is visible
            return "FALSE", []
        conditions.append(f"{alias}.id IN ({sql})")
        params.extend(sub_params)
    elif area is not None and area.kind != "nation":
        sql, area_params = _area_ids_sql(area.kind, area.code)
        conditions.append(f"{alias}.id IN ({sql})")
        params.extend(area_params)
    return (" AND ".join(conditions) or "TRUE"), params


@functools.lru_cache(maxsize=1024)
def _area_ids_sql(kind: AreaKind, code: str) -> tuple[str, tuple[Any, ...]]:
    """The SELECT of the ids of an area's buildings, with its parameters. It depends on the
    area alone, so it is compiled once per process: an area page's statistics ask for it three
    times a request, and compiling it costs more than running it (docs/benchmarks.md,
    dashboard)."""
    query = area_buildings(area=Area(kind=kind, code=code, name="")).order_by().values("id").query
    sql, params = query.sql_with_params()
    return sql, tuple(params)
