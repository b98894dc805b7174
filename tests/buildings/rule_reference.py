"""An independent, plain-Python reading of the covenant rule, written from the domain spec and
used only by tests to check the SQL of buildings.selectors.structural_vacancy.

Deliberately naive: it walks the records one by one, with no SQL and no shared code.
"""

import datetime
from dataclasses import dataclass, field

MIN_AREA_M2 = 5000
YEARS = 3


@dataclass
class ReferenceBuilding:
    lettable_floor_area_m2: int
    completed_on: datetime.date | None = None
    withdrawn_on: datetime.date | None = None
    records: dict[datetime.date, int] = field(default_factory=dict)  # observed_on -> vacant m2


def in_stock(building: ReferenceBuilding, on: datetime.date) -> bool:
    """Completed on or before `on` (or unknown) and not withdrawn on or before `on`."""
    completed = building.completed_on is None or building.completed_on <= on
    withdrawn = building.withdrawn_on is not None and building.withdrawn_on <= on
    return completed and not withdrawn


def above_threshold(vacant: int, lettable: int) -> bool:
    """Share strictly above 80%, in integers."""
    return vacant * 5 > lettable * 4


def minus_years(day: datetime.date, years: int) -> datetime.date:
    """Calendar years back; 29 February becomes 28 February."""
    if day.month == 2 and day.day == 29:
        day = day - datetime.timedelta(days=1)
    return day.replace(year=day.year - years)


def plus_years(day: datetime.date, years: int) -> datetime.date:
    """Calendar years on; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def trailing_run_start(building: ReferenceBuilding, on: datetime.date) -> datetime.date | None:
    """The first record of the longest trailing run of records (observed on or before `on`) that
    are all above 80%; None when the latest record is not above 80% or there is none."""
    start = None
    for observed_on in sorted(building.records, reverse=True):
        if observed_on > on:
            continue
        if not above_threshold(building.records[observed_on], building.lettable_floor_area_m2):
            break
        start = observed_on
    return start


def structurally_vacant_since(
    building: ReferenceBuilding, on: datetime.date
) -> datetime.date | None:
    """vacant_since when the building meets the rule on `on`, else None."""
    if not in_stock(building, on) or building.lettable_floor_area_m2 < MIN_AREA_M2:
        return None
    start = trailing_run_start(building, on)
    if start is None or start > minus_years(on, YEARS):
        return None
    return start


def watchlist_expected_on(building: ReferenceBuilding, on: datetime.date) -> datetime.date | None:
    """The expected flag date when the building is on the watchlist on `on`, else None."""
    if not in_stock(building, on) or building.lettable_floor_area_m2 < MIN_AREA_M2:
        return None
    start = trailing_run_start(building, on)
    if start is None or start <= minus_years(on, YEARS):
        return None
    return plus_years(start, YEARS)


def vacancy_on(building: ReferenceBuilding, on: datetime.date) -> int | None:
    """The vacant area of the latest record on or before `on`; None (unknown) without one."""
    dates = [observed_on for observed_on in building.records if observed_on <= on]
    return building.records[max(dates)] if dates else None
