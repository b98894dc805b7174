"""The overview pages' reads, composed from the domain apps' selectors.

Every function runs a constant number of queries whatever the number of buildings.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from buildings.models import Building
from buildings.selectors.figures import COVENANT_SIGNED_ON
from buildings.selectors.statistics import Snapshot
from buildings.selectors.structural_vacancy import share_threshold_percent
from covenants.models import Commitment, CommitmentProgress
from covenants.scoreboard import latest_progress_by_commitment
from covenants.selectors import commitments_for_region
from dashboard.cache import (
    area_counts_cached,
    area_vacancy_series_cached,
    area_vacancy_snapshot_cached,
    kept_in_process,
)
from kantorentop.accounts.scopes import Scope, area_condition
from regions.models import Municipality, OfficeRegion, Province, RegionalVision
from regions.selectors import Area, AreaRow, TargetSetting, area_of, area_resolve, target_setting_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SERIES_START = datetime.date(2008, 1, 1)
SOURCE = _(
    "Kantorentop, computed from the vacancy records of owners, municipalities, provinces and "
    "surveys per building (lettable floor area, VVO)."
)


@dataclass(frozen=True)
class AreaPage:
    """An area with the model row behind it (None for the nation) and its parent areas."""

    area: Area
    row: AreaRow | None
    target: TargetSetting

    @property
    def frictional_percentage(self) -> Decimal:
        return self.target.percentage


def area_page(*, kind: str, code: str) -> AreaPage:
    """Resolve an area of a page (raises ValidationError for an unknown code), with its target:
    the frictional setting of its office region and the region's target year. Kept in the
    process until the data changes (the area tables and visions write to the data-change log);
    what is kept is shared, so nothing may change it."""
    return kept_in_process(
        ("area-page", kind, code, settings.DEFAULT_FRICTIONAL_VACANCY_PERCENTAGE),
        lambda: _area_page_read(kind=kind, code=code),
    )


def _area_page_read(*, kind: str, code: str) -> AreaPage:
    row = area_resolve(kind=kind, code=code)
    return AreaPage(area_of(row), row, target_setting_of(row))


@dataclass(frozen=True)
class Tile:
    """One key figure with its explanation: definition, date, coverage and source."""

    key: str
    label: StrOrPromise
    value: object
    kind: str  # how the template formats the value: m2, percentage, count
    definition: StrOrPromise
    secondary: object = None


@dataclass(frozen=True)
class AreaOverview:
    snapshot: Snapshot
    watchlist_count: int
    withdrawn_since_covenant_m2: int | None
    added_since_covenant_m2: int | None
    tiles: list[Tile]


def area_overview(*, area: Area, on: datetime.date) -> AreaOverview:
    """The key figures of an area on a date (aggregates only: public)."""
    snapshot = area_vacancy_snapshot_cached(area=area, on=on)
    since = COVENANT_SIGNED_ON if on >= COVENANT_SIGNED_ON else None
    watch_count, withdrawn, added = area_counts_cached(area=area, on=on, since=since)
    tiles = [
        *_stock_and_rate_tiles(snapshot),
        *_rule_tiles(snapshot, watch_count),
        *_data_tiles(snapshot, withdrawn),
    ]
    return AreaOverview(snapshot, watch_count, withdrawn, added, tiles)


def _known(snapshot: Snapshot) -> bool:
    """With no known vacancy in the stock (no record on or before the date), the rate and the
    counts read from the records are unknown, not 0: the tiles say so."""
    return snapshot.known_m2 > 0


def _stock_and_rate_tiles(snapshot: Snapshot) -> list[Tile]:
    known = _known(snapshot)
    return [
        Tile(
            "stock",
            _("Office stock"),
            snapshot.stock_m2,
            "m2",
            _(
                "The sum of the lettable floor area (VVO) of the office buildings in the stock "
                "on this date: completed on or before it (or completion unknown) and not "
                "withdrawn."
            ),
            secondary=snapshot.buildings_in_stock,
        ),
        Tile(
            "vacancy",
            _("Vacancy rate"),
            snapshot.vacancy_percentage if known else None,
            "percentage",
            _(
                "Vacant m2 divided by the stock m2. A building's vacancy is that of its latest "
                "record on or before this date; a building without a record counts as 0. The "
                "coverage is the share of the stock m2 whose vacancy is known: read the rate "
                "together with it."
            ),
            secondary=snapshot.coverage_percentage,
        ),
        Tile(
            "fully",
            _("Fully vacant buildings"),
            snapshot.fully_vacant if known else None,
            "count",
            _("Buildings in the stock whose vacant area equals their lettable area."),
        ),
        Tile(
            "partly",
            _("Partly vacant buildings"),
            snapshot.partly_vacant if known else None,
            "count",
            _("Buildings with more than 0 and less than their lettable area vacant."),
        ),
    ]


def _rule_tiles(snapshot: Snapshot, watch_count: int) -> list[Tile]:
    known = _known(snapshot)
    minimum = settings.STRUCTURAL_VACANCY_MIN_AREA_M2
    share = share_threshold_percent()
    years = settings.STRUCTURAL_VACANCY_YEARS
    return [
        Tile(
            "structural",
            _("Structurally vacant"),
            snapshot.structurally_vacant if known else None,
            "count",
            _(
                "Buildings of %(min)s m2 or more that have been more than %(share)s%% vacant "
                "without interruption for at least %(years)s years on this date (the covenant "
                "rule), computed from the records: not a count of flags."
            )
            % {"min": minimum, "share": share, "years": years},
        ),
        Tile(
            "watchlist",
            _("Watchlist"),
            watch_count if known else None,
            "count",
            _(
                "Buildings of %(min)s m2 or more that are more than %(share)s%% vacant but not yet "
                "for %(years)s years: they will be flagged if nothing changes."
            )
            % {"min": minimum, "share": share, "years": years},
        ),
    ]


def _data_tiles(snapshot: Snapshot, withdrawn: int | None) -> list[Tile]:
    return [
        Tile(
            "stale",
            _("Stale records"),
            snapshot.stale_buildings,
            "count",
            _(
                "Buildings whose latest record is more than %(months)s months older than this "
                "date. Buildings without any record are unknown, not stale."
            )
            % {"months": settings.STALE_DATA_MONTHS},
        ),
        Tile(
            "withdrawn",
            _("Withdrawn since the covenant"),
            withdrawn,
            "m2",
            _(
                "Lettable office m2 withdrawn from the stock (transformation or demolition) from "
                "the covenant's signing on 27-06-2012 up to this date."
            ),
        ),
    ]


def area_trend(*, area: Area, end: datetime.date, frictional: Decimal) -> dict[str, object]:
    """The quarterly series from 2008 to `end`, ready for the chart (JSON-safe values, labels
    in the reader's language); built from the cached series and kept in the process while the
    data has not changed (`dashboard.cache`). Shared: callers only read it."""
    return kept_in_process(
        ("trend", area.kind, area.code, end, frictional, get_language()),
        lambda: _area_trend_build(area=area, end=end, frictional=frictional),
    )


def _area_trend_build(*, area: Area, end: datetime.date, frictional: Decimal) -> dict[str, object]:
    series = area_vacancy_series_cached(area=area, start=SERIES_START, end=end)
    return {
        "labels": [s.date.strftime("%d-%m-%Y") for s in series],
        "dates": [s.date.isoformat() for s in series],
        # A quarter whose stock has no known vacancy has no rate (a gap in the line, not 0).
        "vacancy": [
            None
            if s.vacancy_percentage is None or not s.coverage_percentage
            else float(s.vacancy_percentage)
            for s in series
        ],
        "coverage": [
            None if s.coverage_percentage is None else float(s.coverage_percentage) for s in series
        ],
        "frictional": float(frictional),
        "covenant": COVENANT_SIGNED_ON.isoformat(),
        "labelVacancy": str(_("Vacancy rate (%)")),
        "labelCoverage": str(_("Coverage (%)")),
        "labelFrictional": str(_("Frictional vacancy (%)")),
        "labelCovenant": str(_("Covenant signed (27-06-2012)")),
    }


@dataclass(frozen=True)
class Target:
    """A vision's target with the value measured from the data and the progress towards it
    (0..100, None when it cannot be measured). A `ceiling` is a limit, not a goal: it has no
    progress; the page shows how much of it is used, or by how much it is exceeded."""

    label: str
    target: object
    measured: object
    kind: str
    progress: int | None
    explanation: str
    ceiling: bool = False

    @property
    def overrun(self) -> int | None:
        """By how much the measured value exceeds a ceiling (None within it)."""
        if not self.ceiling or self.measured is None:
            return None
        over = int(cast(int, self.measured)) - int(cast(int, self.target))
        return over if over > 0 else None

    @property
    def used(self) -> int | None:
        """The share of a ceiling that the measured value takes (0..100), None when exceeded."""
        if not self.ceiling or self.measured is None or self.overrun is not None:
            return None
        return _progress(float(cast(int, self.measured)), float(cast(int, self.target)))


def _progress(done: float, needed: float) -> int | None:
    if needed <= 0:
        return None
    return max(0, min(100, round(done * 100 / needed)))


def region_targets(
    *, region: OfficeRegion, overview: AreaOverview, trend: dict[str, object]
) -> tuple[RegionalVision | None, list[Target], dict[int, CommitmentProgress], list[Commitment]]:
    """The region's vision, its targets measured from the data, the covenant commitments that
    apply to it, and the latest progress of each for this region (by commitment id), read by the
    scoreboard's selector so that both show the same status."""
    vision = RegionalVision.objects.filter(office_region=region).first()
    targets: list[Target] = []
    if vision is not None:
        rate = overview.snapshot.vacancy_percentage
        if vision.target_vacancy_percentage is not None:
            # Progress from the rate at the covenant's first quarter end to the target.
            dates = cast(list[str], trend["dates"])
            values = cast(list[float | None], trend["vacancy"])
            start_rate = next(
                (v for d, v in zip(dates, values, strict=True) if d >= "2012-06-30"), None
            )
            progress = None
            if rate is not None and start_rate is not None:
                needed = start_rate - float(vision.target_vacancy_percentage)
                progress = 100 if needed <= 0 else _progress(start_rate - float(rate), needed)
            targets.append(
                Target(
                    str(_("Vacancy rate")),
                    vision.target_vacancy_percentage,
                    rate,
                    "percentage",
                    progress,
                    str(_("From the rate at 30-06-2012 towards the target rate.")),
                )
            )
        if vision.withdrawal_target_m2:
            withdrawn = overview.withdrawn_since_covenant_m2 or 0
            targets.append(
                Target(
                    str(_("Office m2 withdrawn")),
                    vision.withdrawal_target_m2,
                    withdrawn,
                    "m2",
                    _progress(withdrawn, vision.withdrawal_target_m2),
                    str(_("Lettable m2 withdrawn from the stock since the covenant's signing.")),
                )
            )
        if vision.max_new_office_m2:
            added = overview.added_since_covenant_m2 or 0
            targets.append(
                Target(
                    str(_("New office m2 against the cap")),
                    vision.max_new_office_m2,
                    added,
                    "m2",
                    None,
                    str(_("Lettable m2 completed since the covenant's signing; at most the cap.")),
                    ceiling=True,
                )
            )
    commitments = list(commitments_for_region(office_region=region))
    latest = latest_progress_by_commitment([c.pk for c in commitments], office_region=region)
    return vision, targets, {pk: rows[0] for pk, rows in latest.items()}, commitments


# The lookup from a municipality to each kind of area row.
_MUNICIPALITY_IN = {
    "province": "province",
    "municipality": "pk",
    "officeRegion": "office_region",
    "designatedArea": "designated_areas",
}


def scope_reaches_area(*, scope: Scope, kind: str, row: object) -> bool:
    """Whether the scope may see buildings in the area: an officer's provinces or municipalities
    overlap it, or an owner has a building in it. The area pages show their building-level map,
    table and exports only then (an officer of another area would get an empty map)."""
    if scope.is_empty:
        return False
    if scope.national or row is None:
        return True
    # An officer's own province or municipality, known without a query.
    if isinstance(row, Province) and scope.covers_province(row.code):
        return True
    if isinstance(row, Municipality) and scope.is_officer_of(row.code):
        return True
    lookup = _MUNICIPALITY_IN[kind]
    within = Municipality.objects.filter(**{lookup: getattr(row, "pk", row)})
    if scope.is_officer and within.filter(area_condition(scope, municipality="")).exists():
        return True
    return bool(scope.owner_organisation_ids) and (
        Building.objects.filter(
            owner_id__in=scope.owner_organisation_ids, municipality__in=within
        ).exists()
    )
