"""Import of many vacancy records at once: all or nothing, validated in SQL.

The input (CSV bytes or an iterable of dicts) is streamed with COPY into a temporary staging
table, so memory stays flat however many rows come in. A CSV file's own bytes go to COPY as
they are (the header is read here); only where COPY refuses them (a wrong number of values, bad
quoting, a blank line, invalid UTF-8) does the slow path parse the rows in Python, keeping each
problem with its row. One pass in SQL then tells whether any row breaks a rule; only then is
every bad row reported with its number and reasons (data rows count from 1, the header is row
0), and nothing is written. Otherwise one INSERT ... ON CONFLICT DO UPDATE writes the rows,
touching only records whose values differ, and counts created, updated and unchanged. The
records table's statement triggers check vacant <= lettable again (docs/adr/0009).

Records and the job's final state are written in one transaction. Progress of a job (rows read,
the total) is written through a second connection, so the dashboard can poll it while the
import's transaction is still open.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import logging
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    DataError,
    connection,
    connections,
    transaction,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from buildings.choices import ImportJobStatus, RecordSource
from buildings.models import EARLIEST_OBSERVATION, Building, ImportJob
from buildings.services.errors import ImportRejected, OutOfScope, RowError
from buildings.services.records import history_context
from kantorentop.accounts.scopes import Scope
from kantorentop.core.validators import BAG_PAND_ID_PATTERN

logger = logging.getLogger(__name__)

__all__ = ["ImportRejected", "ImportResult", "RowError", "vacancy_records_import"]

MAX_REPORTED_ERRORS = 1000
READ_CHUNK_BYTES = 64 * 1024
HEADER_CHUNK_BYTES = 4 * 1024
PROGRESS_EVERY_ROWS = 10_000
MAX_LINE_LENGTH = 1024 * 1024

# Canonical column -> the name the API and error reports use.
COLUMNS = {
    "bag_id": "bagId",
    "observed_on": "observedOn",
    "vacant_area_m2": "vacantAreaM2",
    "source": "source",
    "note": "note",
}
REQUIRED_COLUMNS = ("bag_id", "observed_on", "vacant_area_m2", "source")


def _column_key(name: str) -> str:
    """`bagId`, `bag_id` and `BAG ID` are the same column."""
    return re.sub(r"[\s_\-]", "", name.strip().lower())


COLUMN_KEYS = {_column_key(name): name for name in COLUMNS}


@dataclass(frozen=True)
class ImportResult:
    """What an import did: records created, replaced with other values, and left as they were."""

    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


# --- reading the input ------------------------------------------------------------------------

# A staged row: number, problem code, problem reason, then the five columns as text.
StagedRow = tuple[int, str, str, str, str, str, str, str]


def _problem_row(row_no: int, code: str, reason: str) -> StagedRow:
    return (row_no, code, reason, "", "", "", "", "")


def _text_lines(source: IO[bytes] | IO[str]) -> Iterator[str]:
    """Lines of a UTF-8 file (BOM or not), read in chunks; each ends with its newline.

    Each line is decoded on its own (a newline byte never occurs inside a UTF-8 character), so
    a decoding error belongs to its row. Splits on "\\n" only: csv joins quoted fields itself.
    """
    pending: Any = None
    while True:
        chunk: Any = source.read(READ_CHUNK_BYTES)
        if not chunk:
            break
        if pending is None:
            pending = chunk[:0]
            chunk = chunk.removeprefix("\ufeff" if isinstance(chunk, str) else codecs.BOM_UTF8)
        *lines, pending = (pending + chunk).split("\n" if isinstance(chunk, str) else b"\n")
        for line in lines:
            yield _decoded(line) + "\n"
        if len(pending) > MAX_LINE_LENGTH:
            raise LineTooLong(
                _("a line longer than %(limit)d characters") % {"limit": MAX_LINE_LENGTH}
            )
    if pending:
        yield _decoded(pending)


class LineTooLong(ValueError):
    """A line without end: not a CSV file this import reads (old Mac line ends, binary data)."""


def _decoded(line: bytes | str) -> str:
    return line if isinstance(line, str) else line.decode("utf-8")


def _header_positions(names: Sequence[str]) -> dict[str, int]:
    """Map canonical columns to their position; refuse a header that lacks or repeats one."""
    positions: dict[str, int] = {}
    unknown = []
    for position, name in enumerate(names):
        column = COLUMN_KEYS.get(_column_key(name))
        if column is None:
            if name.strip():
                unknown.append(name.strip())
            continue
        if column in positions:
            raise ImportRejected(
                [
                    RowError(
                        0,
                        COLUMNS[column],
                        "duplicate_column",
                        _("The header names the column %(name)s twice.") % {"name": name},
                    )
                ]
            )
        positions[column] = position
    errors = []
    missing = [COLUMNS[c] for c in REQUIRED_COLUMNS if c not in positions]
    if missing:
        errors.append(
            RowError(
                0,
                None,
                "missing_columns",
                _("The header lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)},
            )
        )
    if unknown:
        errors.append(
            RowError(
                0,
                None,
                "unknown_columns",
                _("Unknown columns: %(columns)s. The columns are %(known)s.")
                % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS.values())},
            )
        )
    if errors:
        raise ImportRejected(errors)
    return positions


def _csv_rows(source: IO[bytes] | IO[str]) -> Iterator[StagedRow]:
    """Check the header now (raising ImportRejected), then return the staged data rows lazily."""
    lines = _text_lines(source)
    try:
        header_line = next(lines, "")
    except (UnicodeDecodeError, LineTooLong):
        raise ImportRejected(
            [RowError(0, None, "encoding", _("The file is not UTF-8 CSV text."))]
        ) from None
    if not header_line.strip():
        raise ImportRejected([RowError(0, None, "empty", _("The file is empty."))])
    # Column names contain no separators, so the header tells which one the file uses.
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = next(csv.reader([header_line], delimiter=delimiter))
    positions = _header_positions(header)
    return _csv_data_rows(lines, delimiter, positions, len(header))


def _csv_data_rows(
    lines: Iterator[str], delimiter: str, positions: dict[str, int], width: int
) -> Iterator[StagedRow]:
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    row_no = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError, LineTooLong) as error:
            # The rest of the file cannot be read reliably: report this row and stop.
            yield _problem_row(
                row_no + 1,
                "unreadable",
                _("This row cannot be read (%(detail)s); nothing after it was read.")
                % {"detail": error},
            )
            return
        row_no += 1
        if not any(value.strip() for value in values):
            continue  # a blank line still counts, so row numbers match the file
        if len(values) != width:
            yield _problem_row(
                row_no,
                "column_count",
                _("This row has %(found)d values where the header has %(expected)d.")
                % {"found": len(values), "expected": width},
            )
            continue
        yield _staged(row_no, {column: values[p] for column, p in positions.items()})


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _dict_rows(items: Iterable[Mapping[str, Any]]) -> Iterator[StagedRow]:
    for row_no, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            yield _problem_row(row_no, "not_an_object", _("Each row is an object."))
            continue
        values: dict[str, str] = {}
        unknown = []
        for key, value in item.items():
            column = COLUMN_KEYS.get(_column_key(str(key)))
            if column is None:
                unknown.append(str(key))
            else:
                values[column] = _text(value)
        if unknown:
            yield _problem_row(
                row_no,
                "unknown_fields",
                _("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)},
            )
            continue
        yield _staged(row_no, values)


def _staged(row_no: int, values: Mapping[str, str]) -> StagedRow:
    texts = [values.get(column, "") for column in COLUMNS]
    if any("\x00" in text for text in texts):
        return _problem_row(row_no, "invalid_character", _("The row contains a NUL character."))
    return (row_no, "", "", *texts)  # type: ignore[return-value]


class _CsvStream(io.TextIOBase):
    """A file whose read() writes rows from an iterator as CSV on demand, for COPY FROM STDIN.

    Holds one chunk at a time, never the whole input. Counts rows for the progress callback.
    """

    def __init__(self, rows: Iterator[Sequence[object]], on_progress: Any = None) -> None:
        self._rows = rows
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")
        self._pending = ""
        self._on_progress = on_progress
        self.count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        size = -1 if size is None else size
        chunks = [self._pending]
        length = len(self._pending)
        while size < 0 or length < size:
            row = next(self._rows, None)
            if row is None:
                break
            self._writer.writerow(row)
            piece = self._buffer.getvalue()
            self._buffer.seek(0)
            self._buffer.truncate()
            chunks.append(piece)
            length += len(piece)
            self.count += 1
            if self._on_progress and self.count % PROGRESS_EVERY_ROWS == 0:
                self._on_progress(self.count)
        data = "".join(chunks)
        if size >= 0:
            data, self._pending = data[:size], data[size:]
        else:
            self._pending = ""
        return data


# --- job progress -----------------------------------------------------------------------------


class _JobProgress:
    """Writes a job's progress through a connection of its own, committed at once, so it shows
    while the import's transaction is open. Never writes the final state (that commits with the
    records), so it never waits for a lock the import holds."""

    def __init__(self, job: ImportJob | None) -> None:
        self.job = job
        self._connection: Any = None
        self._failed = False

    def update(self, **values: object) -> None:
        if self.job is None or self._failed:
            return
        assignments = ", ".join(f"{name} = %s" for name in values)
        try:
            if self._connection is None:
                self._connection = connections.create_connection(DEFAULT_DB_ALIAS)
                with self._connection.cursor() as cursor:
                    # Should a caller hold the job's row lock, waiting would hang the import.
                    cursor.execute("SET lock_timeout = '1s'")
            with self._connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE buildings_importjob SET {assignments}, updated_at = now() "  # noqa: S608
                    "WHERE id = %s",
                    [*values.values(), self.job.pk],
                )
        except DatabaseError:
            # Progress is a courtesy to the dashboard; the import's outcome is written with it.
            logger.warning("Progress of import job %s not written", self.job.pk, exc_info=True)
            self._failed = True

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _job_save(job: ImportJob, **values: object) -> None:
    for name, value in values.items():
        setattr(job, name, value)
    job.save(update_fields=[*values, "updated_at"])


# --- validation and writing in SQL ------------------------------------------------------------


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
    }
    return messages[code] % {
        "value": value,
        "lettable": row["lettable"],
        "first": row["first_row"],
        "choices": ", ".join(RecordSource.values),
    }


def _fetch_dicts(cursor: Any) -> list[dict[str, Any]]:
    names = [column.name for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _visible_building_ids_sql(scope: Scope) -> tuple[str, tuple[Any, ...]]:
    """The SQL of the ids of buildings the scope may see: the same rule as the querysets."""
    ids = Building.objects.visible_to(scope).order_by().values("id")
    sql, params = ids.query.sql_with_params()
    return sql, tuple(params)


STAGING_COLUMNS = ("row_no", "problem", "problem_reason", *COLUMNS)


def _staging_create(cursor: Any, table: str) -> None:
    """The staging table: every value as text (parsed strictly in SQL later), numbered rows."""
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE {table} (
            row_no integer GENERATED BY DEFAULT AS IDENTITY,
            problem text,
            problem_reason text,
            bag_id text,
            observed_on text,
            vacant_area_m2 text,
            source text,
            note text
        ) ON COMMIT DROP
        """
    )


