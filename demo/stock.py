"""The office stock of the demo dataset, planned in memory before anything is written.

`stock_plan(...)` draws every building and its quarterly vacancy course from one random.Random.
The state on the calibration date (30 June 2012) is set first, per calibration group, so that the
covenant's figures come out by construction; the rest of the history is drawn around it.
"""

import datetime
import math
import random
from dataclasses import dataclass, field

from django.conf import settings

from demo import tables as t

QUARTERS_PER_YEAR = 4


def _rule_quarters() -> int:
    """The covenant rule's run, in quarters (the settings' years)."""
    return settings.STRUCTURAL_VACANCY_YEARS * QUARTERS_PER_YEAR


def _big(area: int) -> bool:
    """At least the covenant rule's area threshold (the settings')."""
    return area >= settings.STRUCTURAL_VACANCY_MIN_AREA_M2


def _above_share(vacant: float, area: int) -> bool:
    """Vacant above the covenant rule's share of `area` (the settings' fraction)."""
    numerator = settings.STRUCTURAL_VACANCY_SHARE_NUMERATOR
    return vacant * settings.STRUCTURAL_VACANCY_SHARE_DENOMINATOR > area * numerator


@dataclass(frozen=True)
class MunicipalityRow:
    id: int
    code: str
    name: str
    province_code: str
    region_slug: str | None


@dataclass(slots=True)
class Episode:
    """Quarters [start, end) in which a building is vacant above the rule's share; end None:
    ongoing."""

    start: int
    end: int | None
    level: float

    def covers(self, q: int) -> bool:
        return self.start <= q and (self.end is None or q < self.end)


@dataclass(slots=True)
class PlannedBuilding:
    index: int
    municipality: MunicipalityRow
    area: int
    construction_year: int
    completed_on: datetime.date | None = None
    is_new: bool = False  # completed after the calibration date
    group: str | None = None  # calibration group (buildings in the 2012 stock only)
    vacant_2012: int = 0
    episode: Episode | None = None
    latent: tuple[int, int, float] | None = None  # a partial vacancy spell: (start, end, share)
    withdrawn_on: datetime.date | None = None
    status: str = "in_use"
    records_from: int = 0
    records_to: int = 0  # exclusive
    no_records: bool = False
    gaps: bool = False
    source: str = "survey"
    owner: int | None = None  # index into tables.INVESTORS
    area_key: tuple[str, str] | None = None  # (municipality code, designated area name)
    plan_hint: str = ""
    bag_id: str = ""
    name: str = ""
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    latitude: str = ""
    longitude: str = ""
    gross: int | None = None
    energy_label: str | None = None

    @property
    def share_2012(self) -> float:
        return self.vacant_2012 / self.area

    def in_stock(self, on: datetime.date) -> bool:
        return (self.completed_on is None or self.completed_on <= on) and (
            self.withdrawn_on is None or self.withdrawn_on > on
        )


@dataclass
class StockPlan:
    quarters: list[datetime.date]
    calibration_index: int
    buildings: list[PlannedBuilding]
    group_rates: dict[str, float] = field(default_factory=dict)

    @property
    def end_index(self) -> int:
        return len(self.quarters)

    def flagged_at_end(self, b: PlannedBuilding) -> bool:
        """Meets the covenant rule on the last quarter end (by construction of its episode)."""
        return (
            _big(b.area)
            and b.withdrawn_on is None
            and b.episode is not None
            and b.episode.end is None
            and b.episode.start <= self.end_index - 1 - _rule_quarters()
        )

    def watched_at_end(self, b: PlannedBuilding) -> bool:
        return (
            _big(b.area)
            and b.withdrawn_on is None
            and b.episode is not None
            and b.episode.end is None
            and b.episode.start > self.end_index - 1 - _rule_quarters()
        )


def last_quarter_end(on: datetime.date) -> datetime.date:
    """The last quarter end (31 Mar, 30 Jun, 30 Sep, 31 Dec) on or before `on`."""
    for month, day in ((12, 31), (9, 30), (6, 30), (3, 31)):
        candidate = datetime.date(on.year, month, day)
        if candidate <= on:
            return candidate
    return datetime.date(on.year - 1, 12, 31)


