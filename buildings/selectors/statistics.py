"""Statistics of an area on a date and at quarter ends (domain spec, "Statistics of an area").

Everything is computed from the buildings and their records, so any past date can be shown. Each
function runs a constant number of set-based queries, whatever the number of buildings or dates:
the dates are one array parameter, each building's latest record on or before a date is an index
lookup (LATERAL), and the covenant rule is the same SQL as buildings.selectors.structural_vacancy.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings

from buildings.selectors.areas import building_filter_sql
from buildings.selectors.statistics_label_duty import (
    DUTY_COLUMN_COUNT,
    GO_SQL,
    NO_DUTY_COLUMNS,
    LabelDutyFigures,
    duty_aggregates_sql,
    duty_columns_sql,
    duty_intervals_ctes_sql,
    duty_on_day_sql,
    label_duty_figures,
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

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Snapshot:
    """An area's office stock and vacancy on one date.

    `vacancy_percentage`, `coverage_percentage` and `go_stock_percentage` (the share of the
    stock m2 on GO) have one decimal and are None when the stock is 0. `added_m2` and
    `withdrawn_m2` are the changes in the quarter that ends on `date` for a series, and None for
    a single snapshot (see `area_stock_changes`). `label_c_duty` has the buildings and office m2
    per duty status (buildings.selectors.statistics_label_duty): None before 2023, and in a
    series that did not ask for it.
    """

    area: Area
    date: datetime.date
    stock_m2: int
    vacant_m2: int
    known_m2: int
    vacancy_percentage: Decimal | None
    coverage_percentage: Decimal | None
    buildings_in_stock: int
    fully_vacant: int
    partly_vacant: int
    stale_buildings: int
    structurally_vacant: int
    added_m2: int | None = None
    withdrawn_m2: int | None = None
    go_stock_m2: int = 0
    go_stock_percentage: Decimal | None = None
    label_c_duty: dict[str, LabelDutyFigures] | None = None


@dataclass(frozen=True)
class StockChanges:
    """Office m2 added (buildings completed) and withdrawn in a period, both dates included."""

    area: Area
    start: datetime.date
    end: datetime.date
    added_m2: int
    withdrawn_m2: int


def percentage(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in percent with one decimal (half up); None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def quarter_ends(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """31 March, 30 June, 30 September and 31 December in [start, end], both included."""
    first_month = ((start.month - 1) // 3) * 3 + 3
    current = datetime.date(start.year, first_month, 1) + relativedelta(months=1, days=-1)
    ends = []
    while current <= end:
        if current >= start:
            ends.append(current)
        following = current + datetime.timedelta(days=1) + relativedelta(months=3)
        current = following - datetime.timedelta(days=1)
    return ends


def fully_vacant_sql(*, vacant: str = "vacant", lettable: str = "lettable") -> str:
    """SQL: a building whose vacant area equals its lettable area (fully vacant)."""
    return f"{vacant} = {lettable}"


def partly_vacant_sql(*, vacant: str = "vacant", lettable: str = "lettable") -> str:
    """SQL: a building with more than 0 and less than its lettable area vacant."""
    return f"({vacant} > 0 AND {vacant} < {lettable})"


def stale_cutoff_sql(*, day: str, months: str) -> str:
    """SQL: the date `day` minus `months` months; a latest record before it is stale."""
    return f"({day} - make_interval(months => {months}))::date"


def _snapshot_sql(*, condition: str, label_duty: bool) -> str:
    """Per date d and building in the stock on d (and meeting `condition` on `b`): its latest
    record on or before d (or none), whether it meets the covenant rule on d, whether its area
    is GO, and (with `label_duty`) its label-C duty status on d. `p` gives the rule's settings
    per date."""
    duty = duty_on_day_sql(building="b", day="p.d") if label_duty else "NULL::text"
    return f"""
    WITH p AS (
        SELECT d, %s::integer AS min_area, %s::integer AS num, %s::integer AS den,
               %s::integer AS years, %s::integer AS stale_months
        FROM unnest(%s::date[]) AS dates(d)
    ),
    state AS (
        SELECT p.d, b.lettable_floor_area_m2 AS lettable, latest.observed_on,
               latest.vacant_area_m2 AS vacant,
               CASE
                   WHEN b.lettable_floor_area_m2 >= p.min_area
                        AND {above_share_sql(vacant="latest.vacant_area_m2")}
                   THEN ({RUN_START_SQL}) <= {rule_cutoff_sql()}
                   ELSE FALSE
               END AS structural,
               latest.observed_on < {stale_cutoff_sql(day="p.d", months="p.stale_months")}
                   AS stale,
               b.area_basis = {GO_SQL} AS go,
               {duty} AS duty
        FROM p
        CROSS JOIN buildings_building b
        LEFT JOIN LATERAL ({LATEST_RECORD_SQL}) latest ON TRUE
        WHERE {IN_STOCK_SQL} AND {condition}
    )
    SELECT d,
           COALESCE(sum(lettable), 0),
           COALESCE(sum(vacant), 0),
           COALESCE(sum(lettable) FILTER (WHERE observed_on IS NOT NULL), 0),
           count(*),
           count(*) FILTER (WHERE {fully_vacant_sql()}),
           count(*) FILTER (WHERE {partly_vacant_sql()}),
           count(*) FILTER (WHERE stale),
           count(*) FILTER (WHERE structural),
           COALESCE(sum(lettable) FILTER (WHERE go), 0),
           {duty_aggregates_sql(status="duty", area="lettable")}
    FROM state
    GROUP BY d
