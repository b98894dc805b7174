"""The area basis and the label-C duty in the statistics of an area on a date (domain spec: "The
office stock from the BAG", every statistic says which share of its stock m2 stands on GO; "Energy
label C duty for offices", per area and date the number and office m2 of buildings per duty
status). SQL pieces of buildings.selectors.statistics, which adds them to its one query.

A building's office m2 is its stock m2 (`lettable_floor_area_m2`, which holds the office GO for a
building on GO). Its duty status is `label_duty_sql`, the rule's one home: on one date once per
building, and in a series once per building and change of its labels
(`label_duty_change_days_sql`), not once per building and date.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from buildings.choices import LabelCDuty
from buildings.models import AreaBasis
from buildings.selectors.label_duty import (
    DUTY_START,
    label_duty_change_days_sql,
    label_duty_sql,
)

DUTY_STATUSES: tuple[str, ...] = tuple(LabelCDuty.values)
# Per status: the number of buildings and their office m2.
DUTY_COLUMN_COUNT = 2 * len(DUTY_STATUSES)
NO_DUTY_COLUMNS = ", ".join(["0"] * DUTY_COLUMN_COUNT)
GO_SQL = f"'{AreaBasis.GO.value}'"


@dataclass(frozen=True)
class LabelDutyFigures:
    """The buildings of one duty status in an area on a date, and their office m2."""

    buildings: int
    office_m2: int


def duty_aggregates_sql(*, status: str, area: str) -> str:
    """SELECT columns: per status (in the order of DUTY_STATUSES) the number of rows whose
    `status` is it and the sum of their `area`, named `<status>_n` and `<status>_m2`."""
    return ",\n".join(
        f"count(*) FILTER (WHERE {status} = '{value}') AS {value}_n, "
        f"COALESCE(sum({area}) FILTER (WHERE {status} = '{value}'), 0) AS {value}_m2"
        for value in DUTY_STATUSES
    )


def duty_columns_sql(*, table: str) -> str:
    """The columns of duty_aggregates_sql read from `table` (0 where it has no row)."""
    return ", ".join(
        f"COALESCE({table}.{value}_{kind}, 0)" for value in DUTY_STATUSES for kind in ("n", "m2")
    )


def duty_on_day_sql(*, building: str, day: str) -> str:
    """The duty status of `building` on `day`; NULL before 2023 without asking the rule."""
    rule = label_duty_sql(building=building, day=day)
    return f"CASE WHEN {day} >= DATE '{DUTY_START.isoformat()}' THEN {rule} END"


def duty_intervals_ctes_sql() -> str:
    """CTEs ending in `duty_counts(i, ...)`: per index i of the sorted dates `p.dates`, the
    columns of duty_aggregates_sql over the buildings of the CTE `stock` (id, lettable, first_i,
    last_i: in the stock on the dates first_i..last_i). Each building's change days each cover
    the dates from that day until its next change day, within its days in the stock (as
    width_bucket covers records in buildings.selectors.statistics); the rule runs once per
    change day that covers a date. MATERIALIZED keeps it so: inlined, the planner could run it
    again for every date the span covers."""
    changes = label_duty_change_days_sql(building="s")
    return f"""
    duty_days AS (
        SELECT s.id, s.lettable, s.first_i, s.last_i, c.day,
               lead(c.day) OVER (PARTITION BY s.id ORDER BY c.day) AS next_day
        FROM stock s
        CROSS JOIN LATERAL ({changes}) c
        WHERE s.first_i <= s.last_i
    ),
    duty_spans AS (
        SELECT dd.id, dd.lettable, dd.day,
               greatest(dd.first_i, width_bucket(dd.day - 1, p.dates) + 1) AS from_i,
               least(dd.last_i, coalesce(width_bucket(dd.next_day - 1, p.dates), dd.last_i))
                   AS to_i
        FROM p CROSS JOIN duty_days dd
    ),
    duty AS MATERIALIZED (
        SELECT sp.from_i, sp.to_i, sp.lettable,
               {label_duty_sql(building="b", day="sp.day")} AS status
        FROM duty_spans sp
        JOIN buildings_building b ON b.id = sp.id
        WHERE sp.from_i <= sp.to_i
    ),
    duty_counts AS (
        SELECT g.i, {duty_aggregates_sql(status="duty.status", area="duty.lettable")}
        FROM duty CROSS JOIN generate_series(duty.from_i, duty.to_i) AS g(i)
        GROUP BY g.i
    ),"""  # noqa: S608 (constant fragments)


def label_duty_figures(
    values: Sequence[int], *, on: datetime.date, computed: bool
) -> dict[str, LabelDutyFigures] | None:
    """The figures per status from the columns of duty_aggregates_sql; None before 2023 (no
    duty) or when they were not asked for."""
    if not computed or on < DUTY_START:
        return None
    return {
        status: LabelDutyFigures(buildings=int(values[2 * k]), office_m2=int(values[2 * k + 1]))
        for k, status in enumerate(DUTY_STATUSES)
    }
