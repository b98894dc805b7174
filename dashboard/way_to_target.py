"""The area page's way to the target (issue 14 item 5; ADR 0025) and the rows of its charts'
table alternatives (item 6).

The way is computed by `buildings.selectors.target.way_to_target` from the page's snapshot and
the quarterly series the trend chart already read (from the cache), so it adds no statistics
query to the page.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from buildings.selectors.statistics import Snapshot
from buildings.selectors.target import WayToTarget, way_to_target
from dashboard.cache import area_vacancy_series_cached, kept_in_process
from dashboard.selectors import SERIES_START, AreaPage
from kantorentop.core.templatetags.dutch import percentage

if TYPE_CHECKING:
    from collections.abc import Sequence


def area_way_to_target(*, page: AreaPage, snapshot: Snapshot) -> WayToTarget:
    """The way from the page's snapshot to the area's target."""
    series = area_vacancy_series_cached(area=page.area, start=SERIES_START, end=snapshot.date)
    return way_to_target(snapshot=snapshot, setting=page.target, quarters=series)


def way_context(*, page: AreaPage, snapshot: Snapshot) -> dict[str, object]:
    """The page's way to the target with its chart data and table rows (labels in the reader's
    language), kept in the process while the data has not changed: the page, its target and
    the snapshot all come from the data of one version. Shared: callers only read it."""
    area = page.area
    return kept_in_process(
        ("way", area.kind, area.code, snapshot.date, page.target, get_language()),
        lambda: _way_context_build(page=page, snapshot=snapshot),
    )


def _way_context_build(*, page: AreaPage, snapshot: Snapshot) -> dict[str, object]:
    way = area_way_to_target(page=page, snapshot=snapshot)
    change = way.trend_m2_per_year
    return {
        "way": way,
        "way_chart": way_chart(way),
        "way_rows": way_rows(way),
        "way_trend_change": None if change is None else abs(change),
    }


def way_chart(way: WayToTarget) -> dict[str, object]:
    """The chart's data (JSON-safe): per year the m2 left on the straight path to the target and
    the m2 the trend would leave, labelled with Dutch dates."""
    return {
        "labels": [point.date.strftime("%d-%m-%Y") for point in way.points],
        "path": [point.path_m2 for point in way.points],
        "trend": [point.trend_m2 for point in way.points],
        "labelPath": _("Path to %(target)s (m2)") % {"target": percentage(way.setting.percentage)},
        "labelTrend": _("Trend of the last eight quarters (m2)"),
        "labelAxis": _("Vacant m2 above the target"),
    }


def way_rows(way: WayToTarget) -> list[tuple[int, datetime.date, int, int | None, int | None]]:
    """The table alternative of the way chart: year number, date, path, trend and gap."""
    return [
        (year, point.date, point.path_m2, point.trend_m2, point.gap_m2)
        for year, point in enumerate(way.points)
    ]


def trend_rows(trend: dict[str, object]) -> list[tuple[str, object, object]]:
    """The table alternative of the trend chart: per quarter end, the rate and the coverage
    exactly as the chart draws them (None where the chart has a gap)."""
    labels: Sequence[str] = trend["labels"]  # type: ignore[assignment]
    vacancy: Sequence[object] = trend["vacancy"]  # type: ignore[assignment]
    coverage: Sequence[object] = trend["coverage"]  # type: ignore[assignment]
    return list(zip(labels, vacancy, coverage, strict=True))
