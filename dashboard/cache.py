"""The area pages' quarterly series and key figures, cached per area, date and data version.

The series runs over every record of the area (about 3 s for the nation), while the data changes
a few times a day. It is kept in Django's cache (Redis in production, local memory otherwise)
under a key that holds the data version: the row count and the highest id of
`dashboard_datachange`, a log that a statement-level trigger on buildings, vacancy records and
the area tables appends to (migration 0001), with the database's oid and the server's start time
for restores (`DATA_VERSION_SQL`). So any write, by the ORM, COPY or raw SQL (the import, the demo
loader, psql), changes the key, and nothing has to remember to invalidate it.

Why count and highest id together: both are read in the reader's snapshot, so they change
exactly when a write becomes visible to it, never before (an entry computed from older data
cannot be stored under a newer key). The highest id alone would miss a long transaction that took
its id before a shorter one committed a higher id; its commit raises the count. A writing
transaction sees its own uncommitted rows, so a page it renders is never taken from the cache of
the data before its writes.

The key figures of a date (`area_vacancy_snapshot_cached`) also read the units and their energy
labels (the label-C duty), whose tables write to the log too (migration 0002), and the rule's
thresholds from the settings, which enter their key. Flags enter neither (structural vacancy is
computed from the records), so a flag change keeps them. The regional visions and designated
areas write to the log as well (migration 0003): an area page keeps its area and target per
version (`kept_in_process`).

The log grows by one row per writing statement; reading the version counts it (about 70 ms at a
million rows on the development machine), so a daily task compacts it to one row
(`dashboard.services.data_change_log_compact`, which keeps keys from repeating).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache

from buildings.selectors.figures import AreaFigures, ChildKind, area_children_figures
from buildings.selectors.statistics import (
    Snapshot,
    area_stock_changes,
    area_vacancy_series,
    area_vacancy_snapshot,
)
from buildings.selectors.structural_vacancy import watchlist_count
from kantorentop.core.kept import kept_objects
from kantorentop.core.replica import read_connection
from regions.selectors import Area

# Raised when the cached value's shape changes, so old entries are never read back.
SCHEMA = 3
# Keys of older data versions are never read again; the timeout lets them go. Production's Redis
# evicts nothing (it is also the task broker), so entries are small and short-lived.
TIMEOUT_SECONDS = 6 * 60 * 60


@dataclass(frozen=True)
class SeriesPoint:
    """One quarter end of an area's series: the vacancy rate and its coverage (None: no stock),
    and the m2 they are computed from (the way to the target fits its trend to them)."""

    date: datetime.date
    vacancy_percentage: Decimal | None
    coverage_percentage: Decimal | None
    stock_m2: int = 0
    vacant_m2: int = 0
    known_m2: int = 0


# After a restore the log's count and highest id start again from the backup's, so they could
# meet keys the lost data wrote to the same cache. Two more parts keep them apart:
# - the database's oid: a logical backup is restored into a new database (pg_restore into a
#   created one);
# - the server's start time: a point-in-time recovery restores the same database (same oid) from
#   a base backup and the WAL archive, which always means starting the server. So does a failover
#   to a standby that may have lagged. An ordinary restart only costs one recomputation per area.
DATA_VERSION_SQL = (
    "SELECT count(*), max(id), (SELECT oid FROM pg_database WHERE datname = current_database()),"
    " (extract(epoch FROM pg_postmaster_start_time()) * 1000000)::bigint"
    " FROM dashboard_datachange"
)


# The version read for the page being answered, inside `one_data_version` (empty until a part
# of the page asks for it).
_page_version: ContextVar[list[str] | None] = ContextVar("dashboard_page_version", default=None)


@contextmanager
def one_data_version() -> Iterator[None]:
    """Inside it (or in a view decorated with it), the data version is read once, when a part
    of the page first asks for it, and every other part gets the same: the page's figures,
    series and tables are all taken under one version, and the log is counted once per page
    instead of once per part. For pages that only read: a write inside it would not move the
    version its parts see."""
    token = _page_version.set([])
    try:
        yield
    finally:
        _page_version.reset(token)


def data_version() -> str:
    """The version of the data the series are computed from, as the current transaction sees
    it (see the module docstring), or the one the page read (`one_data_version`)."""
    held = _page_version.get()
    if held:
        return held[0]
    with read_connection().cursor() as cursor:
        cursor.execute(DATA_VERSION_SQL)
        count, highest, database, started = cursor.fetchone()
    version = f"{database}.{started}.{count}.{highest or 0}"
    if held is not None:
        held.append(version)
    return version


def series_key(*, area: Area, start: datetime.date, end: datetime.date, version: str) -> str:
    return f"dashboard:series:{SCHEMA}:{area.kind}:{area.code}:{start}:{end}:{version}"


def area_vacancy_series_cached(
    *, area: Area, start: datetime.date, end: datetime.date
) -> list[SeriesPoint]:
    """`buildings.selectors.statistics.area_vacancy_series` (its rates), from the cache when
    the data has not changed since it was computed."""
    key = series_key(area=area, start=start, end=end, version=data_version())
    # Stored as plain tuples (ordinal day, rate and coverage as strings, stock, vacant and known
    # m2): a few kB per area and date.
    stored: list[tuple[int, str | None, str | None, int, int, int]] | None = cache.get(key)
    if stored is None:
        stored = [
            (
                s.date.toordinal(),
                None if s.vacancy_percentage is None else str(s.vacancy_percentage),
                None if s.coverage_percentage is None else str(s.coverage_percentage),
                s.stock_m2,
                s.vacant_m2,
                s.known_m2,
            )
            for s in area_vacancy_series(area=area, start=start, end=end)
        ]
        cache.set(key, stored, TIMEOUT_SECONDS)
    return [
        SeriesPoint(
            datetime.date.fromordinal(day),
            None if rate is None else Decimal(rate),
            None if coverage is None else Decimal(coverage),
            stock,
            vacant,
            known,
        )
        for day, rate, coverage, stock, vacant, known in stored
    ]


# Raised when Snapshot's or AreaFigures' fields change (their entries are pickled).
SNAPSHOT_SCHEMA = 1


def _rule_key() -> str:
    """The rule's thresholds from the settings, which the cached figures are computed with."""
    return ".".join(
        str(value)
        for value in (
            settings.STRUCTURAL_VACANCY_MIN_AREA_M2,
            settings.STRUCTURAL_VACANCY_SHARE_NUMERATOR,
            settings.STRUCTURAL_VACANCY_SHARE_DENOMINATOR,
            settings.STRUCTURAL_VACANCY_YEARS,
            settings.STALE_DATA_MONTHS,
        )
    )