def quarter_ends(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    ends = []
    year = start.year
    while True:
        for month, day in ((3, 31), (6, 30), (9, 30), (12, 31)):
            d = datetime.date(year, month, day)
            if d > end:
                return ends
            if d >= start:
                ends.append(d)
        year += 1


def course(on: datetime.date) -> float:
    """The national vacancy course relative to 2012 (piecewise linear)."""
    points = t.VACANCY_COURSE
    if on <= points[0][0]:
        return points[0][1]
    for (d0, v0), (d1, v1) in zip(points, points[1:], strict=False):
        if on <= d1:
            span = (d1 - d0).days
            return v0 + (v1 - v0) * (on - d0).days / span
    return points[-1][1]


def weighted_sample(rng: random.Random, items: list, k: int, weight) -> list:  # type: ignore[no-untyped-def]
    """k distinct items, drawn with probability proportional to weight (Efraimidis-Spirakis)."""
    keyed = [(rng.random() ** (1.0 / weight(item)), n, item) for n, item in enumerate(items)]
    keyed.sort(reverse=True)
    return [item for _, _, item in keyed[:k]]


def largest_remainder(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split `total` over the keys in proportion to the weights, summing exactly to `total`."""
    weight_sum = sum(weights.values())
    exact = {key: total * w / weight_sum for key, w in weights.items()}
    counts = {key: int(v) for key, v in exact.items()}
    short = total - sum(counts.values())
    for key in sorted(exact, key=lambda k: (counts[k] - exact[k], k))[:short]:
        counts[key] += 1
    return counts


def _lognormal_area(rng: random.Random, median: float, sigma: float) -> int:
    area = int(round(rng.lognormvariate(math.log(median), sigma) / 10.0) * 10)
    return min(max(area, t.AREA_MIN_M2), t.AREA_MAX_M2)


def _area_params(m: MunicipalityRow) -> tuple[float, float]:
    if m.code in t.BIG_CITIES:
        return t.AREA_BIG_CITY
    if m.code in t.MUNICIPALITY_WEIGHTS or m.region_slug:
        return t.AREA_OFFICE_CITY
    return t.AREA_ELSEWHERE


def _calibration_group(m: MunicipalityRow) -> str:
    if m.code == "GM0363":
        return "GM0363"
    if m.region_slug in ("amsterdam", "rotterdam", "den-haag", "utrecht", "eindhoven"):
        return m.region_slug
    if m.province_code == "PV29":
        return "PV29"
    return "other"


def _quarter_index(quarters: list[datetime.date], on: datetime.date) -> int:
    """Index of the first quarter end on or after `on` (len(quarters) when none)."""
    for n, d in enumerate(quarters):
        if d >= on:
            return n
    return len(quarters)


def _random_date(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _draw_buildings(
    rng: random.Random, municipalities: list[MunicipalityRow], history_end: datetime.date
) -> list[PlannedBuilding]:
    weights = {
        m.code: t.MUNICIPALITY_WEIGHTS.get(
            m.code, t.IN_REGION_WEIGHT if m.region_slug else t.OUTSIDE_WEIGHT
        )
        for m in municipalities
    }
    by_code = {m.code: m for m in municipalities}
    counts = largest_remainder(t.STOCK_BUILDINGS_2012, weights)
    buildings: list[PlannedBuilding] = []
    decades = (1900, 1950, 1960, 1970, 1980, 1990, 2000, 2010)
    decade_weights = (3, 4, 8, 14, 20, 26, 22, 3)
    for code in sorted(counts):
        m = by_code[code]
        median, sigma = _area_params(m)
        for _ in range(counts[code]):
            decade = rng.choices(decades, decade_weights)[0]
            year = min(decade + rng.randint(0, 9 if decade >= 1950 else 49), 2011)
            b = PlannedBuilding(
                index=len(buildings),
                municipality=m,
                area=_lognormal_area(rng, median, sigma),
                construction_year=year,
                group=_calibration_group(m),
            )
            if year >= 1995 and rng.random() < 0.6:
                b.completed_on = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            buildings.append(b)

    # New offices completed after the calibration date, in the office cities.
    new_weights = {code: w**1.2 for code, w in t.MUNICIPALITY_WEIGHTS.items() if code in by_code}
    new_counts = largest_remainder(t.NEW_BUILDINGS_AFTER_2012, new_weights)
    year_weights = {
        2012: 4, 2013: 10, 2014: 7, 2015: 5, 2016: 5, 2017: 6, 2018: 7, 2019: 8,
        2020: 7, 2021: 6, 2022: 5, 2023: 4, 2024: 3, 2025: 3, 2026: 2,
    }  # fmt: skip
    years = [y for y in year_weights if y <= history_end.year]
    for code in sorted(new_counts):
        m = by_code[code]
        for _ in range(new_counts[code]):
            year = rng.choices(years, [year_weights[y] for y in years])[0]
            first = max(datetime.date(year, 1, 1), t.CALIBRATION_DATE + datetime.timedelta(days=1))
            last = min(datetime.date(year, 12, 31), history_end)
            completed = _random_date(rng, first, last) if first <= last else history_end
            buildings.append(
                PlannedBuilding(
                    index=len(buildings),
                    municipality=m,
                    area=_lognormal_area(rng, 4000, 0.8),
                    construction_year=completed.year,
                    completed_on=completed,
                    is_new=True,
                )
            )
    return buildings


def _calibrate(rng: random.Random, buildings: list[PlannedBuilding]) -> dict[str, float]:
    """Set the vacant area on 30 June 2012 so that every group hits its target rate and the
    country its counts of fully and partly vacant buildings."""
    groups: dict[str, list[PlannedBuilding]] = {}
    for b in buildings:
        if b.group:
            groups.setdefault(b.group, []).append(b)
    stock = {g: sum(b.area for b in members) for g, members in groups.items()}
    target = {g: t.GROUP_RATES[g] * stock[g] for g in t.GROUP_RATES}
    big_four = target["GM0363"] + sum(target[s] for s in t.FOUR_BIG_REGIONS)
    national = big_four / t.FOUR_BIG_REGIONS_SHARE_OF_VACANCY
    target["other"] = national - sum(target.values())
    rates = {g: target[g] / stock[g] for g in groups}
    if not 0.05 < rates["other"] < 0.2:
        raise RuntimeError(f"implausible vacancy rate outside the calibrated areas: {rates}")

    full_counts = largest_remainder(t.FULLY_VACANT_2012, target)
    partial_counts = largest_remainder(
        t.PARTLY_VACANT_2012, {g: len(groups[g]) * math.sqrt(rates[g]) for g in groups}
    )
    for g in sorted(groups):
        members = groups[g]
        full = weighted_sample(rng, members, full_counts[g], lambda b: b.area**0.25)
        chosen = {b.index for b in full}
        # Fully vacant buildings take at most 45% of the group's vacancy; the rest is partial.
        for _ in range(10_000):
            if sum(b.area for b in full) <= 0.45 * target[g]:
                break
            largest = max(full, key=lambda b: (b.area, b.index))
            smaller = [b for b in members if b.index not in chosen and b.area < largest.area * 0.6]
            if not smaller:
                break
            replacement = rng.choice(smaller)
            full[full.index(largest)] = replacement
            chosen.discard(largest.index)
            chosen.add(replacement.index)
        for b in full:
            b.vacant_2012 = b.area
        rest = [b for b in members if b.index not in chosen]
        partial = weighted_sample(rng, rest, partial_counts[g], lambda b: b.area**0.4)
        remaining = target[g] - sum(b.area for b in full)
        base = [rng.betavariate(1.4, 2.0) for _ in partial]

        def total(k: float, partial=partial, base=base) -> int:
            return sum(
                min(max(round(s * k * b.area), 1), b.area - 1)
                for b, s in zip(partial, base, strict=True)
            )

        low, high = 0.0, 50.0
        if total(high) < remaining:
            raise RuntimeError(f"group {g}: partial vacancy cannot reach the target")
        for _ in range(60):
            mid = (low + high) / 2
            if total(mid) < remaining:
                low = mid
            else:
                high = mid
        for b, s in zip(partial, base, strict=True):
            b.vacant_2012 = min(max(round(s * high * b.area), 1), b.area - 1)
    return rates


def _episodes(rng: random.Random, plan: StockPlan) -> None:
    """Long spells above the rule's share in big buildings, so the covenant rule has work to do."""
    d0, end = plan.calibration_index, plan.end_index
    covering = []
    for b in plan.buildings:
        if b.group and _big(b.area) and _above_share(b.vacant_2012, b.area):
            start = max(0, d0 - rng.randint(0, 17))
            stop = None if rng.random() < 0.15 else d0 + rng.randint(2, 40)
            if stop is not None and stop >= end:
                stop = None
            b.episode = Episode(start, stop, b.share_2012)
            covering.append(b)
    candidates = [
        b
        for b in plan.buildings
        if _big(b.area) and b.episode is None and not _above_share(b.vacant_2012, b.area)
    ]
    for b in rng.sample(candidates, min(230, len(candidates))):
        first = d0 + 1
        if b.is_new:
            first = max(first, _quarter_index(plan.quarters, b.completed_on) + 4)
        kind = rng.random()
        if kind < 0.25 and first <= end - 1 - _rule_quarters():  # flagged at the end
            start, stop = rng.randint(first, end - 1 - _rule_quarters()), None
        elif kind < 0.37 and first <= end - 2:  # on the watchlist at the end
            start, stop = rng.randint(max(first, end - _rule_quarters()), end - 2), None
        elif first <= end - 14:
            start = rng.randint(first, end - 14)
            stop = start + rng.randint(12, 32)
            stop = None if stop >= end else stop
        else:
            continue
        level = 1.0 if rng.random() < 0.5 else rng.uniform(0.84, 0.99)
        b.episode = Episode(start, stop, level)


def _withdrawals(rng: random.Random, plan: StockPlan, history_end: datetime.date) -> None:
    """Transformation and demolition, 2013-2025, mostly of vacant buildings."""
    last_day = min(t.WITHDRAWALS_UNTIL, history_end)
    pool = [
        b
        for b in plan.buildings
        if b.group and not (b.episode is not None and b.episode.end is None)
    ]
    chosen = weighted_sample(
        rng,
        pool,
        t.WITHDRAWN_BUILDINGS,
        lambda b: 0.2 + 3 * b.share_2012 + (8 if b.episode is not None else 0),
    )
    years = [y for y in t.WITHDRAWAL_YEAR_WEIGHTS if y <= last_day.year]
    for b in sorted(chosen, key=lambda b: b.index):
        withdrawn = None
        if b.episode is not None and b.episode.end is not None and rng.random() < 0.7:
            # Taken out of the market right after its last vacant quarter.
            last_vacant = plan.quarters[b.episode.end - 1]
            candidate = last_vacant + datetime.timedelta(days=rng.randint(1, 80))
            if t.WITHDRAWALS_FROM <= candidate <= last_day:
                withdrawn = candidate
        if withdrawn is None:
            year = rng.choices(years, [t.WITHDRAWAL_YEAR_WEIGHTS[y] for y in years])[0]
            withdrawn = _random_date(
                rng, datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), last_day)
            )
        if b.episode is not None and plan.quarters[b.episode.start] >= withdrawn:
            b.episode = None
        b.withdrawn_on = withdrawn
        b.status = "transformed" if rng.random() < 0.7 else "demolished"


