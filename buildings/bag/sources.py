"""Walking an extract's parts without unpacking it: folders, zips and zips inside zips.

A nested zip is read where it lies when the Kadaster stored it uncompressed (they do: the
type zips inside `BAGNLDL-…zip` are `Stored`). `ZipFile.open()` does give a seekable member,
but seeking backwards in it restarts reading at the member's start, and a ZipFile seeks back for
every part it opens (central directory at the end, local headers before it): for a national PND
zip of several GB with hundreds of parts that is quadratic. So a stored member is read through
`StoredMember`, a plain byte-range window on the outer file (seeks are free). A compressed nested
zip has no such window: only that member is spooled to a temporary file, never the whole extract.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from buildings.bag import names
from buildings.bag.errors import broken_zip
from buildings.bag.progress import Meter

Opener = Callable[[], AbstractContextManager[IO[bytes]]]


@dataclass(frozen=True)
class Part:
    """One XML file of an extract: its kind, its path for messages, and how to open it."""

    kind: str
    label: str
    open: Opener


class StoredMember(io.RawIOBase):
    """A read-only, seekable window on an uncompressed zip member inside another file."""

    def __init__(self, outer: IO[bytes], info: zipfile.ZipInfo) -> None:
        super().__init__()
        outer.seek(info.header_offset)
        header = outer.read(30)
        if len(header) != 30 or header[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"bad local header for {info.filename}")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        self._outer = outer
        self._start = info.header_offset + 30 + name_length + extra_length
        self._size = info.compress_size
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
        wanted = min(len(buffer), self._size - self._pos)
        if wanted <= 0:
            return 0
        self._outer.seek(self._start + self._pos)
        data = self._outer.read(wanted)
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


@contextmanager
def nested_zip(
    outer: zipfile.ZipFile, info: zipfile.ZipInfo, label: str
) -> Iterator[zipfile.ZipFile]:
    """A zip member of a zip, opened as a ZipFile: in place if stored, else spooled (see above)."""
    fp = outer.fp
    if info.compress_type == zipfile.ZIP_STORED and fp is not None and fp.seekable():
        with whole(
            zipfile.ZipFile(io.BufferedReader(StoredMember(fp, info), 1 << 16)), label
        ) as inner:
            yield inner
        return
    with tempfile.TemporaryFile(prefix="bag-") as spool:
        with outer.open(info) as source:
            shutil.copyfileobj(source, spool, 1 << 20)
        spool.seek(0)
        with whole(zipfile.ZipFile(spool), label) as inner:
            yield inner


def whole(archive: zipfile.ZipFile, label: str) -> zipfile.ZipFile:
    """The zip itself, checked to start at its first byte.

    A delivery cut short (an interrupted upload) can end just after one of the stored type zips
    inside it; zipfile then finds that inner zip's directory and takes it for the whole file,
    with the bytes before it as a preamble. A Kadaster zip has no preamble, so one means damage.
    """
    infos = archive.infolist()
    if infos and min(info.header_offset for info in infos) != 0:
        archive.close()
        raise broken_zip(label, _("truncated, or data before its first member"))
    return archive


def open_zip(path: Path, meter: Meter | None = None) -> zipfile.ZipFile:
    """A zip file on disk, with a broken one turned into the reader's error. With a meter, every
    read after its directory (members, and the zips stored in it) is counted on the meter."""
    try:
        archive = whole(zipfile.ZipFile(path), path.name)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise broken_zip(path.name, str(exc)) from exc
    if meter is not None and archive.fp is not None:
        # ZipFile reads its members (and StoredMember its stored zips) through `fp`, and closes
        # it with the archive: the counting handle delegates both.
        archive.fp = meter.wrap(archive.fp)  # type: ignore[assignment]
    return archive


def open_file(path: Path, meter: Meter | None = None) -> IO[bytes]:
    """A file on disk, its reads counted on the meter if there is one."""
    handle = open(path, "rb")  # noqa: SIM115 - the caller closes it
    return handle if meter is None else meter.wrap(handle)  # type: ignore[return-value]


def folder_parts(
    folder: Path, kinds: tuple[str, ...], meter: Meter | None = None
) -> Iterator[Part]:
    """The parts of a folder of extract files (XML parts and type or delivery zips)."""
    entries = [(names.classify(p.name), p) for p in folder.iterdir() if p.is_file()]
    wanted = [(k, p) for k, p in entries if k is not None and (k in kinds or k == names.DELIVERY)]
    for kind, path in sorted(wanted, key=lambda e: (names.order(e[0]), e[1].name)):
        if path.suffix.lower() == ".zip":
            with open_zip(path, meter) as archive:
                yield from zip_parts(archive, path.name, kinds)
        else:
            yield Part(kind, path.name, lambda path=path: open_file(path, meter))


def zip_parts(archive: zipfile.ZipFile, label: str, kinds: tuple[str, ...]) -> Iterator[Part]:
    """The parts of a zip, descending into the zips it holds, in reading order."""
    members = [(names.classify(i.filename), i) for i in archive.infolist() if not i.is_dir()]
    wanted = [(k, i) for k, i in members if k is not None and (k in kinds or k == names.DELIVERY)]
    for kind, info in sorted(wanted, key=lambda e: (names.order(e[0]), e[1].filename)):
        where = f"{label}/{info.filename}"
        if info.filename.lower().endswith(".zip"):
            try:
                with nested_zip(archive, info, where) as inner:
                    yield from zip_parts(inner, where, kinds)
            except (zipfile.BadZipFile, EOFError, OSError) as exc:
                raise broken_zip(where, str(exc)) from exc
        else:
            yield Part(kind, where, lambda info=info: archive.open(info))