def _stage_rows(cursor: Any, table: str, rows: Iterator[StagedRow], progress: _JobProgress) -> int:
    """The slow path: rows parsed in Python (each problem kept with its row), re-written as CSV
    into COPY."""
    stream = _CsvStream(rows, on_progress=lambda n: progress.update(processed_rows=n))
    cursor.copy_expert(
        f"COPY {table} ({', '.join(STAGING_COLUMNS)}) FROM STDIN WITH (FORMAT csv)",
        stream,
        # Positional: Django's debug cursor wrapper passes on only positional arguments.
        READ_CHUNK_BYTES,
    )
    return stream.count


class _NotPlainCsv(Exception):
    """The raw bytes cannot go to COPY as they are; the slow path reads them instead."""


_QUOTE, _CR, _LF = ord('"'), ord("\r"), ord("\n")


class _Quotes:
    """Follows the quotes of the file as both readers agree on them: a quote that opens a field
    (after a delimiter or a line end), one that closes it (before a delimiter or a line end), or
    two in a row inside a quoted field. Anything else is where they part: PostgreSQL takes a
    quote inside an unquoted field, or text after a closing quote, as quoting (and may join
    lines into one value), where Python's csv keeps the quote as text or refuses the row. Looks
    at the quotes only, so a file without quotes costs one `find` per chunk."""

    def __init__(self, delimiter: str) -> None:
        self._delimiter = ord(delimiter)
        self._quoted = False
        self._previous = _LF  # the byte before the chunk; the data starts on a new line
        self._maybe_closing = False  # a quote in a quoted field ended the previous chunk

    def plain(self, chunk: bytes) -> bool:
        """Whether the quotes of this chunk (after the earlier ones) are where both agree."""
        position = chunk.find(b'"')
        if self._maybe_closing:
            self._maybe_closing = False
            if chunk[0] == _QUOTE:  # the second of a pair
                position = chunk.find(b'"', 1)
            elif chunk[0] in (self._delimiter, _CR, _LF):
                self._quoted = False
            else:
                return False
        while position >= 0:
            if not self._quoted:
                before = chunk[position - 1] if position else self._previous
                if before not in (self._delimiter, _LF):
                    return False
                self._quoted = True
                position = chunk.find(b'"', position + 1)
                continue
            if position + 1 == len(chunk):
                self._maybe_closing = True
                break
            after = chunk[position + 1]
            if after == _QUOTE:
                position = chunk.find(b'"', position + 2)
                continue
            if after not in (self._delimiter, _CR, _LF):
                return False
            self._quoted = False
            position = chunk.find(b'"', position + 1)
        self._previous = chunk[-1]
        return True


