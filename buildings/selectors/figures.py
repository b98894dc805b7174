"""An area's key figures for many areas at once, and the buildings behind each figure.

The grouped variant of `buildings.selectors.statistics`: the figures of every child area of an
area (the provinces of the nation, the municipalities of a province, ...) on one date in one
set-based query, grouped by the child's key (GROUPING SETS when a page lists two kinds of
children), instead of one snapshot per child. And the same SQL gives the ids of the buildings
that a figure counts, so that the buildings table filtered on a figure lists exactly the
buildings behind it (`figure_buildings_sql`).

Both read `state_sql`: one row per building in the stock on the date, or withdrawn from it
between `since` and the date, with a boolean per figure. It is composed of the statistics'
fragments (the stock, the latest record, the covenant rule's run and cut-off, the share
threshold, the stale cut-off, fully and partly vacant), so a figure here is the figure of
`statistics.area_vacancy_snapshot`, `structural_vacancy.watchlist` and
`statistics.area_stock_changes` (tests/buildings/test_figures.py checks it per child).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.conf import settings

from buildings.selectors.areas import building_filter_sql
from buildings.selectors.statistics import (
    fully_vacant_sql,
    partly_vacant_sql,
    percentage,
    stale_cutoff_sql,
)
from buildings.selectors.structural_vacancy import (
    IN_STOCK_SQL,
    LATEST_RECORD_SQL,
    RUN_START_SQL,
    above_share_sql,
    rule_cutoff_sql,
)
from kantorentop.core.replica import read_connection
from regions.selectors import Area

# The day the covenant was signed: the withdrawn figure counts from it. Its home is this floor,
# below the covenants app, because the buildings table filters on that figure too.
COVENANT_SIGNED_ON = datetime.date(2012, 6, 27)

type ChildKind = Literal["province", "officeRegion", "municipality", "designatedArea"]
type Figure = Literal[
    "stock", "vacant", "fully", "partly", "structural", "watchlist", "stale", "withdrawn"
]

# The state's condition for each figure: the buildings it counts (or whose m2 it sums).
FIGURE_CONDITIONS: dict[str, str] = {
    "stock": "in_stock",
    "vacant": "vacant > 0",
    "fully": "fully",
    "partly": "partly",
    "structural": "structural",
    "watchlist": "watchlist",
    "stale": "stale",
    "withdrawn": "withdrawn",
}
FIGURES: tuple[str, ...] = tuple(FIGURE_CONDITIONS)

# The column of a building's state that names its child area of each kind.
_GROUP_COLUMNS: dict[str, str] = {
    "province": "province_id",
    "officeRegion": "office_region_id",
    "municipality": "municipality_id",
    "designatedArea": "designated_area_id",
}

PARAMS_SQL = """
    p AS (
        SELECT %s::date AS d, %s::integer AS min_area, %s::integer AS num, %s::integer AS den,
               %s::integer AS years, %s::integer AS stale_months, %s::date AS since
    )
"""


def figure_params(*, on: datetime.date, since: datetime.date | None) -> list[Any]:
    return [
        on,
        settings.STRUCTURAL_VACANCY_MIN_AREA_M2,
        settings.STRUCTURAL_VACANCY_SHARE_NUMERATOR,
        settings.STRUCTURAL_VACANCY_SHARE_DENOMINATOR,
        settings.STRUCTURAL_VACANCY_YEARS,
        settings.STALE_DATA_MONTHS,
        since,
    ]


def state_sql(*, condition: str, regions: bool) -> str:
    """The CTE `state` (after `p`): per building in the stock on p.d, or withdrawn in
    [p.since, p.d], whether it counts for each figure; `regions` adds the province and office
    region of its municipality. `condition` is an extra SQL condition on `b`."""
    join = "JOIN regions_municipality m ON m.id = b.municipality_id" if regions else ""
    columns = "m.province_id, m.office_region_id," if regions else ""
    vacant = {"vacant": "latest.vacant_area_m2", "lettable": "b.lettable_floor_area_m2"}
    return f"""
    state AS (
        SELECT b.id, b.municipality_id, b.designated_area_id, {columns}
               b.lettable_floor_area_m2 AS lettable, s.in_stock,
               s.in_stock AND latest.observed_on IS NOT NULL AS known,
               CASE WHEN s.in_stock THEN latest.vacant_area_m2 END AS vacant,
               s.in_stock AND {fully_vacant_sql(**vacant)} AS fully,
               s.in_stock AND {partly_vacant_sql(**vacant)} AS partly,
               s.in_stock AND run.vacant_since <= {rule_cutoff_sql()} AS structural,
               s.in_stock AND run.vacant_since > {rule_cutoff_sql()} AS watchlist,
               s.in_stock AND latest.observed_on
                   < {stale_cutoff_sql(day="p.d", months="p.stale_months")} AS stale,
               NOT s.in_stock AS withdrawn
        FROM p
        CROSS JOIN buildings_building b
        {join}
        CROSS JOIN LATERAL (SELECT {IN_STOCK_SQL} AS in_stock) s
        LEFT JOIN LATERAL ({LATEST_RECORD_SQL}) latest ON TRUE
        CROSS JOIN LATERAL (
            SELECT CASE
                WHEN b.lettable_floor_area_m2 >= p.min_area
                     AND {above_share_sql(vacant="latest.vacant_area_m2")}
                THEN ({RUN_START_SQL})
            END AS vacant_since
        ) run
        WHERE (s.in_stock OR b.withdrawn_on BETWEEN p.since AND p.d) AND {condition}
    )
    """  # noqa: S608 (constant fragments; values are parameters)


def figure_buildings_sql(
    *,
    figure: str,
    on: datetime.date,
    since: datetime.date | None = None,
    area: Area | None = None,
) -> tuple[str, list[Any]]:
    """A SELECT of the ids of the buildings behind `figure` of `area` (the country when None)
    on `on`, with its parameters: for `QuerySet.filter(id__in=RawSQL(...))`. `since` is the
    start of the withdrawn figure's period. An unknown figure is a ValueError."""
    if figure not in FIGURE_CONDITIONS:
        raise ValueError(f"unknown figure {figure!r}")
    condition, condition_params = building_filter_sql(area=area)
    state = state_sql(condition=condition, regions=False)
    where = FIGURE_CONDITIONS[figure]
    sql = f"WITH {PARAMS_SQL}, {state} SELECT id FROM state WHERE {where}"  # noqa: S608
    return sql, [*figure_params(on=on, since=since), *condition_params]


