"""Benchmark datasets: the national demo dataset, or a generated one at a chosen scale.

The generated dataset is written set-based in SQL (generate_series; pseudo-random numbers from
hashint8extended of a building number and a salt, so it is the same in every run and in any
order of evaluation). Scale 1 is 15,000 buildings with a quarterly record from 2008 (with gaps,
mid-quarter observations, completions and withdrawals, owners who stop reporting, and runs
above 80% of varying length, some interrupted);
scale 10 is 150,000 buildings and about ten million records.

Databases of their own (`kantorentop_bench<scale>x`) hold the generated datasets, created on the
same server as the development database and migrated like it. They are kept: a run finds the
dataset of its scale and does not generate it again.
"""

from __future__ import annotations

import datetime
import os
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BUILDINGS_PER_SCALE = 15_000
HISTORY_START = datetime.date(2008, 3, 31)
# BAG pand ids 9999 10 nnnnnnnnnn: the 4-digit municipality part of a real id is never 9999.
BAG_PREFIX = "999910"
MARKER_TABLE = "bench_dataset"


def last_quarter_end(on: datetime.date) -> datetime.date:
    """The last quarter end (31 Mar, 30 Jun, 30 Sep, 31 Dec) on or before `on`."""
    ends = [
        datetime.date(on.year - 1, 12, 31),
        datetime.date(on.year, 3, 31),
        datetime.date(on.year, 6, 30),
        datetime.date(on.year, 9, 30),
        datetime.date(on.year, 12, 31),
    ]
    return max(end for end in ends if end <= on)


def base_database_url(project_dir: Path) -> str:
    """DATABASE_URL, else the embedded development server's URL (as the settings do)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        url = (project_dir / "var" / "database-url").read_text().strip()
    return url


def database_url_for(url: str, name: str) -> str:
    """The same server's URL with another database name."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def bench_database_name(scale: float) -> str:
    label = f"{scale:g}".replace(".", "_")
    return f"kantorentop_bench{label}x"


