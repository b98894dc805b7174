"""The benchmarks: each candidate (what the portal runs) and its hand-written SQL baseline.

Every function times only its measured region and returns (seconds, result); the results of a
candidate and its baseline must be equal (the `*_check` functions), so each baseline is also an
independent check of the engine. Whatever a candidate writes is rolled back.
"""

from __future__ import annotations

import datetime
import time
import tracemalloc
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from bench.harness import Mismatch
from buildings.selectors.label_duty import label_duty_sql

# --- the flag job -----------------------------------------------------------------------------


def flags_candidate(*, as_of: datetime.date) -> tuple[float, list[tuple[int, datetime.date]]]:
    """The flag job on `as_of` from a state without flags (its first run: every qualifying
    building gets a flag and its notifications), rolled back. Returns the active flags."""
    from buildings.models import StructuralVacancyFlag
    from buildings.services.flags import structural_vacancy_flags_update

    with transaction.atomic():
        with connection.cursor() as cursor:
            # Not timed: a clean slate, so the job creates every flag of the date.
            cursor.execute("DELETE FROM buildings_flagrun")
            cursor.execute("DELETE FROM buildings_structuralvacancyflag")
        started = time.perf_counter()
        structural_vacancy_flags_update(as_of=as_of)
        seconds = time.perf_counter() - started
        flagged = list(
            StructuralVacancyFlag.objects.active()
            .order_by("building_id")
            .values_list("building_id", "vacant_since")
        )
        transaction.set_rollback(True)
    return seconds, flagged


# Written from the domain spec, independently of buildings.selectors.structural_vacancy: one
# pass over the records with a window for each building's latest record at or below the
# threshold; the run above starts at the first record after it.
FLAGS_BASELINE_SQL = """
    SELECT building_id, min(observed_on) AS vacant_since
    FROM (
        SELECT r.building_id, r.observed_on,
               r.vacant_area_m2::bigint * %(den)s > b.lettable_floor_area_m2::bigint * %(num)s
                   AS above,
               max(r.observed_on) FILTER (
                   WHERE r.vacant_area_m2::bigint * %(den)s
                         <= b.lettable_floor_area_m2::bigint * %(num)s
               ) OVER (PARTITION BY r.building_id) AS last_low
        FROM buildings_vacancyrecord r
        JOIN buildings_building b ON b.id = r.building_id
        WHERE r.observed_on <= %(as_of)s
          AND b.lettable_floor_area_m2 >= %(min_area)s
          AND (b.completed_on IS NULL OR b.completed_on <= %(as_of)s)
          AND (b.withdrawn_on IS NULL OR b.withdrawn_on > %(as_of)s)
    ) records
    -- Only a building whose latest record is above has above records after its last low one.
    WHERE above AND observed_on > coalesce(last_low, '-infinity'::date)
    GROUP BY building_id
    HAVING min(observed_on) <= (%(as_of)s::date - make_interval(years => %(years)s))::date
    ORDER BY building_id
"""


def _rule_params() -> dict[str, Any]:
    return {
        "min_area": settings.STRUCTURAL_VACANCY_MIN_AREA_M2,
        "num": settings.STRUCTURAL_VACANCY_SHARE_NUMERATOR,
        "den": settings.STRUCTURAL_VACANCY_SHARE_DENOMINATOR,
        "years": settings.STRUCTURAL_VACANCY_YEARS,
        "stale_months": settings.STALE_DATA_MONTHS,
    }


def flags_baseline(*, as_of: datetime.date) -> tuple[float, list[tuple[int, datetime.date]]]:
    """The buildings that meet the rule on `as_of` with their vacant_since, in one statement."""
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(FLAGS_BASELINE_SQL, {**_rule_params(), "as_of": as_of})
        rows = [(building_id, since) for building_id, since in cursor.fetchall()]
        seconds = time.perf_counter() - started
    return seconds, rows


