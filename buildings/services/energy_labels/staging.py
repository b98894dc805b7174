"""Staging: the file's data rows COPYed as they are into a temporary table of text columns.

COPY reads the stream itself (csv, `;`, FREEZE): no Python work per line. The table has one
column per header column (c0, c1, ...), so extra or reordered columns cost nothing to read and
the rules pick theirs by the positions the header gave. A row COPY cannot read (a column too
many or too few, an unclosed quote, bytes that are not UTF-8) is a broken file.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from typing import Any

from psycopg2 import DatabaseError, DataError

from buildings.ep_online import EnergyLabelFileError, EpOnlineFile

RAW = "ep_raw"
COPY_CHUNK_BYTES = 1 << 20
PROGRESS_STEP_BYTES = 8 << 20

Progress = Callable[[int, int], None]


class _Reader:
    """The file as COPY reads it: counts bytes for `progress` and keeps a read error, which the
    driver would otherwise report as its own."""

    def __init__(self, source: EpOnlineFile, progress: Progress | None) -> None:
        self._stream = source.stream
        self._progress = progress
        self.total = source.total_bytes
        self.done = source.head_bytes
        self._next = self.done
        self.error: Exception | None = None

    def report(self) -> None:
        if self._progress is not None:
            self._progress(min(self.done, self.total), self.total)
            self._next = self.done + PROGRESS_STEP_BYTES

    def read(self, size: int = -1) -> bytes:
        try:
            data = self._stream.read(size if size > 0 else COPY_CHUNK_BYTES)
        except (OSError, EOFError, zipfile.BadZipFile) as error:
            self.error = error
            raise
        self.done += len(data)
        if not data or self.done >= self._next:
            self.report()
        return data


def create_table(cursor: Any, width: int) -> None:
    """The raw table: one text column per header column, dropped at the end of the transaction
    (an earlier import in the same transaction may have left one)."""
    columns = ", ".join(f"c{i} text" for i in range(width))
    cursor.execute(f"DROP TABLE IF EXISTS {RAW}")
    cursor.execute(f"CREATE TEMPORARY TABLE {RAW} ({columns}) ON COMMIT DROP")


def _line_number(error: DatabaseError) -> str:
    """`regel N / line N ` of the file (the head's three lines counted) when the error says."""
    found = re.search(r"line (\d+)", getattr(error.diag, "context", None) or "")
    return f" {int(found.group(1)) + 3}" if found else ""


def copy_rows(cursor: Any, source: EpOnlineFile, progress: Progress | None) -> int:
    """COPY the data rows into the raw table; returns how many (EnergyLabelFileError: none).
    `progress` is called while COPY holds the connection, so it must not use it."""
    reader = _Reader(source, progress)
    reader.report()
    try:
        cursor.copy_expert(
            f"COPY {RAW} FROM STDIN WITH (FORMAT csv, DELIMITER ';', ENCODING 'UTF8', FREEZE)",
            reader,
            COPY_CHUNK_BYTES,
        )
    except DatabaseError as error:
        if reader.error is not None:
            raise EnergyLabelFileError(
                f"Bestand onleesbaar: {reader.error}", f"file cannot be read: {reader.error}"
            ) from reader.error
        if not isinstance(error, DataError):
            raise
        line = _line_number(error)
        why = (error.diag.message_primary or str(error)).splitlines()[0]
        raise EnergyLabelFileError(
            f"Kapotte regel{line} in het EP-Online-bestand: {why}",
            f"broken line{line} in the EP-Online file: {why}",
        ) from error
    if cursor.rowcount <= 0:
        # A monthly file replaces every stored label: one cut off after its header would
        # remove them all.
        raise EnergyLabelFileError(
            "Het EP-Online-bestand bevat geen registraties",
            "the EP-Online file holds no registrations",
        )
    return int(cursor.rowcount)