def snapshot_key(*, area: Area, on: datetime.date, version: str) -> str:
    return (
        f"dashboard:snapshot:{SNAPSHOT_SCHEMA}:{area.kind}:{area.code}:{on}:{_rule_key()}:{version}"
    )


def area_vacancy_snapshot_cached(*, area: Area, on: datetime.date) -> Snapshot:
    """`buildings.selectors.statistics.area_vacancy_snapshot`, from the cache when the data has
    not changed since it was computed: the national one is a statement over every building
    (0.3 s), asked by every visitor of the landing page. A process keeps what it read from the
    cache as well (`kept_in_process`), so a warm page unpickles nothing."""
    return kept_in_process(
        ("snapshot", area.kind, area.code, on), lambda: _snapshot_from_cache(area=area, on=on)
    )


def _snapshot_from_cache(*, area: Area, on: datetime.date) -> Snapshot:
    key = snapshot_key(area=area, on=on, version=data_version())
    snapshot: Snapshot = cache.get_or_set(
        key, lambda: area_vacancy_snapshot(area=area, on=on), TIMEOUT_SECONDS
    )
    return snapshot


def area_counts_cached(
    *, area: Area, on: datetime.date, since: datetime.date | None
) -> tuple[int, int | None, int | None]:
    """The page's other key figures of an area on a date: how many buildings are on the
    watchlist, and the office m2 withdrawn and added from `since` to `on` (None without
    `since`), from the cache when the data has not changed since they were computed (the
    nation's took 15 ms a visit), and kept in the process."""

    def compute() -> tuple[int, int | None, int | None]:
        watched = watchlist_count(on=on, area=area)
        if since is None:
            return watched, None, None
        changes = area_stock_changes(area=area, start=since, end=on)
        return watched, changes.withdrawn_m2, changes.added_m2

    def from_cache() -> tuple[int, int | None, int | None]:
        key = (
            f"dashboard:counts:{SNAPSHOT_SCHEMA}:{area.kind}:{area.code}:{on}:{since}:"
            f"{_rule_key()}:{data_version()}"
        )
        counts: tuple[int, int | None, int | None] = cache.get_or_set(key, compute, TIMEOUT_SECONDS)
        return counts

    return kept_in_process(("counts", area.kind, area.code, on, since), from_cache)


def area_children_figures_cached(
    *, parent: Area, kinds: Sequence[ChildKind], on: datetime.date, since: datetime.date | None
) -> dict[str, dict[int, AreaFigures]]:
    """`buildings.selectors.figures.area_children_figures`, from the cache when the data has
    not changed since it was computed (the nation's children took 0.13 s a visit)."""
    key = (
        f"dashboard:children:{SNAPSHOT_SCHEMA}:{parent.kind}:{parent.code}:{','.join(kinds)}:"
        f"{on}:{since}:{_rule_key()}:{data_version()}"
    )
    figures: dict[str, dict[int, AreaFigures]] = cache.get_or_set(
        key,
        lambda: area_children_figures(parent=parent, kinds=kinds, on=on, since=since),
        TIMEOUT_SECONDS,
    )
    return figures


def kept_in_process[T](key: tuple[Hashable, ...], build: Callable[[], T]) -> T:
    """`build()`, kept in this process (`kantorentop.core.kept`) under `key` and the data
    version with the rule's thresholds, so until the data changes: for what is cheap to hold but
    dear to rebuild on every request (the child tables' rows, hundreds of cells and links)."""
    full_key = ("dashboard", *key, _rule_key(), data_version())
    built = kept_objects.get(full_key)
    if built is None:
        built = build()
        kept_objects.put(full_key, built)
    return built  # type: ignore[no-any-return]