def flags_check(candidate: list[Any], baseline: list[Any]) -> None:
    if candidate != baseline:
        only_candidate = sorted(set(candidate) - set(baseline))[:10]
        only_baseline = sorted(set(baseline) - set(candidate))[:10]
        raise Mismatch(
            f"flagged sets differ: {len(candidate)} flagged by the job, {len(baseline)} by the "
            f"baseline; only the job: {only_candidate}; only the baseline: {only_baseline}"
        )


# --- the quarterly series of every office region ----------------------------------------------

SeriesKey = tuple[str, datetime.date]
SERIES_FIELDS = (
    "stock_m2",
    "vacant_m2",
    "known_m2",
    "buildings_in_stock",
    "fully_vacant",
    "partly_vacant",
    "stale_buildings",
    "structurally_vacant",
    "added_m2",
    "withdrawn_m2",
)


def series_candidate(
    *, start: datetime.date, end: datetime.date
) -> tuple[float, dict[SeriesKey, tuple[int, ...]]]:
    """area_vacancy_series of every office region from `start` to `end`."""
    from buildings.selectors.statistics import area_vacancy_series
    from regions.models import OfficeRegion
    from regions.selectors import Area

    started = time.perf_counter()
    result = {}
    for region in OfficeRegion.objects.order_by("slug"):
        area = Area(kind="officeRegion", code=region.slug, name=region.name)
        for snapshot in area_vacancy_series(area=area, start=start, end=end):
            result[(region.slug, snapshot.date)] = tuple(
                int(getattr(snapshot, name)) for name in SERIES_FIELDS
            )
    return time.perf_counter() - started, result


def _quarter_index(on: datetime.date) -> int:
    """Quarter number counted from 2008Q1 (0)."""
    return (on.year - 2008) * 4 + (on.month - 1) // 3


