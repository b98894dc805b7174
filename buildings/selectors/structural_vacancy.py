"""The covenant rule (structural vacancy) and its early warning, as set-based SQL.

A building is structurally vacant on D when it is in the office stock on D, has a lettable area of
at least STRUCTURAL_VACANCY_MIN_AREA_M2, and the trailing run of its records observed on or before
D that are all above the share threshold started on or before D minus STRUCTURAL_VACANCY_YEARS
calendar years (domain spec, "The covenant rule"). The run is broken by the most recent record at
or below the threshold; the records before that one do not count.

The rule is computed from the records, so any date can be asked; flags are a separate record kept
by `buildings.services.flags`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from buildings.selectors.areas import building_filter_sql
from kantorentop.accounts.scopes import Scope
from kantorentop.core.replica import read_connection
from regions.selectors import Area


def share_threshold_percent() -> int | float:
    """The covenant rule's share threshold from the settings, in percent (80 by default)."""
    percent = 100 * settings.STRUCTURAL_VACANCY_SHARE_NUMERATOR
    denominator = settings.STRUCTURAL_VACANCY_SHARE_DENOMINATOR
    whole, rest = divmod(percent, denominator)
    return whole if rest == 0 else percent / denominator


# Shared SQL pieces. They expect a CTE or relation `p` with the columns d (the date), min_area,
# num, den (share threshold num/den) and years, and a building alias `b`.
RULE_PARAMS_SQL = """
    p AS (
        SELECT %s::date AS d, %s::integer AS min_area, %s::integer AS num, %s::integer AS den,
               %s::integer AS years
    )
"""

IN_STOCK_SQL = """
    (b.completed_on IS NULL OR b.completed_on <= p.d)
    AND (b.withdrawn_on IS NULL OR b.withdrawn_on > p.d)
"""

# The building's latest record on or before p.d (none: its vacancy is unknown).
LATEST_RECORD_SQL = """
    SELECT r.observed_on, r.vacant_area_m2
    FROM buildings_vacancyrecord r
    WHERE r.building_id = b.id AND r.observed_on <= p.d
    ORDER BY r.observed_on DESC
    LIMIT 1
"""

# The first record of the trailing run above the threshold: the earliest record after the most
# recent record at or below the threshold (integers: vacant * den <= lettable * num). Only
# meaningful when the latest record is above the threshold; callers guard with a CASE.
RUN_START_SQL = """
    SELECT min(r.observed_on)
    FROM buildings_vacancyrecord r
    WHERE r.building_id = b.id
      AND r.observed_on <= p.d
      AND r.observed_on > COALESCE(
          (
              SELECT max(low.observed_on)
              FROM buildings_vacancyrecord low
              WHERE low.building_id = b.id
                AND low.observed_on <= p.d
                AND low.vacant_area_m2::bigint * p.den <= b.lettable_floor_area_m2::bigint * p.num
          ),
          '-infinity'::date
      )
"""


def above_share_sql(
    *, vacant: str, lettable: str = "b.lettable_floor_area_m2", params: str = "p"
) -> str:
    """SQL: `vacant` m2 is above the share threshold of `lettable` m2, in integers (vacant * den >
    lettable * num), with num and den from the relation `params`. Arguments are SQL expressions."""
    return f"{vacant}::bigint * {params}.den > {lettable}::bigint * {params}.num"


def rule_cutoff_sql(*, day: str = "p.d", years: str = "p.years") -> str:
    """SQL: the date `day` minus `years` calendar years (PostgreSQL maps 29 February to 28
    February), the latest start of a run that meets the rule on `day`. Arguments are SQL."""
    return f"({day} - make_interval(years => {years}))::date"


def rule_params(on: datetime.date) -> list[Any]:
    """The parameters of RULE_PARAMS_SQL for a date, from the settings."""
    return [
        on,
        settings.STRUCTURAL_VACANCY_MIN_AREA_M2,
        settings.STRUCTURAL_VACANCY_SHARE_NUMERATOR,
        settings.STRUCTURAL_VACANCY_SHARE_DENOMINATOR,
        settings.STRUCTURAL_VACANCY_YEARS,
    ]


