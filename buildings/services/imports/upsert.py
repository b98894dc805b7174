"""The write: first a plain INSERT of every staged row as a new record, and where that cannot
write them all, the checks and one INSERT ... ON CONFLICT DO UPDATE.

Most imports bring new records (the next quarter's observations). For them a plain INSERT that
checks what the database does not check itself (insert_new) writes the same rows as the checks
and the upsert would, in one pass over the staged rows and without the upsert's speculative
insertion. Every other rule holds in the database: the records' unique (building, date) index
(a record that exists already, or a second row for a building and date), the check constraints
(not before 1990, an area of 0 or more, a known source, the note's length) and the statement
triggers (vacant <= lettable, not in the future; docs/adr/0009). Where any row breaks a rule,
or names no building the caller may see, insert_new writes nothing (its savepoint is rolled
back) and the service runs the checks (checks), which report every bad row, and the upsert,
which replaces existing records.

The time written is the statement's, the database's modification time (so its trigger has
nothing to do for a new record).
"""

from __future__ import annotations

from typing import Any

from django.db import DataError, IntegrityError, transaction

from buildings.services.imports.checks import staged_values_sql

# The rows of insert_new: what the quick pass of checks (_ALL_GOOD_SQL) vouches for beyond the
# database's own constraints and triggers. A building the caller may see (the join, `visible`
# from check_params), a row without a problem from staging, a date written as YYYY-MM-DD and a
# whole number written plainly (their casts give back their text; the date's only in the ISO
# DateStyle, which the pseudo-constant condition asks once per statement) and no later than
# `today` (the checks' day, not the trigger's). The checks' upper bound of 999,999,999 m2 needs
# no test here: the trigger holds the area to the building's lettable area, which a constraint
# holds to 500,000 m2. A value no cast takes raises: then the checks decide.
_INSERT_NEW_SQL = """
    INSERT INTO buildings_vacancyrecord
        (building_id, observed_on, vacant_area_m2, source, note,
         recorded_by_id, recorded_by_client_id, recorded_at)
    SELECT t.building_id, t.observed, t.vacant, t.source_key, t.note,
           %(user_id)s, %(client_id)s, statement_timestamp()
    FROM (
        SELECT b.id AS building_id, r.*,
               r.observed_raw::date AS observed, r.vacant_raw::int AS vacant
        FROM (
            {staged}
        ) r
        JOIN buildings_building b ON b.bag_id = r.bag_key AND {visible}
        OFFSET 0
    ) t
    WHERE t.problem IS NULL
      AND current_setting('DateStyle') LIKE 'ISO%%'
      AND t.observed::text = t.observed_raw AND t.observed <= %(today)s
      AND t.vacant::text = t.vacant_raw
    -- The records index's order, as the upsert writes: concurrent imports take their keys in
    -- one order, and the index pages are visited once each.
    ORDER BY 1, 2
"""

# Whether one of the first rows of the file names a record that exists: then the file most
# likely re-sends records, and a plain INSERT would fail on them after joining and sorting every
# row. Its cast may fail, as the INSERT's: then the checks decide.
_PROBE_ROWS = 100
_PROBE_SQL = """
    SELECT EXISTS (
        SELECT 1
        FROM (SELECT bag_id, observed_on FROM {staging} LIMIT %(probe_rows)s) s
        JOIN buildings_building b ON b.bag_id = btrim(s.bag_id)
        JOIN buildings_vacancyrecord r
          ON r.building_id = b.id AND r.observed_on = btrim(s.observed_on)::date
    )
"""


def insert_new(
    cursor: Any,
    staging: str,
    total: int,
    visible: str,
    params: dict[str, Any],
    ids: tuple[int | None, int | None],
) -> bool:
    """Insert every staged row as a new record, all or none; whether it did.

    `visible` and `params` come from check_params, `ids` are the recorder's user and API client.
    False (nothing written) where a row breaks a rule, names no building the caller may see or a
    record that exists already, or where a concurrent writer stored one of its records first: then
    the checks and the upsert decide, as for any import. Where one of the first rows names a
    stored record, False at once.
    """
    user_id, client_id = ids
    sql = _INSERT_NEW_SQL.format(staged=staged_values_sql(staging, "problem"), visible=visible)
    try:
        with transaction.atomic():
            cursor.execute(_PROBE_SQL.format(staging=staging), {"probe_rows": _PROBE_ROWS})
            if cursor.fetchone()[0]:
                return False
            cursor.execute(sql, {**params, "user_id": user_id, "client_id": client_id})
            if cursor.rowcount != total:
                # Some rows left out: roll the others back (the savepoint) as well.
                raise _NotAllNew()
    except (_NotAllNew, IntegrityError, DataError):
        return False
    return True


class _NotAllNew(Exception):
    """insert_new could not write every staged row."""


def upsert(
    cursor: Any, staging: str, user_id: int | None, client_id: int | None
) -> tuple[int, int]:
    """Insert new records, replace those whose values differ; (created, updated).

    Only after all_good or row_errors (checks) found every row good (well-formed, in scope, one
    per building and date): the casts cannot fail.
    """
    cursor.execute(
        f"""
        WITH upserted AS (
            INSERT INTO buildings_vacancyrecord AS r
                (building_id, observed_on, vacant_area_m2, source, note,
                 recorded_by_id, recorded_by_client_id, recorded_at)
            SELECT b.id, btrim(s.observed_on)::date, btrim(s.vacant_area_m2)::int,
                   lower(btrim(s.source)), coalesce(s.note, ''), %s, %s,
                   statement_timestamp()
            FROM {staging} s
            JOIN buildings_building b ON b.bag_id = btrim(s.bag_id)
            ORDER BY 1, 2
            ON CONFLICT (building_id, observed_on) DO UPDATE SET
                vacant_area_m2 = EXCLUDED.vacant_area_m2,
                source = EXCLUDED.source,
                note = EXCLUDED.note,
                recorded_by_id = EXCLUDED.recorded_by_id,
                recorded_by_client_id = EXCLUDED.recorded_by_client_id,
                recorded_at = EXCLUDED.recorded_at
            WHERE (r.vacant_area_m2, r.source, r.note)
                  IS DISTINCT FROM (EXCLUDED.vacant_area_m2, EXCLUDED.source, EXCLUDED.note)
            -- xmax is 0 on a freshly inserted row version and set on an updated one.
            RETURNING (r.xmax = 0) AS inserted
        )
        SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
        FROM upserted
        """,  # noqa: S608
        [user_id, client_id],
    )
    created, updated = cursor.fetchone()
    return created, updated