# Written from the domain spec, independently of buildings.selectors.statistics. Quarter k counts
# from 2008Q1; a record holds from its date until the next record, so it covers the quarter ends
# k with qk(observed_on) <= k < qk(next observed_on), where qk(x) is the quarter of x (a quarter
# end is the last day of its quarter). Runs above the threshold are islands between records at
# or below it (a running count of those); a run starts at the island's first record above.
SERIES_BASELINE_SQL = """
    WITH params AS (
        SELECT %(min_area)s::int AS min_area, %(num)s::int AS num, %(den)s::int AS den,
               %(years)s::int AS years, %(stale_months)s::int AS stale_months,
               %(first_k)s::int AS first_k, %(last_k)s::int AS last_k
    ),
    q AS (
        SELECT k, (DATE '2008-01-01' + make_interval(months => 3 * k + 3) - interval '1 day')::date
                      AS d,
               (DATE '2008-01-01' + make_interval(months => 3 * k))::date AS first_day
        FROM params, generate_series(params.first_k, params.last_k) AS k
    ),
    bld AS (
        SELECT b.id, b.lettable_floor_area_m2 AS lettable, m.office_region_id AS region_id,
               b.completed_on, b.withdrawn_on
        FROM buildings_building b
        JOIN regions_municipality m ON m.id = b.municipality_id
        WHERE m.office_region_id IS NOT NULL
    ),
    rec AS (
        SELECT r.building_id, r.observed_on, r.vacant_area_m2 AS vacant, bld.lettable,
               bld.region_id,
               r.vacant_area_m2::bigint * p.den > bld.lettable::bigint * p.num AS above,
               lead(r.observed_on) OVER w AS valid_to,
               count(*) FILTER (
                   WHERE r.vacant_area_m2::bigint * p.den <= bld.lettable::bigint * p.num
               ) OVER w AS island
        FROM buildings_vacancyrecord r
        JOIN bld ON bld.id = r.building_id
        CROSS JOIN params p
        WINDOW w AS (PARTITION BY r.building_id ORDER BY r.observed_on)
    ),
    runs AS (
        SELECT rec.*,
               min(observed_on) FILTER (WHERE above) OVER (PARTITION BY building_id, island)
                   AS run_start
        FROM rec
    ),
    covered AS (
        SELECT runs.*, k
        FROM runs
        CROSS JOIN params p
        CROSS JOIN LATERAL generate_series(
            greatest(p.first_k, (extract(year FROM observed_on)::int - 2008) * 4
                                + (extract(month FROM observed_on)::int - 1) / 3),
            least(p.last_k, coalesce((extract(year FROM valid_to)::int - 2008) * 4
                                     + (extract(month FROM valid_to)::int - 1) / 3 - 1,
                                     p.last_k))
        ) AS k
    ),
    known AS (
        SELECT c.region_id, c.k,
               sum(c.vacant) AS vacant,
               sum(c.lettable) AS known,
               count(*) FILTER (WHERE c.vacant = c.lettable) AS fully,
               count(*) FILTER (WHERE c.vacant > 0 AND c.vacant < c.lettable) AS partly,
               count(*) FILTER (
                   WHERE c.observed_on < (q.d - make_interval(months => p.stale_months))::date
               ) AS stale,
               count(*) FILTER (
                   WHERE c.above AND c.lettable >= p.min_area
                     AND c.run_start <= (q.d - make_interval(years => p.years))::date
               ) AS structural
        FROM covered c
        JOIN q ON q.k = c.k
        JOIN bld ON bld.id = c.building_id
        CROSS JOIN params p
        WHERE (bld.completed_on IS NULL OR bld.completed_on <= q.d)
          AND (bld.withdrawn_on IS NULL OR bld.withdrawn_on > q.d)
        GROUP BY c.region_id, c.k
    ),
    stock AS (
        SELECT bld.region_id, q.k, sum(bld.lettable) AS m2, count(*) AS n
        FROM bld
        JOIN q ON (bld.completed_on IS NULL OR bld.completed_on <= q.d)
              AND (bld.withdrawn_on IS NULL OR bld.withdrawn_on > q.d)
        GROUP BY bld.region_id, q.k
    ),
    added AS (
        SELECT bld.region_id, q.k, sum(bld.lettable) AS m2
        FROM bld JOIN q ON bld.completed_on BETWEEN q.first_day AND q.d
        GROUP BY bld.region_id, q.k
    ),
    withdrawn AS (
        SELECT bld.region_id, q.k, sum(bld.lettable) AS m2
        FROM bld JOIN q ON bld.withdrawn_on BETWEEN q.first_day AND q.d
        GROUP BY bld.region_id, q.k
    )
    SELECT region.slug, q.d,
           coalesce(stock.m2, 0), coalesce(known.vacant, 0), coalesce(known.known, 0),
           coalesce(stock.n, 0), coalesce(known.fully, 0), coalesce(known.partly, 0),
           coalesce(known.stale, 0), coalesce(known.structural, 0),
           coalesce(added.m2, 0), coalesce(withdrawn.m2, 0)
    FROM regions_officeregion region
    CROSS JOIN q
    LEFT JOIN stock ON stock.region_id = region.id AND stock.k = q.k
    LEFT JOIN known ON known.region_id = region.id AND known.k = q.k
    LEFT JOIN added ON added.region_id = region.id AND added.k = q.k
    LEFT JOIN withdrawn ON withdrawn.region_id = region.id AND withdrawn.k = q.k
"""


def series_baseline(
    *, start: datetime.date, end: datetime.date
) -> tuple[float, dict[SeriesKey, tuple[int, ...]]]:
    """The same numbers for every office region and quarter end, in one statement."""
    from buildings.selectors.statistics import quarter_ends

    dates = quarter_ends(start, end)
    if not dates:
        return 0.0, {}
    params = {
        **_rule_params(),
        "first_k": _quarter_index(dates[0]),
        "last_k": _quarter_index(dates[-1]),
    }
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(SERIES_BASELINE_SQL, params)
        rows = cursor.fetchall()
        seconds = time.perf_counter() - started
    return seconds, {(row[0], row[1]): tuple(int(v) for v in row[2:]) for row in rows}