def add_calendar_years(day: datetime.date, years: int) -> datetime.date:
    """`day` plus whole calendar years, where 29 February becomes 1 March in a common year: the
    first date on which `date - years` (28 February rule) reaches back to `day`."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


@dataclass(frozen=True)
class StructurallyVacant:
    """A building that meets the covenant rule on a date, with the start of its vacancy run."""

    building_id: int
    vacant_since: datetime.date


@dataclass(frozen=True)
class WatchlistEntry:
    """A building whose run above the threshold has started but does not yet meet the rule."""

    building_id: int
    vacant_since: datetime.date
    expected_flag_on: datetime.date
    vacant_area_m2: int
    lettable_floor_area_m2: int


def rule_state_sql(*, met: bool, condition: str = "TRUE") -> str:
    """SELECT building id, vacant_since, latest vacant m2 and lettable m2 of the buildings in the
    stock of at least the minimum area whose latest record is above the threshold, and whose run
    meets the rule on p.d (`met`) or has started but does not meet it yet (not `met`).

    Needs the CTE `p` (RULE_PARAMS_SQL); `condition` is an extra SQL condition on `b`.
    """
    comparison = "<=" if met else ">"
    # Composed of the constant fragments above; every value is a query parameter.
    return f"""
        SELECT b.id AS building_id, run.vacant_since, latest.vacant_area_m2,
               b.lettable_floor_area_m2
        FROM p
        CROSS JOIN buildings_building b
        CROSS JOIN LATERAL ({LATEST_RECORD_SQL}) latest
        CROSS JOIN LATERAL ({RUN_START_SQL}) run(vacant_since)
        WHERE {IN_STOCK_SQL}
          AND b.lettable_floor_area_m2 >= p.min_area
          AND {above_share_sql(vacant="latest.vacant_area_m2")}
          AND run.vacant_since {comparison} {rule_cutoff_sql()}
          AND {condition}
    """  # noqa: S608


def _rule_state_rows(
    *,
    on: datetime.date,
    met: bool,
    building_ids: Iterable[int] | None,
    scope: Scope | None,
    area: Area | None,
) -> list[tuple[int, datetime.date, int, int]]:
    filter_sql, filter_params = building_filter_sql(
        area=area, scope=scope, building_ids=building_ids
    )
    sql = f"WITH {RULE_PARAMS_SQL} {rule_state_sql(met=met, condition=filter_sql)} ORDER BY b.id"
    with read_connection().cursor() as cursor:
        cursor.execute(sql, [*rule_params(on), *filter_params])
        rows: list[tuple[int, datetime.date, int, int]] = cursor.fetchall()
    return rows


def structurally_vacant_buildings(
    *,
    on: datetime.date,
    building_ids: Iterable[int] | None = None,
    scope: Scope | None = None,
    area: Area | None = None,
) -> list[StructurallyVacant]:
    """The buildings that meet the covenant rule on `on`, ordered by id, in one query.

    Optionally limited to some buildings, to what a scope may see, and to an area.
    """
    rows = _rule_state_rows(on=on, met=True, building_ids=building_ids, scope=scope, area=area)
    return [StructurallyVacant(building_id=row[0], vacant_since=row[1]) for row in rows]


def watchlist_count(*, on: datetime.date, area: Area | None = None) -> int:
    """How many buildings `watchlist(on=on, area=area)` lists, counted in the database."""
    filter_sql, filter_params = building_filter_sql(area=area)
    rows_sql = rule_state_sql(met=False, condition=filter_sql)
    sql = f"WITH {RULE_PARAMS_SQL} SELECT count(*) FROM ({rows_sql}) s"  # noqa: S608
    with read_connection().cursor() as cursor:
        cursor.execute(sql, [*rule_params(on), *filter_params])
        (count,) = cursor.fetchone()
    return int(count)


def watchlist(
    *,
    on: datetime.date,
    scope: Scope | None = None,
    area: Area | None = None,
    building_ids: Iterable[int] | None = None,
) -> list[WatchlistEntry]:
    """Early warning: buildings in the stock of at least the minimum area whose trailing run above
    the threshold has started but does not yet meet the rule on `on`, soonest expected first.

    The expected flag date is `vacant_since` plus the rule's years (29 February + 3 years is
    1 March), the first date the rule is met if nothing changes.
    """
    rows = _rule_state_rows(on=on, met=False, building_ids=building_ids, scope=scope, area=area)
    years = settings.STRUCTURAL_VACANCY_YEARS
    entries = [
        WatchlistEntry(
            building_id=building_id,
            vacant_since=vacant_since,
            expected_flag_on=add_calendar_years(vacant_since, years),
            vacant_area_m2=vacant,
            lettable_floor_area_m2=lettable,
        )
        for building_id, vacant_since, vacant, lettable in rows
    ]
    entries.sort(key=lambda entry: (entry.expected_flag_on, entry.building_id))
    return entries
