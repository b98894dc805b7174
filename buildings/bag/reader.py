"""The BAG reader: an LVBAG 2.0 extract or a BAG GeoPackage in, typed records out, streamed.

    extract = BagExtract(path)        # nothing read yet
    extract.info()                    # date, municipalities, kinds: cheap, fails fast
    for record in extract.records():  # WPL, GEM-WPL-RELATIE, OPR, NUM, PND, VBO, in that order
        ...

PATH is a national `BAGNLDL-…zip` or municipal `BAGGEM<code>L-…zip` (zips inside zips), any zip
or folder of its parts, one XML part, or a BAG GeoPackage. Everything it cannot read raises
`BagError` with a one-line message. `info()` catches a wrong file, a broken zip directory and a
part without a date before any object is read; broken XML deep in a part is found only when the
stream reaches it, so a caller stages what it reads and writes only after `records()` has ended
(docs/adr/0011-bag-reader-fails-before-writes.md); `check()` is a full counting pass for callers
that cannot stage.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from buildings.bag import gpkg, names, xmlparse
from buildings.bag.errors import BagError, not_bag
from buildings.bag.progress import Meter, Progress
from buildings.bag.records import ExtractInfo, Record
from buildings.bag.sources import Part, folder_parts, open_file, open_zip, zip_parts

_ZIP, _GPKG, _XML, _FOLDER = "zip", "gpkg", "xml", "folder"
NATIONAL = "9999"
_PART_CODE = re.compile(r"^(\d{4})(PND|VBO|NUM|OPR|WPL)\d{8}", re.IGNORECASE)


def _sniff(path: Path) -> str:
    if not path.exists():
        raise BagError(_("File or folder not found"), part=str(path))
    if path.is_dir():
        return _FOLDER
    with open(path, "rb") as handle:
        head = handle.read(16)
    if head.startswith(b"PK"):
        return _ZIP
    if head.startswith(b"SQLite format 3\x00"):
        return _GPKG
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return _XML
    raise not_bag(path.name, _("no zip, XML or GeoPackage"))


class BagExtract:
    """One extract on disk, read lazily; see the module's docstring."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.format = _sniff(self.path)

    def parts(
        self, kinds: tuple[str, ...] = names.KINDS, meter: Meter | None = None
    ) -> Iterator[Part]:
        """The XML parts of the wanted kinds, in reading order (not for a GeoPackage); with a
        meter, the bytes read from disk are counted on it."""
        if self.format == _FOLDER:
            yield from folder_parts(self.path, kinds, meter)
        elif self.format == _XML:
            kind = names.classify(self.path.name) or "XML"
            yield Part(kind, self.path.name, lambda: open_file(self.path, meter))
        elif self.format == _ZIP:
            with open_zip(self.path, meter) as archive:
                if not any(names.is_bag_name(n) for n in archive.namelist()):
                    raise not_bag(self.path.name, _("no BAG parts in the zip"))
                yield from zip_parts(archive, self.path.name, kinds)

    def info(self) -> ExtractInfo:
        """Date, municipalities and kinds of the extract, read from part headers only."""
        if self.format == _GPKG:
            return gpkg.info(self.path)
        dates: set[dt.date] = set()
        kinds: list[str] = []
        codes: set[str] = set(_gemeenten(self.path))
        for part in self.parts():
            if part.kind not in kinds:
                kinds.append(part.kind)
            codes.update(_part_codes(part.label))
            dates.add(xmlparse.part_date(part))
        if not kinds:
            raise not_bag(self.path.name, _("no PND, VBO, NUM, OPR, WPL or GEM-WPL-RELATIE parts"))
        if len(dates) > 1:
            found = ", ".join(sorted(d.isoformat() for d in dates))
            raise BagError(
                _("Parts of different dates: %(dates)s") % {"dates": found}, part=self.path.name
            )
        national = NATIONAL in codes or self.path.name.upper().startswith("BAGNLDL")
        gemeenten = () if national else tuple(sorted(codes))
        return ExtractInfo(dates.pop(), gemeenten, tuple(kinds), self.path.name, national)

    def records(
        self, kinds: tuple[str, ...] = names.KINDS, progress: Progress | None = None
    ) -> Iterator[Record]:
        """Every current record of the wanted kinds, streamed; BagError on broken input.

        `progress(done, total)` is told how far the read has come (buildings.bag.progress)."""
        meter = Meter(self.size(kinds), progress) if progress is not None else None
        if self.format == _GPKG:
            try:
                found = gpkg.records(self.path, kinds)
                yield from found if meter is None else meter.rows(found)
            except (ValueError, TypeError, KeyError, IndexError, sqlite3.Error) as exc:
                raise BagError(
                    _("Unreadable row in the GeoPackage: %(why)s") % {"why": exc},
                    part=self.path.name,
                ) from exc
            return
        for part in self.parts(kinds, meter):
            if part.kind in kinds or self.format == _XML:
                yield from xmlparse.read_part(part)

    def size(self, kinds: tuple[str, ...] = names.KINDS) -> int:
        """What a progress meter counts to: bytes on disk, or a GeoPackage's rows to read."""
        if self.format == _GPKG:
            return gpkg.row_count(self.path, kinds)
        if self.format == _FOLDER:
            return sum(p.stat().st_size for p in self.path.iterdir() if p.is_file())
        return self.path.stat().st_size

    def check(self, kinds: tuple[str, ...] = names.KINDS) -> Counter[str]:
        """A full pass that only counts records per type: BagError if anything is broken."""
        counts: Counter[str] = Counter()
        for record in self.records(kinds):
            counts[type(record).__name__] += 1
        return counts


def _gemeenten(path: Path) -> tuple[str, ...]:
    """Municipality codes in the delivery's name (`BAGGEM<code>L-…`); national or unknown: ()."""
    name = path.name.upper()
    if name.startswith("BAGGEM") and len(name) > 10 and name[6:10].isdigit():
        return (name[6:10],)
    return ()


def _part_codes(label: str) -> Iterator[str]:
    """The municipality codes in a part's path (`0221PND…`, `…/9999VBO…zip/…`): the Kadaster
    names every object part after the municipality it was selected for, 9999 the country."""
    for piece in label.replace("\\", "/").split("/"):
        found = _PART_CODE.match(piece)
        if found:
            yield found[1]


def read_extract(path: str | Path, kinds: tuple[str, ...] = names.KINDS) -> Iterator[Record]:
    """Shorthand for `BagExtract(path).records(kinds)`."""
    return BagExtract(path).records(kinds)