def _record_windows(rng: random.Random, plan: StockPlan) -> None:
    d0, end = plan.calibration_index, plan.end_index
    sources = ("survey", "owner", "municipality", "import")
    for b in plan.buildings:
        b.source = rng.choices(sources, (60, 25, 10, 5))[0]
        b.records_from = _quarter_index(plan.quarters, b.completed_on) if b.completed_on else 0
        b.records_to = _quarter_index(plan.quarters, b.withdrawn_on) if b.withdrawn_on else end
        quiet = b.group and b.vacant_2012 == 0 and b.episode is None
        if quiet and b.withdrawn_on is None:
            if b.latent is None and rng.random() < 0.03:
                b.no_records = True  # vacancy unknown: lowers coverage
                continue
            if rng.random() < 0.04:
                b.records_from = d0 + rng.randint(1, 16)  # first reported after 2012
        ongoing = b.episode is not None and b.episode.end is None
        if b.withdrawn_on is None and not ongoing and rng.random() < 0.04:
            b.records_to = rng.randint(d0 + 4, end - 6)  # reporting stopped: stale today
        b.gaps = b.episode is None and rng.random() < 0.12


def _latent_spells(rng: random.Random, plan: StockPlan) -> None:
    """Partial vacancy in buildings that were let in 2012: before it, and more after it (the
    2013-2016 peak)."""
    d0 = plan.calibration_index
    for b in plan.buildings:
        if not b.group or b.vacant_2012 or b.episode is not None:
            continue
        r = rng.random()
        if r < 0.26:
            start = d0 + 1 + int(rng.triangular(0, 28, 6))
            b.latent = (start, start + rng.randint(3, 20), rng.uniform(0.05, 0.55))
        elif r < 0.36:
            start = rng.randint(0, d0 - 3)
            b.latent = (start, rng.randint(start + 1, d0), rng.uniform(0.05, 0.5))


