"""The checks in SQL: whether any staged row breaks a rule, and if so which rows and why.

One pass (all_good) tells whether every row is certainly good; only when it cannot vouch for
every row does row_errors name every bad row with its number and reasons (data rows count from
1, the header is row 0), the first MAX_REPORTED_ERRORS of them and their count. Then nothing is
written. A building outside the caller's scope counts as unknown, by the same rule as the
querysets (`Building.objects.visible_to`).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import DataError, transaction
from django.utils.translation import gettext as _

from buildings.choices import RecordSource
from buildings.models import EARLIEST_OBSERVATION, Building
from buildings.models.vacancy import NOTE_MAX_LENGTH
from buildings.services.errors import RowError
from kantorentop.accounts.scopes import Scope
from kantorentop.core.templatetags.dutch import dutch_date, dutch_number
from kantorentop.core.validators import BAG_PAND_ID_PATTERN

MAX_REPORTED_ERRORS = 1000

# The codes whose value the checks have read (a date, a number): the message writes it in Dutch
# notation. The others quote the row's text as it was, so that the user finds it in the file.
_READ_DATES = {"future", "too_early"}
_READ_NUMBERS = {"exceeds_lettable", "too_long"}


def _shown_value(code: str, value: str) -> str:
    if code in _READ_DATES:
        return dutch_date(datetime.date.fromisoformat(value))
    if code in _READ_NUMBERS:
        return dutch_number(value)
    return value


def _messages(row: Mapping[str, Any]) -> str:
    """The reason for one error found in SQL."""
    code, value = row["code"], row["value"]
    messages = {
        "required": _("This value is missing."),
        "invalid_bag_id": _(
            "%(value)s is not a BAG pand id: 16 digits, of which digits 5 and 6 are 10."
        ),
        "unknown_building": _("No building with BAG id %(value)s within your scope."),
        "invalid_date": _("%(value)s is not a date: write it as YYYY-MM-DD, such as 2024-03-31."),
        "future": _("The observation date %(value)s is in the future."),
        "too_early": _("The observation date %(value)s is before 1 January 1990."),
        "invalid_integer": _("%(value)s is not a whole number of m2 (0 or more)."),
        "exceeds_lettable": _(
            "%(value)s m2 vacant is more than the building's lettable area of %(lettable)s m2."
        ),
        "invalid_choice": _("%(value)s is not a source; the sources are: %(choices)s."),
        "duplicate": _("A second row for the same building and date; the first is row %(first)s."),
        "too_long": _("The note has %(value)s characters; at most %(note_max)s are allowed."),
    }
    return messages[code] % {
        "value": _shown_value(code, value),
        "lettable": dutch_number(row["lettable"]),
        "first": row["first_row"],
        "choices": ", ".join(RecordSource.values),
        "note_max": dutch_number(NOTE_MAX_LENGTH),
    }


def _fetch_dicts(cursor: Any) -> list[dict[str, Any]]:
    names = [column.name for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _visible_building_ids_sql(scope: Scope) -> tuple[str, tuple[Any, ...]] | None:
    """The SQL of the ids of buildings the scope may see (the same rule as the querysets), or
    None where it sees every building (a national scope): then no join limits the rows."""
    ids = Building.objects.visible_to(scope).order_by().values("id")
    if not ids.query.where:
        return None
    sql, params = ids.query.sql_with_params()
    return sql, tuple(params)


# The staged rows' values as the checks and the write read them (staged_values_sql).
_STAGED_SQL = """SELECT {leading}
                   coalesce(btrim(bag_id), '') AS bag_key,
                   coalesce(btrim(observed_on), '') AS observed_raw,
                   coalesce(btrim(vacant_area_m2), '') AS vacant_raw,
                   coalesce(lower(btrim(source)), '') AS source_key,
                   {note}
            FROM {staging}
            OFFSET 0"""


def staged_values_sql(staging: str, *columns: str, note: str = "coalesce(note, '') AS note") -> str:
    """The staged rows' values: trimmed, the source in lower case, '' for none; the staging
    table's `columns` first and `note` last. OFFSET 0 keeps it a subquery of its own, so that
    each value is computed once, not once per reference."""
    leading = "".join(f"{column}, " for column in columns)
    return _STAGED_SQL.format(leading=leading, note=note, staging=staging)


# The staged text parsed strictly, with each row's building (NULL: unknown or out of scope), for
# _ERRORS_SQL: a window over all rows and five checks per row name every bad row and field. It
# runs only when _ALL_GOOD_SQL cannot vouch for every row.
_PARSED_SQL = """
    SELECT p.*, b.id AS building_id, b.lettable_floor_area_m2 AS lettable
    FROM (
        SELECT t.*,
               CASE
                   WHEN t.observed_raw
                        !~ '^[0-9]{{4}}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' THEN NULL
                   WHEN t.observed_raw LIKE '0000%%' THEN NULL
                   -- Days 29-31 exist in some months only.
                   WHEN substr(t.observed_raw, 9, 2) > '28'
                        AND substr(t.observed_raw, 9, 2)::int > extract(day FROM
                            make_date(substr(t.observed_raw, 1, 4)::int,
                                      substr(t.observed_raw, 6, 2)::int, 1)
                            + interval '1 month' - interval '1 day')::int THEN NULL
                   ELSE t.observed_raw::date
               END AS observed,
               CASE WHEN t.vacant_raw ~ '^[0-9]{{1,9}}$' THEN t.vacant_raw::int END AS vacant
        FROM (
            {staged}
        ) t
        OFFSET 0
    ) p
    LEFT JOIN buildings_building b
           ON b.bag_id = p.bag_key AND p.problem IS NULL AND {visible}