@dataclass(frozen=True)
class AreaFigures:
    """The key figures of one area on one date (`statistics.Snapshot`'s, with the watchlist and
    the m2 withdrawn since `since`)."""

    stock_m2: int = 0
    vacant_m2: int = 0
    known_m2: int = 0
    buildings_in_stock: int = 0
    fully_vacant: int = 0
    partly_vacant: int = 0
    structurally_vacant: int = 0
    watchlist: int = 0
    stale_buildings: int = 0
    withdrawn_m2: int = 0

    @property
    def vacancy_percentage(self) -> Decimal | None:
        return percentage(self.vacant_m2, self.stock_m2)

    @property
    def coverage_percentage(self) -> Decimal | None:
        return percentage(self.known_m2, self.stock_m2)


_AGGREGATES_SQL = """
    COALESCE(sum(lettable) FILTER (WHERE in_stock), 0),
    COALESCE(sum(vacant), 0),
    COALESCE(sum(lettable) FILTER (WHERE known), 0),
    count(*) FILTER (WHERE in_stock),
    count(*) FILTER (WHERE fully),
    count(*) FILTER (WHERE partly),
    count(*) FILTER (WHERE structural),
    count(*) FILTER (WHERE watchlist),
    count(*) FILTER (WHERE stale),
    COALESCE(sum(lettable) FILTER (WHERE withdrawn), 0)
"""


def area_children_figures(
    *,
    parent: Area,
    kinds: Sequence[ChildKind],
    on: datetime.date,
    since: datetime.date | None = None,
) -> dict[str, dict[int, AreaFigures]]:
    """Per child kind, the figures of each child area of `parent` on `on`, by the child's id
    (a province, office region, municipality or designated area), in one query whatever the
    number of children. Children without buildings are missing (their figures are all 0);
    buildings outside any child of a kind (a municipality without office region) count for
    none. The withdrawn m2 are those withdrawn from `since` to `on` (0 without `since`)."""
    if not kinds:
        return {}
    unknown = [kind for kind in kinds if kind not in _GROUP_COLUMNS]
    if unknown:
        raise ValueError(f"unknown child kinds {unknown!r}")
    columns = [_GROUP_COLUMNS[kind] for kind in kinds]
    condition, condition_params = building_filter_sql(area=parent)
    regions = any(kind in ("province", "officeRegion") for kind in kinds)
    sql = f"""
        WITH {PARAMS_SQL}, {state_sql(condition=condition, regions=regions)}
        SELECT {", ".join(f"GROUPING({c}), {c}" for c in columns)}, {_AGGREGATES_SQL}
        FROM state
        GROUP BY GROUPING SETS ({", ".join(f"({c})" for c in columns)})
    """  # noqa: S608 (constant fragments; values are parameters)
    result: dict[str, dict[int, AreaFigures]] = {kind: {} for kind in kinds}
    with read_connection().cursor() as cursor:
        cursor.execute(sql, [*figure_params(on=on, since=since), *condition_params])
        rows = cursor.fetchall()
    width = 2 * len(columns)
    for row in rows:
        keys = row[:width]
        for index, kind in enumerate(kinds):
            grouped_out, key = keys[2 * index], keys[2 * index + 1]
            if grouped_out == 0 and key is not None:
                result[kind][key] = AreaFigures(*(int(value) for value in row[width:]))
    return result