"""  # noqa: S608 (constant fragments; values are parameters)


# The same figures for many dates at once, in one pass over the area's records instead of one
# index lookup per building and date. Each record holds from its date until the building's next
# record (LEAD), so it covers the dates with index i in
# [width_bucket(observed_on - 1, dates) + 1, width_bucket(next - 1, dates)] of the sorted date
# array (width_bucket counts the values on or before its operand), within the dates on which the
# building is in the stock. A covered date is stale from the first date whose stale cutoff lies
# after the record, and structurally vacant from the first date whose rule cutoff reaches the
# start of the record's run above the threshold; both cutoffs grow with the date, so width_bucket
# finds those first dates too. The run starts at the first record after the building's latest
# record at or below the threshold (an index lookup, only for records above it), or at its first
# record when there is none: what RUN_START_SQL gives, for every date at once.
_ABOVE = above_share_sql(vacant="r.vacant_area_m2", lettable="s.lettable")
_RUN_START_AFTER_SQL = """
    SELECT min(n.observed_on) FROM buildings_vacancyrecord n
    WHERE n.building_id = c.building_id AND n.observed_on > c.last_low_on
"""


def _intervals_sql(*, condition: str, label_duty: bool) -> str:
    """The figures of _snapshot_sql for many dates at once (see above); `condition` on `b`."""
    duty_ctes = duty_intervals_ctes_sql() if label_duty else ""
    duty_columns = duty_columns_sql(table="duty_counts") if label_duty else NO_DUTY_COLUMNS
    duty_join = "LEFT JOIN duty_counts ON duty_counts.i = in_stock.i" if label_duty else ""
    return f"""
    WITH p AS (
        SELECT params.*,
               ARRAY(SELECT {rule_cutoff_sql(day="u.d", years="params.years")}
                     FROM unnest(params.dates) WITH ORDINALITY AS u(d, i) ORDER BY u.i)
                   AS rule_cutoffs,
               ARRAY(SELECT {stale_cutoff_sql(day="u.d", months="params.stale_months")}
                     FROM unnest(params.dates) WITH ORDINALITY AS u(d, i) ORDER BY u.i)
                   AS stale_cutoffs
        FROM (
            SELECT %s::integer AS min_area, %s::integer AS num, %s::integer AS den,
                   %s::integer AS years, %s::integer AS stale_months, %s::date[] AS dates
        ) params
    ),
    stock AS (
        SELECT b.id, b.lettable_floor_area_m2 AS lettable, b.area_basis = {GO_SQL} AS go,
               CASE WHEN b.completed_on IS NULL THEN 1
                    ELSE width_bucket(b.completed_on - 1, p.dates) + 1 END AS first_i,
               CASE WHEN b.withdrawn_on IS NULL THEN cardinality(p.dates)
                    ELSE width_bucket(b.withdrawn_on - 1, p.dates) END AS last_i
        FROM p CROSS JOIN buildings_building b
        WHERE {condition}
    ),{duty_ctes}
    records AS (
        SELECT r.building_id, r.observed_on, r.vacant_area_m2 AS vacant, s.lettable, s.first_i,
               s.last_i, lead(r.observed_on) OVER w AS next_on,
               {_ABOVE} AS above,
               max(r.observed_on) FILTER (WHERE NOT {_ABOVE}) OVER w AS last_low_on,
               first_value(r.observed_on) OVER w AS first_on
        FROM p
        CROSS JOIN stock s
        JOIN buildings_vacancyrecord r ON r.building_id = s.id
        WHERE r.observed_on <= p.dates[cardinality(p.dates)] AND s.first_i <= s.last_i
        WINDOW w AS (PARTITION BY r.building_id ORDER BY r.observed_on)
    ),
    covered AS (
        SELECT generate_series(
                   greatest(c.first_i, width_bucket(c.observed_on - 1, p.dates) + 1),
                   least(c.last_i, coalesce(width_bucket(c.next_on - 1, p.dates), c.last_i))
               ) AS i,
               c.vacant, c.lettable,
               width_bucket(c.observed_on, p.stale_cutoffs) + 1 AS stale_from,
               CASE WHEN c.above AND c.lettable >= p.min_area THEN width_bucket(
                   coalesce(({_RUN_START_AFTER_SQL}), c.first_on) - 1, p.rule_cutoffs
               ) + 1 END AS structural_from
        FROM p CROSS JOIN records c
    ),
    known AS (
        SELECT i,
               sum(vacant) AS vacant,
               sum(lettable) AS known,
               count(*) FILTER (WHERE {fully_vacant_sql()}) AS fully,
               count(*) FILTER (WHERE {partly_vacant_sql()}) AS partly,
               count(*) FILTER (WHERE i >= stale_from) AS stale,
               count(*) FILTER (WHERE i >= structural_from) AS structural
        FROM covered
        GROUP BY i
    ),
    in_stock AS (
        SELECT i, sum(lettable) AS stock, count(*) AS buildings,
               sum(lettable) FILTER (WHERE go) AS go_stock
        FROM (SELECT generate_series(first_i, last_i) AS i, lettable, go FROM stock) s
        GROUP BY i
    )
    SELECT p.dates[in_stock.i], in_stock.stock, COALESCE(known.vacant, 0),
           COALESCE(known.known, 0), in_stock.buildings, COALESCE(known.fully, 0),
           COALESCE(known.partly, 0), COALESCE(known.stale, 0), COALESCE(known.structural, 0),
           COALESCE(in_stock.go_stock, 0), {duty_columns}
    FROM p
    CROSS JOIN in_stock
    LEFT JOIN known ON known.i = in_stock.i
    {duty_join}