"""

# Whether every row is certainly good, in one pass: plain casts compared with the text they came
# from (a strict ISO date, a whole number written plainly), cheaper than the patterns of
# _PARSED_SQL. A value the casts refuse raises, and a row they doubt (such as 007 m2) counts as
# bad: either way _ERRORS_SQL decides. Rows this finds good, _ERRORS_SQL finds good too.
# upsert.insert_new writes new records without this pass: its INSERT tests what this pass tests
# and the records table does not hold itself. A new rule here that the table does not hold
# belongs there too.
_ALL_GOOD_SQL = """
    SELECT NOT (bool_or(c.bad) OR count(c.pair) > count(DISTINCT c.pair))
    FROM (
        SELECT (t.problem IS NOT NULL
                OR b.id IS NULL
                OR to_char(t.observed, 'YYYY-MM-DD') <> t.observed_raw
                OR t.observed > %(today)s OR t.observed < %(earliest)s
                OR t.vacant::text <> t.vacant_raw OR t.vacant < 0 OR t.vacant > 999999999
                OR t.vacant > b.lettable_floor_area_m2
                OR NOT t.source_key = ANY(%(sources)s)
                OR t.note_length > %(note_max)s) AS bad,
               -- A second row for a building and date: one number per pair (days < 100,000).
               b.id * 100000 + (t.observed - DATE '1990-01-01') AS pair
        FROM (
            SELECT r.*, r.observed_raw::date AS observed, r.vacant_raw::int AS vacant
            FROM (
                {staged}
            ) r
            OFFSET 0
        ) t
        LEFT JOIN buildings_building b
               ON b.bag_id = t.bag_key AND t.problem IS NULL AND {visible}
        OFFSET 0
    ) c