def series_check(candidate: dict[Any, Any], baseline: dict[Any, Any]) -> None:
    if candidate != baseline:
        keys = sorted(set(candidate) | set(baseline))
        differ = [
            (key, candidate.get(key), baseline.get(key))
            for key in keys
            if candidate.get(key) != baseline.get(key)
        ]
        raise Mismatch(
            f"series differ in {len(differ)} of {len(keys)} region quarters "
            f"({', '.join(SERIES_FIELDS)}); first: {differ[:3]}"
        )


# --- the vacancy-record import ----------------------------------------------------------------

# Issue 17: within 1.2 times a COPY of the same rows into the records table (ADR 0009).
IMPORT_GOAL = 1.2


def import_file_write(
    path: Path, rows: int, *, as_records: bool = False, client_id: int | None = None
) -> int:
    """A CSV file of `rows` records for existing buildings (monthly dates from 1991, before the
    stored history, so they are new records), written by COPY TO; returns the row count.

    With `as_records`, the same rows as the records table holds them (building id instead of
    BAG id, an empty note), without a header: what import_records_copy loads; with `client_id`
    also the API client that recorded them, as the import endpoint stores its rows."""
    recorder = "" if client_id is None else f", {int(client_id)}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM buildings_building")
        buildings = cursor.fetchone()[0]
        if not buildings:
            raise SystemExit("No buildings to import records for.")
        per_building = -(-rows // buildings)
        if per_building > 200:
            raise SystemExit(f"{rows} rows is more than 200 per building; use fewer rows.")
        with path.open("w", encoding="utf-8") as out:
            cursor.copy_expert(
                f"""
                COPY (
                    SELECT {"b.id" if as_records else 'b.bag_id AS "bagId"'},
                           (DATE '1991-01-15' + make_interval(months => k))::date
                               AS "observedOn",
                           (b.lettable_floor_area_m2
                            * ((hashint8extended(b.id * 1000 + k, 7) & 1023) / 1023.0))::int
                               AS "vacantAreaM2",
                           'survey' AS source
                           {", ''" + recorder if as_records else ""}
                    FROM (SELECT id, bag_id, lettable_floor_area_m2 FROM buildings_building) b
                    CROSS JOIN generate_series(0, {per_building - 1}) AS k
                    ORDER BY b.id, k
                    LIMIT {int(rows)}
                ) TO STDOUT WITH (FORMAT csv{"" if as_records else ", HEADER"})
                """,  # noqa: S608 (integers and fixed text)
                out,
            )
    return rows


def _records_vacuum() -> None:
    """Each rolled-back round leaves 100,000 dead rows, and their index entries under the same
    keys the next round probes; autovacuum clears them only later. Cleared before each timed
    write (untimed; outside a transaction only, where VACUUM may run)."""
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM buildings_vacancyrecord")


def _import(path: Path) -> tuple[float, int]:
    from buildings.services.imports import vacancy_records_import
    from kantorentop.accounts.scopes import Scope

    _records_vacuum()
    with transaction.atomic():
        with path.open("rb") as source, connection.cursor() as cursor:
            started = time.perf_counter()
            result = vacancy_records_import(source=source, scope=Scope(national=True))
            # The deferred foreign-key checks, which the commit would run.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, result.total


def import_candidate(*, path: Path) -> tuple[float, int]:
    """vacancy_records_import of the file (all checks, the upsert), rolled back."""
    return _import(path)


def import_baseline(*, path: Path) -> tuple[float, int]:
    """COPY of the same file into a plain table without indexes or constraints, rolled back."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE bench_plain_copy (bag_id varchar(16), observed_on date, "
                "vacant_area_m2 integer, source varchar(20)) ON COMMIT DROP"
            )
            with path.open("rb") as source:
                started = time.perf_counter()
                cursor.copy_expert(
                    "COPY bench_plain_copy FROM STDIN WITH (FORMAT csv, HEADER)", source
                )
                seconds = time.perf_counter() - started
            count = cursor.rowcount
        transaction.set_rollback(True)
    return seconds, count


def import_records_copy(*, path: Path, with_client: bool = False) -> tuple[float, int]:
    """COPY of the same rows (a file written with `as_records`) into the records table itself,
    with its indexes, constraints and triggers, and its deferred foreign-key checks; rolled back.
    What writing the rows costs at all, without reading, checking or counting them (as one bulk
    change, as the import writes them: one event, not one per row). `with_client`: the file
    names the recording API client (`import_file_write(client_id=...)`), whose column has an
    index and a foreign key of its own."""
    columns = "building_id, observed_on, vacant_area_m2, source, note"
    if with_client:
        columns += ", recorded_by_client_id"
    from events.services import bulk_change

    _records_vacuum()
    with transaction.atomic():
        with (
            bulk_change(kind="vacancy-records"),
            connection.cursor() as cursor,
            path.open("rb") as source,
        ):
            started = time.perf_counter()
            cursor.copy_expert(
                f"COPY buildings_vacancyrecord ({columns}) FROM STDIN WITH (FORMAT csv)",
                source,
            )
            count = cursor.rowcount
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, count


def import_check(candidate: int, baseline: int) -> None:
    if candidate != baseline:
        raise Mismatch(f"the import read {candidate} rows, COPY {baseline}")


def import_peak_memory(*, path: Path) -> int:
    """Peak Python memory (tracemalloc, bytes) of importing the file, rolled back."""
    tracemalloc.start()
    try:
        _import(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def import_breakdown(*, path: Path) -> list[tuple[str, float]]:
    """Where one import of the file spends its time (rolled back): each SQL statement, and the
    COPY into staging (with the Python side of the import) as the rest."""
    timings: list[tuple[str, float]] = []

    def timed(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            words = " ".join(sql.split())
            timings.append((words[:48], time.perf_counter() - started))

    with connection.execute_wrapper(timed):
        total, _ = _import(path)
    # The VACUUM before the import is not in its time.
    timings = [(label, seconds) for label, seconds in timings if not label.startswith("VACUUM")]
    statements = sorted(timings, key=lambda item: -item[1])
    copy_stage = total - sum(seconds for _, seconds in timings)
    return [("COPY to staging and Python", copy_stage), *statements]


def series_by_lookups(
    *, start: datetime.date, end: datetime.date
) -> tuple[float, dict[SeriesKey, tuple[int, ...]]]:
    """series_candidate with every date through the per-building lookup (_snapshot_sql) that
    served series before the interval query: what the interval query is measured against."""
    from buildings.selectors import statistics

    previous = statistics.LOOKUP_MAX_DATES
    statistics.LOOKUP_MAX_DATES = 10_000
    try:
        return series_candidate(start=start, end=end)
    finally:
        statistics.LOOKUP_MAX_DATES = previous


# --- the API: a page of buildings, and the import endpoint ------------------------------------

API_PAGE_SIZE = 100
# Issue 17: a page within 2 times its json_agg floor.
API_PAGE_GOAL = 2
API_FILTERS = {"province": "PV26", "minFloorArea": 1000}

# updated_at as RFC 3339 in Europe/Amsterdam, as Python's isoformat writes it (no fraction when
# it is zero).
_LOCAL_SQL = "(page.updated_at AT TIME ZONE 'Europe/Amsterdam')"
MODIFIED_AT_SQL = f"""(
    to_char({_LOCAL_SQL}, 'YYYY-MM-DD"T"HH24:MI:SS')
    || CASE WHEN to_char({_LOCAL_SQL}, 'US') = '000000' THEN ''
            ELSE '.' || to_char({_LOCAL_SQL}, 'US') END
    || CASE WHEN {_LOCAL_SQL} - (page.updated_at AT TIME ZONE 'UTC') = interval '2 hours'
            THEN '+02:00' ELSE '+01:00' END)"""
# The label-C duty has one home, the rule's SQL; the floor asks it as the API does (today).
LABEL_DUTY_SQL = label_duty_sql(building="page", day="%(day)s")

# Written from the API contract (api-v1.md, "Buildings"), independently of the serializer: the
# page of buildings as JSON in one statement, the latest record and the active flag by LATERAL.
API_FLOOR_SQL = f"""
    WITH page AS (
        SELECT b.*, m.code AS municipality_code, p.code AS province_code,
               o.slug AS office_region_slug, count(*) OVER () AS total
        FROM buildings_building b
        JOIN regions_municipality m ON m.id = b.municipality_id
        JOIN regions_province p ON p.id = m.province_id
        LEFT JOIN regions_officeregion o ON o.id = m.office_region_id
        WHERE (%(province)s::text IS NULL OR p.code = %(province)s)
          AND (%(municipality)s::text IS NULL OR m.code = %(municipality)s)
          AND b.lettable_floor_area_m2 >= %(min_area)s
        ORDER BY b.bag_id
        LIMIT %(limit)s OFFSET %(offset)s
    )
    SELECT json_build_object(
        'count', coalesce(max(page.total), 0),
        'next', CASE WHEN coalesce(max(page.total), 0) > %(offset)s + %(limit)s
                     THEN %(next)s END,
        'previous', %(previous)s,
        'results', coalesce(json_agg(json_build_object(
            'bagId', page.bag_id, 'name', page.name, 'street', page.street,
            'houseNumber', page.house_number, 'postcode', page.postcode, 'city', page.city,
            'municipality', page.municipality_code, 'province', page.province_code,
            'officeRegion', page.office_region_slug,
            'latitude', page.latitude::float8, 'longitude', page.longitude::float8,
            'lettableFloorAreaM2', page.lettable_floor_area_m2,
            'grossFloorAreaM2', page.gross_floor_area_m2,
            'constructionYear', page.construction_year, 'energyLabel', page.energy_label,
            'owner', page.owner_id, 'designatedArea', page.designated_area_id,
            'status', page.status, 'completedOn', page.completed_on,
            'withdrawnOn', page.withdrawn_on,
            'currentVacancy', CASE WHEN r.observed_on IS NOT NULL THEN json_build_object(
                'observedOn', r.observed_on, 'vacantAreaM2', r.vacant_area_m2,
                'vacancyPercentage',
                (r.vacant_area_m2 * 100.0 / page.lettable_floor_area_m2)::numeric(4, 1)::float8
            ) END,
            'structuralVacancy', CASE WHEN f.status IS NOT NULL THEN json_build_object(
                'status', f.status, 'vacantSince', f.vacant_since, 'flaggedOn', f.flagged_on
            ) END,
            'areaBasis', page.area_basis, 'bagOfficeAreaM2', page.bag_office_area_m2,
            'modifiedAt', {MODIFIED_AT_SQL},
            'labelCDuty', {LABEL_DUTY_SQL}
        ) ORDER BY page.bag_id), '[]'::json)
    )::text
    FROM page
    LEFT JOIN LATERAL (
        SELECT observed_on, vacant_area_m2 FROM buildings_vacancyrecord
        WHERE building_id = page.id ORDER BY observed_on DESC LIMIT 1
    ) r ON true
    LEFT JOIN LATERAL (
        SELECT status, vacant_since, flagged_on FROM buildings_structuralvacancyflag
        WHERE building_id = page.id AND status = ANY(%(active)s) ORDER BY id LIMIT 1
    ) f ON true
"""


def api_floor_view(request):  # type: ignore[no-untyped-def]
    """The floor: a view that only runs API_FLOOR_SQL (the same page, filters and fields as
    GET /api/v1/buildings) and returns its text, with none of the API's machinery."""
    from django.http import HttpResponse
    from django.utils import timezone

    from buildings.choices import ACTIVE_FLAG_STATUSES

    page = int(request.GET.get("page", 1))
    limit = int(request.GET.get("pageSize", API_PAGE_SIZE))
    min_area = request.GET.get("minFloorArea")
    path = request.build_absolute_uri(request.path)

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return f"{path}?{query.urlencode()}"

    with connection.cursor() as cursor:
        cursor.execute(
            API_FLOOR_SQL,
            {
                "province": request.GET.get("province"),
                "municipality": request.GET.get("municipality"),
                "min_area": int(min_area) if min_area else 0,
                "limit": limit,
                "offset": (page - 1) * limit,
                "next": link(page + 1),
                "previous": link(page - 1) if page > 1 else None,
                "active": [str(status) for status in ACTIVE_FLAG_STATUSES],
                "day": timezone.localdate(),
            },
        )
        body = cursor.fetchone()[0]
    return HttpResponse(body, content_type="application/json")


class ApiKey:
    """A national API client created for the run and rolled back with everything it wrote
    (last-used times, throttle state in the database if any): `with ApiKey() as key:`."""

    client_id: int

    def __enter__(self) -> str:
        from kantorentop.accounts.services import api_client_create

        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        client, key = api_client_create(name=f"bench {time.time_ns()}")
        self.client_id = client.pk
        return key

    def __exit__(self, *exc: object) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)