def vacancy_course_of(plan: StockPlan, b: PlannedBuilding, rng: random.Random):  # type: ignore[no-untyped-def]
    """Yield (quarter index, vacant m2) for each record of one building."""
    if b.no_records:
        return
    d0 = plan.calibration_index
    noise = 0.0
    s0 = b.share_2012
    new_start = b.records_from
    x0 = rng.uniform(0.3, 0.9)
    floor = rng.uniform(0.0, 0.1)
    tau = rng.uniform(4, 10)
    for q in range(b.records_from, b.records_to):
        noise = 0.85 * noise + rng.gauss(0, 0.06)
        drop = b.gaps and rng.random() < 0.12
        if b.group and q == d0:
            yield q, b.vacant_2012
            continue
        ep = b.episode
        if ep is not None and ep.covers(q):
            share = ep.level if ep.level >= 1.0 else min(0.99, max(0.82, ep.level + noise / 4))
        else:
            if b.is_new:
                share = x0 * math.exp(-(q - new_start) / tau) + floor
            else:
                share = s0 * course(plan.quarters[q]) * math.exp(noise)
            if b.latent is not None and b.latent[0] <= q < b.latent[1]:
                share = max(share, b.latent[2] * math.exp(noise / 2))
            if ep is not None and (q == ep.start - 1 or (ep.end is not None and q >= ep.end)):
                share = min(share, 0.6)
        if drop and q != b.records_from:
            continue
        yield q, min(max(round(share * b.area), 0), b.area)