def database_create(url: str, name: str) -> bool:
    """Create database `name` on the server of `url` unless it exists; True when created."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                return False
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return True
    finally:
        connection.close()


@dataclass(frozen=True)
class DatasetInfo:
    """What a benchmark ran on."""

    label: str
    database: str
    buildings: int
    records: int
    history_end: datetime.date
    generated_seconds: float | None = None


def _uniform(key: str, salt: int) -> str:
    """SQL for a pseudo-random number in (0, 1) from a bigint key and a salt."""
    return f"(((hashint8extended(({key})::bigint, {salt}) & 2147483647) + 0.5) / 2147483648.0)"


def _buildings_sql(prefix: str) -> str:
    u = _uniform
    return f"""
    INSERT INTO buildings_building (
        created_at, updated_at, bag_id, name, street, house_number, postcode, city,
        lettable_floor_area_m2, status, completed_on, withdrawn_on, municipality_id
    )
    SELECT now(), statement_timestamp(), %(prefix)s || lpad(g::text, 10, '0'), 'Bench ' || g,
           '', '', '', '',
           s.lettable,
           CASE WHEN s.withdrawn_on IS NULL THEN 'in_use' ELSE 'transformed' END,
           s.completed_on, s.withdrawn_on, s.municipality_id
    FROM (
        SELECT g, m.ids[1 + floor({u("g", 1)} * cardinality(m.ids))::int] AS municipality_id,
               -- log-normal floor areas, median 2,500 m2
               greatest(100, least(200000, round(exp(
                   ln(2500) + sqrt(-2 * ln({u("g", 2)})) * cos(2 * pi() * {u("g", 3)})
               ))))::int AS lettable,
               c.completed_on,
               CASE WHEN {u("g", 6)} < 0.15 THEN
                   greatest(c.completed_on, %(start)s::date) + floor({u("g", 7)}
                       * (%(end)s::date - greatest(c.completed_on, %(start)s::date)))::int
               END AS withdrawn_on
        FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g
        CROSS JOIN (
            SELECT array_agg(id ORDER BY code) AS ids FROM regions_municipality
            WHERE dissolved_on IS NULL
        ) m
        CROSS JOIN LATERAL (
            SELECT CASE
                WHEN {u("g", 4)} < 0.9 THEN DATE '1960-01-01' + floor({u("g", 5)} * 17500)::int
                ELSE %(start)s::date + floor({u("g", 5)} * (%(end)s::date - %(start)s::date))::int
            END AS completed_on
        ) c
    ) s
    """.replace("%(prefix)s", f"'{prefix}'")  # noqa: S608 (constant prefix)


def _records_sql(prefix: str) -> str:
    u = _uniform
    key = "k.n * 1000 + q.i"
    return f"""
    INSERT INTO buildings_vacancyrecord (
        building_id, observed_on, vacant_area_m2, source, note, recorded_at
    )
    SELECT k.id, q.quarter_end - k.offset_days,
           least(k.lettable, round(k.lettable * CASE
               WHEN q.i BETWEEN k.episode_start AND k.episode_start + k.episode_length - 1
                    -- a dip below the threshold now and then interrupts a run
                    THEN CASE WHEN {u(key, 22)} < 0.02 THEN 0.5 ELSE k.episode_share END
               ELSE least(0.8, k.base_share * (0.5 + {u(key, 21)}))
           END))::int,
           'survey', '', statement_timestamp()
    FROM (
        SELECT b.id, b.lettable_floor_area_m2 AS lettable, b.completed_on, b.withdrawn_on,
               n,
               CASE WHEN {u("n", 11)} < 0.4 THEN 0 ELSE power({u("n", 10)}, 3) * 0.6 END
                   AS base_share,
               CASE WHEN {u("n", 12)} < 0.2 THEN floor({u("n", 13)} * %(quarters)s)::int
                    ELSE -1000 END AS episode_start,
               -- a few owners stop reporting: their data goes stale
               CASE WHEN {u("n", 19)} < 0.04 THEN floor({u("n", 23)} * %(quarters)s)::int
                    ELSE %(quarters)s END AS reported_until,
               2 + floor({u("n", 14)} * 50)::int AS episode_length,
               CASE WHEN {u("n", 16)} < 0.4 THEN 1.0 ELSE 0.81 + 0.19 * {u("n", 15)} END
                   AS episode_share,
               CASE WHEN {u("n", 17)} < 0.3 THEN floor({u("n", 18)} * 60)::int ELSE 0 END
                   AS offset_days
        FROM buildings_building b
        CROSS JOIN LATERAL (SELECT right(b.bag_id, 10)::bigint AS n) keyed
        WHERE b.bag_id LIKE '{prefix}%%'
    ) k
    CROSS JOIN LATERAL (
        SELECT i, (DATE %(quarter_start)s + make_interval(months => 3 * (i + 1))
                   - interval '1 day')::date AS quarter_end
        FROM generate_series(0, %(quarters)s - 1) AS i
    ) q
    WHERE (k.completed_on IS NULL OR q.quarter_end >= k.completed_on)
      AND (k.withdrawn_on IS NULL OR q.quarter_end < k.withdrawn_on)
      AND q.i < k.reported_until
      AND {u(key, 20)} >= 0.05
    ORDER BY k.id, q.i
    """  # noqa: S608 (constant prefix)


def dataset_generate(
    *, buildings: int, history_end: datetime.date, fast: bool = False, prefix: str = BAG_PREFIX
) -> tuple[int, int]:
    """Write `buildings` generated buildings and their quarterly records up to `history_end`
    into the current database; returns (buildings, records). With `fast`, row triggers and
    foreign-key checks are skipped (session_replication_role: superuser, and the data is valid
    by construction); the tests keep them."""
    from django.db import connection

    from events.choices import ImportKind
    from events.services import bulk_change

    quarters = (
        (history_end.year - HISTORY_START.year) * 4
        + (history_end.month - HISTORY_START.month) // 3
        + 1
    )
    params = {
        "first": 1,
        "last": buildings,
        "start": HISTORY_START,
        "end": history_end,
        "quarters": quarters,
        "quarter_start": "2008-01-01",
    }
    # One event for the dataset (events.services); with `fast`, no trigger writes any.
    with bulk_change(kind=ImportKind.DEMO), connection.cursor() as cursor:
        if fast:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(_buildings_sql(prefix), params)
        made = cursor.rowcount
        cursor.execute("ANALYZE buildings_building")
        sql = _records_sql(prefix).replace(
            "DATE %(quarter_start)s", f"DATE '{params['quarter_start']}'"
        )
        cursor.execute(sql, params)
        records = cursor.rowcount
    return made, records


def marker_read(scale: float) -> DatasetInfo | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"""CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (
                scale double precision PRIMARY KEY, buildings integer NOT NULL,
                records bigint NOT NULL, history_end date NOT NULL,
                seconds double precision NOT NULL, generated_at timestamptz NOT NULL
            )"""
        )
        cursor.execute(
            f"SELECT buildings, records, history_end, seconds FROM {MARKER_TABLE} "  # noqa: S608
            "WHERE scale = %s",
            [scale],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return DatasetInfo(
        label=f"generated, scale {scale:g}",
        database=connection.settings_dict["NAME"],
        buildings=row[0],
        records=row[1],
        history_end=row[2],
        generated_seconds=row[3],
    )


def generated_dataset_ensure(*, scale: float, log) -> DatasetInfo:  # type: ignore[no-untyped-def]
    """The generated dataset of `scale` in the current database, generated when missing."""
    from django.db import connection

    existing = marker_read(scale)
    if existing is not None:
        log(f"dataset of scale {scale:g} present ({existing.buildings} buildings), not regenerated")
        return existing
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM buildings_building")
        if cursor.fetchone()[0]:
            raise SystemExit(
                f"{connection.settings_dict['NAME']} holds buildings but no dataset marker: "
                "drop that database to regenerate it."
            )
    history_end = last_quarter_end(datetime.date.today())
    buildings = round(BUILDINGS_PER_SCALE * scale)
    log(f"generating {buildings} buildings and their records up to {history_end} ...")
    started = time.monotonic()
    made, records = dataset_generate(buildings=buildings, history_end=history_end, fast=True)
    log(f"  {made} buildings, {records} records in {time.monotonic() - started:.0f} s; analyze")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE buildings_building")
        cursor.execute("VACUUM ANALYZE buildings_vacancyrecord")
    seconds = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s, %s, %s, %s, now())",  # noqa: S608
            [scale, made, records, history_end, seconds],
        )
    log(f"  generated in {seconds:.0f} s")
    return marker_read(scale)  # type: ignore[return-value]


def demo_dataset_info() -> DatasetInfo:
    """The national demo dataset in the development database (loaded by `make demo`)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT history_end FROM demo_demodataset ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
        if row is None:
            raise SystemExit("No demo dataset in the database: run `make demo` first.")
        cursor.execute("SELECT count(*) FROM buildings_building")
        buildings = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM buildings_vacancyrecord")
        records = cursor.fetchone()[0]
    return DatasetInfo(
        label="national demo dataset",
        database=connection.settings_dict["NAME"],
        buildings=buildings,
        records=records,
        history_end=row[0],
    )