_API_CLIENTS: dict[str, Any] = {}


def api_candidate(*, key: str, params: dict[str, Any] | None = None) -> tuple[float, Any]:
    """GET /api/v1/buildings through the whole stack (middleware, authentication, throttling,
    filters, serializer, renderer) with Django's test Client; returns the parsed page."""
    import json

    from django.test import Client

    query = {**(API_FILTERS if params is None else params), "pageSize": API_PAGE_SIZE}
    # One Client per key for the run: a new one loads the whole middleware chain on its first
    # request, which a server process does once at its start, not per request.
    client = _API_CLIENTS.get(key) or _API_CLIENTS.setdefault(
        key, Client(HTTP_AUTHORIZATION=f"Token {key}")
    )
    started = time.perf_counter()
    response = client.get("/api/v1/buildings", query)
    body = response.content
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise Mismatch(f"the API answered {response.status_code}: {body[:300]!r}")
    return seconds, json.loads(body)


def api_baseline(*, params: dict[str, Any] | None = None) -> tuple[float, Any]:
    """The floor view on the same query, called directly with a RequestFactory request."""
    import json

    from django.test import RequestFactory

    query = {**(API_FILTERS if params is None else params), "pageSize": API_PAGE_SIZE}
    request = RequestFactory().get("/api/v1/buildings", query)
    started = time.perf_counter()
    body = api_floor_view(request).content
    seconds = time.perf_counter() - started
    return seconds, json.loads(body)


