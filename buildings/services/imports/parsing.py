"""The slow path: the input read row by row in Python, each problem kept with its row.

An iterable of dicts always takes this path; a CSV file only where COPY refuses its bytes (see
fast_path: a wrong number of values, bad quoting, a blank line, invalid UTF-8). Rows are read
lazily and written as CSV into COPY one chunk at a time, so memory stays flat however many rows
come in. A row that cannot be staged (a wrong number of values, an unknown field, a NUL) is
staged as a problem with its number (data rows count from 1, the header is row 0), which the
checks in SQL report with the other bad rows.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any

from django.utils.translation import gettext as _

from buildings.services.errors import ImportRejected, RowError
from buildings.services.imports.columns import (
    COLUMN_KEYS,
    COLUMNS,
    MAX_LINE_LENGTH,
    PROGRESS_EVERY_ROWS,
    READ_CHUNK_BYTES,
    STAGING_COLUMNS,
    column_key,
    delimiter_of,
    header_positions,
)
from buildings.services.imports.jobs import JobProgress
from kantorentop.core.templatetags.dutch import dutch_number

# A staged row: number, problem code, problem reason, then the five columns as text.
StagedRow = tuple[int, str, str, str, str, str, str, str]


def _problem_row(row_no: int, code: str, reason: str) -> StagedRow:
    # A reason may quote the input (an unknown field's name); PostgreSQL text holds no NUL.
    return (row_no, code, reason.replace("\x00", "\\0"), "", "", "", "", "")


def _text_lines(source: IO[bytes] | IO[str]) -> Iterator[str]:
    """Lines of a UTF-8 file (BOM or not), read in chunks; each ends with its own line end.

    A line ends at "\\r\\n", "\\n" or a bare "\\r" (old Mac files), and keeps that end, so csv
    joins quoted fields over lines with their text unchanged. Each line is decoded on its own (a
    line end byte never occurs inside a UTF-8 character), so a decoding error belongs to its row.
    """
    pending: Any = None
    ends: Any = None
    while True:
        chunk: Any = source.read(READ_CHUNK_BYTES)
        if not chunk:
            break
        if pending is None:
            pending = chunk[:0]
            text = isinstance(chunk, str)
            ends = _LINE_ENDS_TEXT if text else _LINE_ENDS_BYTES
            chunk = chunk.removeprefix("\ufeff" if text else codecs.BOM_UTF8)
        data = pending + chunk
        # A carriage return at the end may be the first half of "\r\n": wait for the next chunk.
        held = data[-1:] if data[-1:] in ("\r", b"\r") else data[:0]
        parts = ends.split(data[: len(data) - len(held)])
        for line, end in zip(parts[:-1:2], parts[1::2], strict=True):
            yield _decoded(line + end)
        pending = parts[-1] + held
        if len(pending) > MAX_LINE_LENGTH:
            raise LineTooLong(
                _("a line longer than %(limit)s characters")
                % {"limit": dutch_number(MAX_LINE_LENGTH)}
            )
    if pending:
        yield _decoded(pending)


_LINE_ENDS_TEXT = re.compile("(\r\n|\r|\n)")
_LINE_ENDS_BYTES = re.compile(b"(\r\n|\r|\n)")


class LineTooLong(ValueError):
    """A line without end: not a CSV file this import reads (binary data)."""


def _decoded(line: bytes | str) -> str:
    return line if isinstance(line, str) else line.decode("utf-8")


def csv_rows(source: IO[bytes] | IO[str]) -> Iterator[StagedRow]:
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
    delimiter = delimiter_of(header_line)
    header = next(csv.reader([header_line], delimiter=delimiter))
    positions = header_positions(header)
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


def dict_rows(items: Iterable[Mapping[str, Any]]) -> Iterator[StagedRow]:
    for row_no, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            yield _problem_row(row_no, "not_an_object", _("Each row is an object."))
            continue
        values: dict[str, str] = {}
        unknown = []
        for key, value in item.items():
            column = COLUMN_KEYS.get(column_key(str(key)))
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


def stage_rows(cursor: Any, table: str, rows: Iterator[StagedRow], progress: JobProgress) -> int:
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