def _addresses(rng: random.Random, plan: StockPlan) -> None:
    postcode_base: dict[str, int] = {}
    for b in plan.buildings:
        m = b.municipality
        low, high = t.CITY_POSTCODE_RANGES.get(m.code) or t.POSTCODE_RANGES[m.province_code]
        if m.code in t.CITY_POSTCODE_RANGES:
            digits = rng.randint(low, high)
        else:
            base = postcode_base.setdefault(m.code, rng.randint(low, high))
            digits = min(max(base + rng.randint(-15, 15), low), high)
        while True:
            letters = rng.choice(t.POSTCODE_LETTERS) + rng.choice(t.POSTCODE_LETTERS)
            if letters not in ("SA", "SD", "SS"):
                break
        b.postcode = f"{digits} {letters}"
        b.street = rng.choice(t.STREETS)
        b.house_number = str(rng.randint(1, 250))
        if b.area >= 3000:
            b.name = f"{rng.choice(t.BUILDING_NAME_PARTS)} {b.street.split()[-1].title()}"
        b.bag_id = f"{m.code[2:]}10{3_000_000_000 + b.index * 7919:010d}"
        b.gross = round(b.area * rng.uniform(1.1, 1.3)) if rng.random() < 0.7 else None
        if b.is_new or b.construction_year >= 2013:
            b.energy_label = rng.choice(("A++++", "A+++", "A++", "A+", "A"))
        elif rng.random() < 0.25:
            b.energy_label = None
        else:
            labels = ("A", "B", "C", "D", "E", "F", "G")
            age = min(max((2012 - b.construction_year) // 10, 0), 6)
            weights = [max(1, 7 - abs(n - age) * 2) for n in range(7)]
            b.energy_label = rng.choices(labels, weights)[0]


def _centre(m: MunicipalityRow, rng: random.Random) -> tuple[float, float]:
    if m.code in t.CITY_CENTRES:
        lat, lon = t.CITY_CENTRES[m.code]
        return lat + rng.uniform(-0.025, 0.025), lon + rng.uniform(-0.04, 0.04)
    if m.region_slug and t.REGION_CORE_CITY.get(m.region_slug) in t.CITY_CENTRES:
        lat, lon = t.CITY_CENTRES[t.REGION_CORE_CITY[m.region_slug]]
        return lat + rng.uniform(-0.08, 0.08), lon + rng.uniform(-0.12, 0.12)
    lat, lon, dlat, dlon = t.PROVINCE_CENTRES[m.province_code]
    return lat + rng.uniform(-dlat, dlat), lon + rng.uniform(-dlon, dlon)


def _designated_areas_and_coordinates(rng: random.Random, plan: StockPlan) -> None:
    by_city: dict[str, list[PlannedBuilding]] = {}
    for b in plan.buildings:
        lat, lon = _centre(b.municipality, rng)
        b.latitude, b.longitude = _coordinate(lat, lon)
        if b.municipality.code in t.DESIGNATED_AREAS:
            by_city.setdefault(b.municipality.code, []).append(b)
    for code in sorted(by_city):
        members = by_city[code]
        taken: set[int] = set()
        share = 0.08 if len(t.DESIGNATED_AREAS[code]) > 2 else 0.12
        for name, kind, dlat, dlon in t.DESIGNATED_AREAS[code]:
            free = [b for b in members if b.index not in taken]
            if kind in ("restriction", "transformation"):
                # No new office m2 in these areas; vacancy concentrates there.
                free = [b for b in free if not b.is_new]
                weight = lambda b: 1 + 5 * b.share_2012  # noqa: E731
            elif kind == "growth":
                weight = lambda b: 6 if b.is_new else 1  # noqa: E731
            else:
                weight = lambda b: 1  # noqa: E731
            lat0, lon0 = t.CITY_CENTRES[code]
            for b in weighted_sample(rng, free, round(len(members) * share), weight):
                taken.add(b.index)
                b.area_key = (code, name)
                b.latitude, b.longitude = _coordinate(
                    lat0 + dlat + rng.uniform(-0.004, 0.004),
                    lon0 + dlon + rng.uniform(-0.006, 0.006),
                )


def _coordinate(lat: float, lon: float) -> tuple[str, str]:
    lat = min(max(lat, 50.76), 53.6)
    lon = min(max(lon, 3.36), 7.2)
    return f"{lat:.6f}", f"{lon:.6f}"


def _persona_flagged(
    flagged: list[PlannedBuilding], *, persona: int, count: int
) -> list[PlannedBuilding]:
    """`count` flagged buildings for a persona investor: those of its officer's municipality
    first, then (if that has too few) some elsewhere, never in another persona's municipality."""
    home = t.PERSONA_FLAGGED[persona][0]
    taken = {code for code, _statuses in t.PERSONA_FLAGGED.values()}
    nearby = [b for b in flagged if b.municipality.code == home]
    elsewhere = [b for b in flagged if b.municipality.code not in taken][persona::2]
    return (nearby + elsewhere)[:count]


def _owners(rng: random.Random, plan: StockPlan) -> None:
    investors = t.INVESTORS
    for b in plan.buildings:
        if rng.random() < 0.65 + 0.3 * min(1.0, b.area / 10_000):
            big = _big(b.area)
            weights = [(3 if cov else 1.5) if big else (1 if cov else 2) for _, cov in investors]
            # The two persona investors (0 and 1) get their flagged buildings below.
            b.owner = rng.choices(range(2, len(investors)), weights[2:])[0]
        if rng.random() < 0.02:
            b.owner = rng.choice((0, 1))
    flagged = [b for b in plan.buildings if plan.flagged_at_end(b)]
    watched = [b for b in plan.buildings if plan.watched_at_end(b)]
    for persona, (_home, statuses) in t.PERSONA_FLAGGED.items():
        chosen = _persona_flagged(flagged, persona=persona, count=len(statuses))
        for b, status in zip(chosen, statuses, strict=False):
            b.owner = persona
            b.plan_hint = status
        for b in watched[persona::2][:1]:
            b.owner = persona
    # A few flagged buildings are being transformed already (plan in progress); not the persona
    # buildings, whose plans are set above.
    for b in flagged[10:]:
        if b.owner is not None and not b.plan_hint and rng.random() < 0.25:
            b.status = "transforming"
            b.plan_hint = "in_progress"


def stock_plan(
    *, municipalities: list[MunicipalityRow], history_end: datetime.date, seed: int = t.SEED
) -> StockPlan:
    """Plan the national demo stock: buildings, owners, areas and the course of vacancy."""
    rng = random.Random(seed)  # noqa: S311 (reproducible demo data)
    quarters = quarter_ends(t.HISTORY_START, history_end)
    plan = StockPlan(
        quarters=quarters,
        calibration_index=quarters.index(t.CALIBRATION_DATE),
        buildings=_draw_buildings(rng, municipalities, history_end),
    )
    plan.group_rates = _calibrate(rng, plan.buildings)
    _episodes(rng, plan)
    _withdrawals(rng, plan, history_end)
    _latent_spells(rng, plan)
    _record_windows(rng, plan)
    _addresses(rng, plan)
    _designated_areas_and_coordinates(rng, plan)
    _owners(rng, plan)
    return plan