def api_check(candidate: dict[str, Any], baseline: dict[str, Any]) -> None:
    """Same count, the same buildings in the same order, and every field equal."""
    if candidate["count"] != baseline["count"]:
        raise Mismatch(f"count {candidate['count']} from the API, {baseline['count']} floor")
    api_ids = [row["bagId"] for row in candidate["results"]]
    floor_ids = [row["bagId"] for row in baseline["results"]]
    if api_ids != floor_ids:
        raise Mismatch(f"pages differ: API {api_ids[:5]}..., floor {floor_ids[:5]}...")
    for api_row, floor_row in zip(candidate["results"], baseline["results"], strict=True):
        if api_row != floor_row:
            differ = {k: (api_row.get(k), floor_row.get(k)) for k in api_row | floor_row}
            differ = {k: v for k, v in differ.items() if v[0] != v[1]}
            raise Mismatch(f"building {api_row['bagId']} differs (API, floor): {differ}")
    if (candidate["next"] is None) != (baseline["next"] is None):
        raise Mismatch(f"next: API {candidate['next']}, floor {baseline['next']}")


def api_import_candidate(*, key: str, path: Path) -> tuple[float, int]:
    """POST /api/v1/vacancy-records/_import of the CSV file (text/csv), rolled back; returns the
    rows it counted (created + updated + unchanged)."""
    import json

    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    data = path.read_bytes()
    with transaction.atomic():
        started = time.perf_counter()
        response = client.post(
            "/api/v1/vacancy-records/_import", data=data, content_type="text/csv"
        )
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what the commit would check
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    if response.status_code != 200:
        raise Mismatch(f"the import answered {response.status_code}: {response.content[:300]!r}")
    result = json.loads(response.content)
    return seconds, result["created"] + result["updated"] + result["unchanged"]
