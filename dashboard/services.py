"""Upkeep of the dashboard cache (see cache.py): the data-change log that keys it, and the
warm-up that computes every area page's figures into it after a data change."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from buildings.selectors.figures import COVENANT_SIGNED_ON
from dashboard.cache import (
    TIMEOUT_SECONDS,
    area_children_figures_cached,
    data_version,
    one_data_version,
)
from dashboard.drilldown import CHILD_KINDS
from dashboard.selectors import area_overview, area_page, area_trend
from kantorentop.core.replica import replica_reads
from regions.models import DesignatedArea, Municipality, OfficeRegion, Province
from regions.selectors import NATION


def data_change_log_compact() -> int:
    """Replaces the rows of `dashboard_datachange` by one new row; returns how many it removed.

    The log gains a row per writing statement and the cache reads its row count on every area
    page, so it is kept short. The cache key is (row count, highest id); the new row's id is
    higher than every id before it, so the key after compaction was never a key before, and no
    entry computed from older data can be read under it. A writer that inserted a lower id and
    commits later is not deleted (its row was not visible to the DELETE): it raises the count as
    any other write does.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM dashboard_datachange")
        (highest,) = cursor.fetchone()
        if highest is None:
            return 0
        cursor.execute("DELETE FROM dashboard_datachange WHERE id <= %s", [highest])
        removed: int = cursor.rowcount
        cursor.execute("INSERT INTO dashboard_datachange DEFAULT VALUES")
    return removed


# What the warm-up last computed: the data version and the day (the pages' default date).
WARMED_KEY = "dashboard:warmed"
# One warm-up at a time: at ten times the country it takes longer than the beat's interval.
WARMING_LOCK_KEY = "dashboard:warming"
WARMING_LOCK_SECONDS = 60 * 60


def _page_areas() -> Iterator[tuple[str, str]]:
    """(kind, code) of every area page: the nation, provinces, office regions, current
    municipalities and designated areas."""
    yield "nation", NATION.code
    yield from (("province", code) for code in Province.objects.values_list("code", flat=True))
    yield from (
        ("officeRegion", slug) for slug in OfficeRegion.objects.values_list("slug", flat=True)
    )
    yield from (
        ("municipality", code)
        for code in Municipality.objects.filter(dissolved_on__isnull=True).values_list(
            "code", flat=True
        )
    )
    yield from (
        ("designatedArea", str(pk)) for pk in DesignatedArea.objects.values_list("pk", flat=True)
    )


def area_figures_warm(*, on: datetime.date | None = None) -> int:
    """Computes into the cache what every area page reads of the data on `on` (default today):
    its key figures, the watchlist count, its quarterly series and its child areas' figures.
    The first visit of an area after a data change otherwise waits for them (0.1 s for a
    municipality, 0.5 s for a province, 3 s for the nation), and under load those first
    visits are most of the database's work (docs/benchmarks.md, "Load"). With a shared cache
    (Redis) every web process then reads them. Returns how many areas it computed."""
    on = on or timezone.localdate()
    count = 0
    for kind, code in _page_areas():
        # Read where the pages read, so the entries carry the keys the pages look for.
        with replica_reads(), one_data_version():
            page = area_page(kind=kind, code=code)
            area_overview(area=page.area, on=on)
            area_trend(area=page.area, end=on, frictional=page.frictional_percentage)
            kinds = CHILD_KINDS.get(kind, ())
            if kinds:
                area_children_figures_cached(
                    parent=page.area, kinds=kinds, on=on, since=COVENANT_SIGNED_ON
                )
        count += 1
    return count


def area_figures_warm_when_changed() -> int:
    """`area_figures_warm` when the data or the day changed since the last one (0: nothing
    to do, or another warm-up runs)."""
    with replica_reads():
        warmed = (data_version(), timezone.localdate().isoformat())
    if cache.get(WARMED_KEY) == warmed or not cache.add(WARMING_LOCK_KEY, 1, WARMING_LOCK_SECONDS):
        return 0
    try:
        count = area_figures_warm()
        cache.set(WARMED_KEY, warmed, TIMEOUT_SECONDS)
    finally:
        cache.delete(WARMING_LOCK_KEY)
    return count