class _RawCsv(io.RawIOBase):
    """The bytes after the header, passed to COPY unchanged, with the checks that keep COPY's
    reading equal to the slow path's: no `\\.` (an end-of-data marker to COPY), no carriage
    return but before a line feed, quotes only where both agree (_Quotes) and no line longer than
    MAX_LINE_LENGTH. Counts lines for the
    progress callback (a note over several lines counts more than once; the final count comes
    from COPY)."""

    def __init__(self, first: bytes, source: IO[bytes], delimiter: str, on_progress: Any) -> None:
        self._first: bytes | None = first
        self._source = source
        self._quotes = _Quotes(delimiter)
        self._on_progress = on_progress
        self._line_length = 0
        self._tail = b""
        self.lines = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if self._first is not None:
            chunk, self._first = self._first, None
        else:
            chunk = self._source.read(READ_CHUNK_BYTES if size is None or size < 0 else size)
        if not chunk:
            return b""
        if not isinstance(chunk, bytes) or b"\\." in chunk:
            raise _NotPlainCsv()
        if self._tail == b"\\" and chunk.startswith(b"."):
            raise _NotPlainCsv()  # split between two chunks
        # A carriage return ends a line only before a line feed for the slow path; COPY may
        # take one alone as the line end of the whole file.
        carriage_returns = chunk.count(b"\r") - chunk.endswith(b"\r")
        if carriage_returns != chunk.count(b"\r\n") or (
            self._tail == b"\r" and not chunk.startswith(b"\n")
        ):
            raise _NotPlainCsv()
        if not self._quotes.plain(chunk):
            raise _NotPlainCsv()
        self._tail = chunk[-1:]
        last_newline = chunk.rfind(b"\n")
        if last_newline < 0:
            self._line_length += len(chunk)
        else:
            self._line_length = len(chunk) - last_newline - 1
            before = self.lines // PROGRESS_EVERY_ROWS
            self.lines += chunk.count(b"\n")
            if self.lines // PROGRESS_EVERY_ROWS > before:
                self._on_progress(self.lines)
        if self._line_length > MAX_LINE_LENGTH:
            raise _NotPlainCsv()
        return chunk


