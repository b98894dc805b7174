"""The write: one INSERT ... ON CONFLICT DO UPDATE of every staged row.

It touches only records whose values differ, and counts created, updated and unchanged. The
records table's statement triggers check vacant <= lettable again (docs/adr/0009). The time
written is the statement's, the database's modification time (so its trigger has nothing to do
for a new record).
"""

from __future__ import annotations

from typing import Any


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