"""

_ERRORS_SQL = """
    WITH firsts AS (
        SELECT c.*,
               min(row_no) OVER (PARTITION BY building_id, observed) AS first_row
        FROM ({parsed}) c
    ),
    found AS (
        SELECT f.row_no, e.position, e.field, e.code, e.value, e.reason, f.lettable,
               f.first_row
        FROM firsts f
        CROSS JOIN LATERAL (VALUES
            (0, NULL, f.problem, NULL, f.problem_reason),
            (1, 'bagId', CASE
                WHEN f.problem IS NOT NULL THEN NULL
                WHEN f.bag_key = '' THEN 'required'
                WHEN f.bag_key !~ %(bag_pattern)s THEN 'invalid_bag_id'
                WHEN f.building_id IS NULL THEN 'unknown_building'
             END, f.bag_key, NULL),
            (2, 'observedOn', CASE
                WHEN f.problem IS NOT NULL THEN NULL
                WHEN f.observed_raw = '' THEN 'required'
                WHEN f.observed IS NULL THEN 'invalid_date'
                WHEN f.observed > %(today)s THEN 'future'
                WHEN f.observed < %(earliest)s THEN 'too_early'
                WHEN f.building_id IS NOT NULL AND f.row_no > f.first_row THEN 'duplicate'
             END, f.observed_raw, NULL),
            (3, 'vacantAreaM2', CASE
                WHEN f.problem IS NOT NULL THEN NULL
                WHEN f.vacant_raw = '' THEN 'required'
                WHEN f.vacant IS NULL THEN 'invalid_integer'
                WHEN f.vacant > f.lettable THEN 'exceeds_lettable'
             END, f.vacant_raw, NULL),
            (4, 'source', CASE
                WHEN f.problem IS NOT NULL THEN NULL
                WHEN f.source_key = '' THEN 'required'
                WHEN NOT f.source_key = ANY(%(sources)s) THEN 'invalid_choice'
             END, f.source_key, NULL),
            (5, 'note', CASE
                WHEN f.problem IS NOT NULL THEN NULL
                WHEN char_length(f.note) > %(note_max)s THEN 'too_long'
             END, char_length(f.note)::text, NULL)
        ) AS e(position, field, code, value, reason)
        WHERE e.code IS NOT NULL
    )
    SELECT *, count(*) OVER () AS total FROM found
    ORDER BY row_no, position
    LIMIT %(limit)s
"""


def check_params(scope: Scope, today: datetime.date) -> tuple[str, dict[str, Any]]:
    """The condition on a building `b` that the scope may see (SQL to inline, its parameters
    bound by name) and the parameters."""
    params: dict[str, Any] = {
        "bag_pattern": BAG_PAND_ID_PATTERN,
        "today": today,
        "earliest": EARLIEST_OBSERVATION,
        "sources": list(RecordSource.values),
        "limit": MAX_REPORTED_ERRORS,
        "note_max": NOTE_MAX_LENGTH,
    }
    visible = _visible_building_ids_sql(scope)
    if visible is None:
        return "TRUE", params
    visible_sql, visible_params = visible
    names = []
    for number, value in enumerate(visible_params):
        names.append(f"%(visible_{number})s")
        params[f"visible_{number}"] = value
    # The queryset's SQL has positional placeholders only; % signs in it are doubled already.
    return f"b.id IN ({visible_sql % tuple(names)})", params


def all_good(cursor: Any, staging: str, visible: str, params: dict[str, Any]) -> bool:
    """Whether every row is certainly good (one pass, casts instead of patterns); False sends
    the rows to row_errors, which decides."""
    try:
        with transaction.atomic():
            cursor.execute(
                _ALL_GOOD_SQL.format(
                    staged=staged_values_sql(
                        staging, "problem", note="coalesce(char_length(note), 0) AS note_length"
                    ),
                    visible=visible,
                ),
                params,
            )
            return bool(cursor.fetchone()[0])
    except DataError:
        return False  # a value no cast takes: certainly not all good


def row_errors(
    cursor: Any, staging: str, visible: str, params: dict[str, Any]
) -> tuple[list[RowError], int]:
    """Every bad row with a reason per bad field (the first MAX_REPORTED_ERRORS), and the count."""
    parsed = _PARSED_SQL.format(
        staged=staged_values_sql(staging, "row_no", "problem", "problem_reason"), visible=visible
    )
    cursor.execute(_ERRORS_SQL.format(parsed=parsed), params)
    rows = _fetch_dicts(cursor)
    errors = [
        RowError(row["row_no"], row["field"], row["code"], row["reason"] or _messages(row))
        for row in rows
    ]
    return errors, (rows[0]["total"] if rows else 0)