def _header_line(source: IO[bytes]) -> tuple[bytes, bytes] | None:
    """The header line (BOM removed) and the bytes read after it, or None where the slow path
    must read the file (text, no line end within MAX_LINE_LENGTH)."""
    data = b""
    while b"\n" not in data:
        chunk = source.read(HEADER_CHUNK_BYTES)
        if not chunk or not isinstance(chunk, bytes):
            return None
        data += chunk
        if len(data) > MAX_LINE_LENGTH + len(codecs.BOM_UTF8):
            return None
    data = data.removeprefix(codecs.BOM_UTF8)
    end = data.index(b"\n") + 1
    return data[:end], data[end:]


def _stage_raw(cursor: Any, table: str, source: IO[bytes], progress: _JobProgress) -> int | None:
    """The fast path: the file's own bytes into COPY (comma or semicolon, the header read here).

    Returns the number of data rows, or None (nothing staged, the source rewound) where COPY
    cannot read the file as the slow path would: then the slow path reads it and names the bad
    rows (a wrong number of values, bad quoting, a blank line, invalid UTF-8, a NUL).
    """
    if not source.seekable():
        return None
    read = _header_line(source)
    if read is None:
        return None
    header_bytes, rest = read
    try:
        header_line = header_bytes.decode("utf-8")
    except UnicodeDecodeError:
        return None
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = next(csv.reader([header_line], delimiter=delimiter))
    try:
        positions = _header_positions(header)
    except ImportRejected:
        return None  # the slow path reports the header
    if len(positions) != len(header):
        return None  # a column without a name: its values decide whether a row is blank
    columns = sorted(positions, key=positions.__getitem__)
    stream = _RawCsv(rest, source, delimiter, lambda n: progress.update(processed_rows=n))
    try:
        with transaction.atomic():
            cursor.copy_expert(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH "
                f"(FORMAT csv, DELIMITER '{delimiter}')",
                stream,
                READ_CHUNK_BYTES,
            )
            copied = cursor.rowcount
            # Rows of empty values only are skipped, as the slow path skips them.
            cursor.execute(
                f"DELETE FROM {table} WHERE "  # noqa: S608
                + " AND ".join(f"coalesce({c}, '') ~ '^\\s*$'" for c in columns)
            )
            return int(copied - cursor.rowcount)
    # copy_expert is the driver's own: its errors come unwrapped by Django.
    except (DatabaseError, connection.Database.Error, _NotPlainCsv):  # type: ignore[attr-defined]
        return None