"""  # noqa: S608 (constant fragments; values are parameters)


# Up to this many dates, one index lookup per building and date (_snapshot_sql) is cheaper than
# a pass over all the area's records (_intervals_sql); both give the same figures.
LOOKUP_MAX_DATES = 4


def _changes_sql(*, condition: str) -> str:
    """Office m2 completed and withdrawn per period, of the buildings meeting `condition`."""
    return f"""
    WITH periods AS (
        SELECT * FROM unnest(%s::date[], %s::date[]) AS periods(start_on, end_on)
    )
    SELECT periods.start_on, periods.end_on,
           COALESCE(sum(b.lettable_floor_area_m2) FILTER (
               WHERE b.completed_on BETWEEN periods.start_on AND periods.end_on), 0),
           COALESCE(sum(b.lettable_floor_area_m2) FILTER (
               WHERE b.withdrawn_on BETWEEN periods.start_on AND periods.end_on), 0)
    FROM periods
    JOIN buildings_building b
      ON b.completed_on BETWEEN periods.start_on AND periods.end_on
      OR b.withdrawn_on BETWEEN periods.start_on AND periods.end_on
    WHERE {condition}
    GROUP BY periods.start_on, periods.end_on
"""  # noqa: S608 (constant fragments; values are parameters)


def _snapshots(
    *, area: Area, dates: list[datetime.date], label_duty: bool = False
) -> dict[datetime.date, Snapshot]:
    condition, params = building_filter_sql(area=area)
    # Sorted and distinct: width_bucket needs that, and the figures are per date anyway.
    unique_dates = sorted(set(dates))
    build_sql = _snapshot_sql if len(unique_dates) <= LOOKUP_MAX_DATES else _intervals_sql
    with read_connection().cursor() as cursor:
        cursor.execute(
            build_sql(condition=condition, label_duty=label_duty),
            [
                settings.STRUCTURAL_VACANCY_MIN_AREA_M2,
                settings.STRUCTURAL_VACANCY_SHARE_NUMERATOR,
                settings.STRUCTURAL_VACANCY_SHARE_DENOMINATOR,
                settings.STRUCTURAL_VACANCY_YEARS,
                settings.STALE_DATA_MONTHS,
                unique_dates,
                *params,
            ],
        )
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
    snapshots = {}
    for day in dates:
        row = rows.get(day, (0,) * (9 + DUTY_COLUMN_COUNT))
        stock, vacant, known, count, fully, partly, stale, structural, go = row[:9]
        snapshots[day] = Snapshot(
            area=area,
            date=day,
            stock_m2=int(stock),
            vacant_m2=int(vacant),
            known_m2=int(known),
            vacancy_percentage=percentage(int(vacant), int(stock)),
            coverage_percentage=percentage(int(known), int(stock)),
            buildings_in_stock=count,
            fully_vacant=fully,
            partly_vacant=partly,
            stale_buildings=stale,
            structurally_vacant=structural,
            go_stock_m2=int(go),
            go_stock_percentage=percentage(int(go), int(stock)),
            label_c_duty=label_duty_figures(row[9:], on=day, computed=label_duty),
        )
    return snapshots


def _stock_changes(
    *, area: Area, periods: list[tuple[datetime.date, datetime.date]]
) -> dict[tuple[datetime.date, datetime.date], tuple[int, int]]:
    condition, params = building_filter_sql(area=area)
    with read_connection().cursor() as cursor:
        cursor.execute(
            _changes_sql(condition=condition),
            [[start for start, _ in periods], [end for _, end in periods], *params],
        )
        return {
            (start, end): (int(added), int(withdrawn)) for start, end, added, withdrawn in cursor
        }


def area_vacancy_snapshot(*, area: Area, on: datetime.date) -> Snapshot:
    """An area's stock, vacancy, coverage, data age, structural vacancy, share on GO and label-C
    duty on one date, in one query."""
    return _snapshots(area=area, dates=[on], label_duty=True)[on]


def area_stock_changes(*, area: Area, start: datetime.date, end: datetime.date) -> StockChanges:
    """Office m2 completed (added) and withdrawn in an area from `start` to `end` inclusive."""
    added, withdrawn = _stock_changes(area=area, periods=[(start, end)]).get((start, end), (0, 0))
    return StockChanges(area=area, start=start, end=end, added_m2=added, withdrawn_m2=withdrawn)


def area_vacancy_series(
    *, area: Area, start: datetime.date, end: datetime.date, label_duty: bool = False
) -> list[Snapshot]:
    """One snapshot per quarter end in [start, end], with the m2 added and withdrawn in the
    quarter that ends on each date, in two queries; with `label_duty` also the label-C duty
    figures of each date (the charts, which need only the rates, do without)."""
    dates = quarter_ends(start, end)
    if not dates:
        return []
    snapshots = _snapshots(area=area, dates=dates, label_duty=label_duty)
    periods = [(day.replace(day=1) - relativedelta(months=2), day) for day in dates]
    changes = _stock_changes(area=area, periods=periods)
    series = []
    for period in periods:
        added, withdrawn = changes.get(period, (0, 0))
        snapshot = snapshots[period[1]]
        series.append(replace(snapshot, added_m2=added, withdrawn_m2=withdrawn))
    return series
