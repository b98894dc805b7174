"""How far a read of an extract has come, for a progress bar: (done, total) to a callback.

For XML (a zip, a folder, one part) the measure is the bytes read from the files on disk, the
total their size: every part's bytes pass through the outer file once, whether a stored type zip
is read in place or a compressed one is spooled. Parts the reader skips (ligplaatsen, inactive
objects) are never read, so a read can end short of its total; the caller finishes the bar. For a
GeoPackage the measure is rows read of rows to read.

The callback is called at most once per STEPS-th of the total, so it may write to a database.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeVar

Progress = Callable[[int, int], None]
STEPS = 200
T = TypeVar("T")


class Meter:
    """Adds up what was read and reports it whenever another step of the total is done."""

    def __init__(self, total: int, report: Progress) -> None:
        self.total = max(total, 1)
        self.done = 0
        self._report = report
        self._step = -(-self.total // STEPS)  # rounded up: at most STEPS + 1 reports
        self._next = 0

    def add(self, amount: int) -> None:
        self.done = min(self.done + amount, self.total)
        if self.done >= self._next:
            self._next = self.done + self._step
            self._report(self.done, self.total)

    def wrap(self, handle: IO[bytes]) -> CountingFile:
        """The file handle, its reads counted."""
        return CountingFile(handle, self)

    def rows(self, records: Iterable[T]) -> Iterator[T]:
        """The records, each counted as one."""
        for record in records:
            self.add(1)
            yield record


class CountingFile:
    """A binary file whose reads are counted on a Meter; the rest is the file's own."""

    def __init__(self, handle: IO[bytes], meter: Meter) -> None:
        self._handle = handle
        self._meter = meter

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self._meter.add(len(data))
        return data

    def readinto(self, buffer: Any) -> int:
        count = self._handle.readinto(buffer)  # type: ignore[attr-defined]
        self._meter.add(count or 0)
        return int(count or 0)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self._handle.seek(offset, whence)

    def tell(self) -> int:
        return self._handle.tell()

    def seekable(self) -> bool:
        return self._handle.seekable()

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> CountingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