def _stage(cursor: Any, table: str, source: Any, progress: _JobProgress) -> int:
    """Stream the input into the staging table; returns the number of rows staged."""
    _staging_create(cursor, table)
    if hasattr(source, "read"):
        start = source.tell() if source.seekable() else None
        staged = _stage_raw(cursor, table, source, progress)
        if staged is not None:
            return staged
        if start is not None:
            source.seek(start)
        rows = _csv_rows(source)
    else:
        rows = _dict_rows(source)
    return _stage_rows(cursor, table, rows, progress)


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
            SELECT row_no, problem, problem_reason,
                   coalesce(btrim(bag_id), '') AS bag_key,
                   coalesce(btrim(observed_on), '') AS observed_raw,
                   coalesce(btrim(vacant_area_m2), '') AS vacant_raw,
                   coalesce(lower(btrim(source)), '') AS source_key,
                   coalesce(note, '') AS note
            FROM {staging}
            OFFSET 0  -- (both) each value computed once, not once per reference
        ) t
        OFFSET 0
    ) p
    LEFT JOIN buildings_building b
           ON b.bag_id = p.bag_key AND p.problem IS NULL AND b.id IN ({visible})
"""

# Whether every row is certainly good, in one pass: plain casts compared with the text they came
# from (a strict ISO date, a whole number written plainly), cheaper than the patterns of
# _PARSED_SQL. A value the casts refuse raises, and a row they doubt (such as 007 m2) counts as
# bad: either way _ERRORS_SQL decides. Rows this finds good, _ERRORS_SQL finds good too.
_ALL_GOOD_SQL = """
    SELECT NOT (bool_or(c.bad) OR count(c.pair) > count(DISTINCT c.pair))
    FROM (
        SELECT (t.problem IS NOT NULL
                OR b.id IS NULL
                OR to_char(t.observed, 'YYYY-MM-DD') <> t.observed_raw
                OR t.observed > %(today)s OR t.observed < %(earliest)s
                OR t.vacant::text <> t.vacant_raw OR t.vacant < 0 OR t.vacant > 999999999
                OR t.vacant > b.lettable_floor_area_m2
                OR NOT t.source_key = ANY(%(sources)s)) AS bad,
               -- A second row for a building and date: one number per pair (days < 100,000).
               b.id * 100000 + (t.observed - DATE '1990-01-01') AS pair
        FROM (
            SELECT r.*, r.observed_raw::date AS observed, r.vacant_raw::int AS vacant
            FROM (
                SELECT problem,
                       coalesce(btrim(bag_id), '') AS bag_key,
                       coalesce(btrim(observed_on), '') AS observed_raw,
                       coalesce(btrim(vacant_area_m2), '') AS vacant_raw,
                       coalesce(lower(btrim(source)), '') AS source_key
                FROM {staging}
                OFFSET 0  -- (all three) each value computed once, not once per reference
            ) r
            OFFSET 0
        ) t
        LEFT JOIN buildings_building b
               ON b.bag_id = t.bag_key AND t.problem IS NULL AND b.id IN ({visible})
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
             END, f.source_key, NULL)
        ) AS e(position, field, code, value, reason)
        WHERE e.code IS NOT NULL
    )
    SELECT *, count(*) OVER () AS total FROM found
    ORDER BY row_no, position
    LIMIT %(limit)s
