"""The way to the target (domain spec, "The way to the target"; ADR 0025).

With target rate t, stock S and vacant V on a date, `m2ToTarget = max(0, (V - t*S) / (1 - t))`
vacant m2 must leave the stock (withdrawing x vacant m2 lowers both: (V - x) / (S - x) = t),
spread over the whole years left until the region's target year (ten years without one). Beside
that path, the trend: the pace at which the excess vacancy moved over the last eight quarter
ends, projected forward from today's amount, and per year the gap between the two.

`way_to_target` is the computation on figures already read (the area page has the snapshot and
the quarterly series); `area_way_to_target` reads them first (two queries and the setting's).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from dateutil.relativedelta import relativedelta

from buildings.selectors.statistics import (
    Snapshot,
    area_vacancy_series,
    area_vacancy_snapshot,
)
from regions.selectors import Area, TargetSetting, area_target_setting

DEFAULT_YEARS = 10
TREND_QUARTERS = 8
# Fewer quarter ends with a known vacancy than this among the last eight: no trend.
TREND_MIN_QUARTERS = 4
HUNDRED = Decimal(100)


class QuarterFigures(Protocol):
    """What the trend reads of a quarter end: a Snapshot, or the dashboard's cached point."""

    @property
    def date(self) -> datetime.date: ...
    @property
    def stock_m2(self) -> int: ...
    @property
    def vacant_m2(self) -> int: ...
    @property
    def known_m2(self) -> int: ...


def _whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def excess_m2(*, stock_m2: int, vacant_m2: int, percentage: Decimal) -> Decimal | None:
    """(V - t*S) / (1 - t) unrounded and unclamped (negative below the target), None when the
    stock is 0. A target of 100% needs nothing to leave (V can never exceed S)."""
    if not stock_m2:
        return None
    if percentage >= HUNDRED:
        return Decimal(0)
    return (vacant_m2 * HUNDRED - percentage * stock_m2) / (HUNDRED - percentage)


def m2_to_target(*, stock_m2: int, vacant_m2: int, percentage: Decimal) -> int | None:
    """The vacant m2 that must leave the stock to bring the rate to `percentage`, whole m2
    (half up); 0 at or below it, None when the stock is 0."""
    excess = excess_m2(stock_m2=stock_m2, vacant_m2=vacant_m2, percentage=percentage)
    return None if excess is None else max(0, _whole(excess))


def years_left(*, on: datetime.date, target_year: int | None) -> tuple[int, bool]:
    """The whole years over which to spread the amount, and whether the target year has passed.
    Whole years from `on` to the end of the target year are `target_year - on.year`; when that
    is less than one (the target year is this year, or passed) the amount is due within one
    year (ADR 0025)."""
    if target_year is None:
        return DEFAULT_YEARS, False
    return max(1, target_year - on.year), target_year < on.year


def trend_slope(points: Sequence[tuple[int, Decimal]]) -> Decimal | None:
    """The ordinary least-squares slope of (quarter index, excess m2) per year (4 quarters),
    None with fewer than TREND_MIN_QUARTERS points."""
    if len(points) < TREND_MIN_QUARTERS:
        return None
    count = len(points)
    mean_x = Decimal(sum(x for x, _ in points)) / count
    mean_y = sum((y for _, y in points), Decimal(0)) / count
    spread = sum(((x - mean_x) ** 2 for x, _ in points), Decimal(0))
    moved = sum(((x - mean_x) * (y - mean_y) for x, y in points), Decimal(0))
    return moved / spread * 4


@dataclass(frozen=True)
class WayPoint:
    """One year on the way: the m2 still to withdraw on the straight path to the target, the m2
    the trend would leave, and the gap (trend minus path; positive: behind the path)."""

    date: datetime.date
    path_m2: int
    trend_m2: int | None

    @property
    def gap_m2(self) -> int | None:
        return None if self.trend_m2 is None else self.trend_m2 - self.path_m2


@dataclass(frozen=True)
class WayToTarget:
    """The way to the target of an area on a date. `known` is False when no vacancy in the stock
    is known on the date: the amounts are then computed from zero vacancy and mean nothing (the
    pages say unknown). `m2_to_target`, `m2_per_year` and `points` are None/empty when the stock
    is 0; `trend_m2_per_year` (the change of the excess per year, negative when it shrinks) is
    None without enough known quarters."""

    date: datetime.date
    setting: TargetSetting
    years: int
    target_year_passed: bool
    stock_m2: int
    vacant_m2: int
    known: bool
    m2_to_target: int | None
    m2_per_year: int | None
    trend_m2_per_year: int | None
    points: tuple[WayPoint, ...]

    @property
    def end_date(self) -> datetime.date:
        end: datetime.date = self.date + relativedelta(years=self.years)
        return end

    @property
    def gap_at_end_m2(self) -> int | None:
        return self.points[-1].gap_m2 if self.points else None


def _trend_points(
    quarters: Sequence[QuarterFigures], percentage: Decimal
) -> list[tuple[int, Decimal]]:
    points = []
    for index, snapshot in enumerate(quarters):
        excess = excess_m2(
            stock_m2=snapshot.stock_m2, vacant_m2=snapshot.vacant_m2, percentage=percentage
        )
        # A quarter without known vacancy has no figure to fit (the chart's gap), not 0.
        if excess is not None and snapshot.known_m2 > 0:
            points.append((index, excess))
    return points


def way_to_target(
    *, snapshot: Snapshot, setting: TargetSetting, quarters: Sequence[QuarterFigures]
) -> WayToTarget:
    """The way from `snapshot` to the target `setting`. `quarters` are the quarterly snapshots
    up to the snapshot's date; the last TREND_QUARTERS of them (by date) give the trend."""
    on = snapshot.date
    years, passed = years_left(on=on, target_year=setting.target_year)
    excess = excess_m2(
        stock_m2=snapshot.stock_m2, vacant_m2=snapshot.vacant_m2, percentage=setting.percentage
    )
    amount = None if excess is None else max(0, _whole(excess))
    recent = sorted((q for q in quarters if q.date <= on), key=lambda q: q.date)[-TREND_QUARTERS:]
    slope = trend_slope(_trend_points(recent, setting.percentage))
    points: list[WayPoint] = []
    if excess is not None and amount is not None:
        for year in range(years + 1):
            path = _whole(Decimal(amount) * (years - year) / years)
            # From today's excess, unclamped: below the target the trend may climb back to it.
            trend = None if slope is None else max(0, _whole(excess + slope * year))
            points.append(WayPoint(on + relativedelta(years=year), path, trend))
    return WayToTarget(
        date=on,
        setting=setting,
        years=years,
        target_year_passed=passed,
        stock_m2=snapshot.stock_m2,
        vacant_m2=snapshot.vacant_m2,
        known=snapshot.known_m2 > 0,
        m2_to_target=amount,
        m2_per_year=None if amount is None else _whole(Decimal(amount) / years),
        trend_m2_per_year=None if slope is None else _whole(slope),
        points=tuple(points),
    )


def trend_start(on: datetime.date) -> datetime.date:
    """The first day of the period whose quarter ends give the trend of `on`."""
    start: datetime.date = on - relativedelta(months=3 * TREND_QUARTERS)
    return start


def area_way_to_target(*, area: Area, on: datetime.date) -> WayToTarget:
    """The way to the target of an area on a date, read from the data."""
    return way_to_target(
        snapshot=area_vacancy_snapshot(area=area, on=on),
        setting=area_target_setting(area=area),
        quarters=area_vacancy_series(area=area, start=trend_start(on), end=on),
    )
