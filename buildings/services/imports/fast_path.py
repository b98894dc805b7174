"""The fast path: a CSV file's own bytes go to COPY as they are, the header read here.

Only where COPY would read the bytes otherwise than the slow path (parsing) does, or refuses
them (a wrong number of values, bad quoting, a blank line, invalid UTF-8, a NUL), is nothing
staged and the source rewound: then the slow path reads the file and keeps each problem with its
row. The checks that keep both readings equal are in _RawCsv and _Quotes.
"""

from __future__ import annotations

import codecs
import csv
import io
from typing import IO, Any

from django.db import DatabaseError, connection, transaction

from buildings.services.errors import ImportRejected
from buildings.services.imports.columns import (
    MAX_LINE_LENGTH,
    PROGRESS_EVERY_ROWS,
    READ_CHUNK_BYTES,
    delimiter_of,
    header_positions,
)
from buildings.services.imports.jobs import JobProgress

HEADER_CHUNK_BYTES = 4 * 1024


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


def stage_raw(cursor: Any, table: str, source: IO[bytes], progress: JobProgress) -> int | None:
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
    if "\r" in header_line.removesuffix("\n").removesuffix("\r"):
        return None  # bare carriage returns end lines: the slow path reads them
    delimiter = delimiter_of(header_line)
    header = next(csv.reader([header_line], delimiter=delimiter))
    try:
        positions = header_positions(header)
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