"""


def _check_params(scope: Scope, today: datetime.date) -> tuple[str, dict[str, Any]]:
    """The visible-buildings SQL (inlined, its parameters bound by name) and the parameters."""
    visible_sql, visible_params = _visible_building_ids_sql(scope)
    params: dict[str, Any] = {
        "bag_pattern": BAG_PAND_ID_PATTERN,
        "today": today,
        "earliest": EARLIEST_OBSERVATION,
        "sources": list(RecordSource.values),
        "limit": MAX_REPORTED_ERRORS,
    }
    names = []
    for number, value in enumerate(visible_params):
        names.append(f"%(visible_{number})s")
        params[f"visible_{number}"] = value
    # The queryset's SQL has positional placeholders only; % signs in it are doubled already.
    return visible_sql % tuple(names), params


def _all_good(cursor: Any, staging: str, visible: str, params: dict[str, Any]) -> bool:
    """Whether every row is certainly good (one pass, casts instead of patterns); False sends
    the rows to _errors, which decides."""
    try:
        with transaction.atomic():
            cursor.execute(_ALL_GOOD_SQL.format(staging=staging, visible=visible), params)
            return bool(cursor.fetchone()[0])
    except DataError:
        return False  # a value no cast takes: certainly not all good


def _errors(
    cursor: Any, staging: str, visible: str, params: dict[str, Any]
) -> tuple[list[RowError], int]:
    """Every bad row with a reason per bad field (the first MAX_REPORTED_ERRORS), and the count."""
    parsed = _PARSED_SQL.format(staging=staging, visible=visible)
    cursor.execute(_ERRORS_SQL.format(parsed=parsed), params)
    rows = _fetch_dicts(cursor)
    errors = [
        RowError(row["row_no"], row["field"], row["code"], row["reason"] or _messages(row))
        for row in rows
    ]
    return errors, (rows[0]["total"] if rows else 0)


def _upsert(
    cursor: Any, staging: str, user_id: int | None, client_id: int | None
) -> tuple[int, int]:
    """Insert new records, replace those whose values differ; (created, updated).

    Only after _all_good or _errors found every row good (well-formed, in scope, one per
    building and date): the casts cannot fail.
    """
    cursor.execute(
        f"""
        WITH upserted AS (
            INSERT INTO buildings_vacancyrecord AS r
                (building_id, observed_on, vacant_area_m2, source, note,
                 recorded_by_id, recorded_by_client_id, recorded_at)
            SELECT b.id, btrim(s.observed_on)::date, btrim(s.vacant_area_m2)::int,
                   lower(btrim(s.source)), coalesce(s.note, ''), %s, %s, now()
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


# --- the service ------------------------------------------------------------------------------


def vacancy_records_import(
    *,
    source: IO[bytes] | IO[str] | Iterable[Mapping[str, Any]],
    scope: Scope,
    user: Any = None,
    api_client: Any = None,
    job: ImportJob | None = None,
) -> ImportResult:
    """Import vacancy records, all or nothing; a record for an existing date replaces it.

    `source` is a CSV file (bytes; comma or semicolon; UTF-8 with or without BOM; header
    `bagId,observedOn,vacantAreaM2,source,note`, also in snake_case; `note` optional) or an
    iterable of dicts with those keys. Raises OutOfScope for a read-only or empty scope, and
    ImportRejected with every bad row when any row is bad (then nothing is written). With a `job`,
    its progress and outcome are recorded on it.

    Not wrapped in one atomic block on purpose: the records and the job's outcome commit together,
    a rejected job's errors commit after the rollback.
    """
    if scope.read_only or scope.is_empty:
        raise OutOfScope()
    progress = _JobProgress(job)
    try:
        progress.update(status=ImportJobStatus.RUNNING, processed_rows=0)
        staging = f"vacancy_import_rows_{uuid.uuid4().hex[:12]}"
        with (
            transaction.atomic(),
            history_context(user=user, api_client=api_client),
            connection.cursor() as cursor,
        ):
            total = _stage(cursor, staging, source, progress)
            progress.update(total_rows=total, processed_rows=total)
            visible, params = _check_params(scope, timezone.localdate())
            if not _all_good(cursor, staging, visible, params):
                errors, error_count = _errors(cursor, staging, visible, params)
                if errors:
                    raise ImportRejected(errors, error_count)
            created, updated = _upsert(
                cursor, staging, getattr(user, "pk", None), getattr(api_client, "pk", None)
            )
            result = ImportResult(
                created=created, updated=updated, unchanged=total - created - updated
            )
            # Dropped here too for callers inside a longer transaction (ON COMMIT DROP is late).
            cursor.execute(f"DROP TABLE {staging}")
            if job is not None:
                _job_save(
                    job,
                    status=ImportJobStatus.SUCCEEDED,
                    total_rows=total,
                    processed_rows=total,
                    created_count=result.created,
                    updated_count=result.updated,
                    unchanged_count=result.unchanged,
                    errors=[],
                    finished_at=timezone.now(),
                )
        return result
    except ImportRejected as rejected:
        if job is not None:
            reported = [error.as_dict() for error in rejected.errors]
            if rejected.error_count > len(reported):
                reported.append(
                    RowError(
                        0,
                        None,
                        "more_errors",
                        _("And %(count)d more errors.")
                        % {"count": rejected.error_count - len(reported)},
                    ).as_dict()
                )
            _job_save(
                job, status=ImportJobStatus.FAILED, errors=reported, finished_at=timezone.now()
            )
        raise
    except Exception:
        if job is not None:
            # The transaction rolled back: nothing was written. Say so instead of "running".
            failure = RowError(0, None, "internal", _("The import failed; nothing was written."))
            _job_save(
                job,
                status=ImportJobStatus.FAILED,
                errors=[failure.as_dict()],
                finished_at=timezone.now(),
            )
        raise
    finally:
        progress.close()


@transaction.atomic
def import_job_create(
    *,
    uploaded_file: Any,
    scope: Scope,
    user: Any = None,
    api_client: Any = None,
) -> ImportJob:
    """Keep an uploaded CSV file and import it in the background (the `imports` queue).

    The task starts when this transaction commits; the job shows its progress and outcome.
    Raises OutOfScope for a scope that may not import.
    """
    if scope.read_only or scope.is_empty:
        raise OutOfScope()
    from buildings.tasks import vacancy_records_import_job  # tasks import this module

    name = getattr(uploaded_file, "name", "") or "import.csv"
    job = ImportJob(original_name=name[:255], created_by=user, api_client=api_client)
    job.file.save(name.rsplit("/", 1)[-1], uploaded_file, save=False)
    job.save()
    transaction.on_commit(lambda: vacancy_records_import_job.delay(job.pk))
    return job
