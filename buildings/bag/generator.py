"""Test data: LVBAG 2.0 extracts in the Kadaster's layout, with offices and every rule's case.

    path = write_extract(tmp_dir, Options(units=50_000, office_share=0.05, municipality="0363"))
    expected = expected_records(options)   # what a reader must return, in its order

Layouts: "zip" (a delivery `BAGGEM<code>L-<ddmmyyyy>.zip`, or `BAGNLDL-…` when national, holding
stored type zips of deflated XML parts, the woonplaats-gemeente relation, the delivery document and
the Inactief/InOnderzoek/NietBag zips), "folder" (the XML parts as unpacked) and "gpkg" (a BAG
GeoPackage, see gpkg_write.py). Writing streams: objects are made block by block (cases.py) and
written at once, one pass over the plan per object type, so 500,000 units need little memory.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from buildings.bag import static, xmlwrite
from buildings.bag.cases import blocks
from buildings.bag.plan import Options
from buildings.bag.records import (
    UNKNOWN_BOUWJAAR,
    Nummeraanduiding,
    Pand,
    RdPoint,
    Record,
    Verblijfsobject,
)

__all__ = ["Options", "expected_records", "write_extract"]

_TYPES = ("WPL", "OPR", "NUM", "PND", "VBO", "LIG", "STA")
_SKIPPED = (("Inactief", "IA"), ("InOnderzoek", "IO"), ("NietBag", "NB"))
_FLUSH = 500


def _stamp(options: Options) -> str:
    return options.date.strftime("%d%m%Y")


def _code(options: Options) -> str:
    return "9999" if options.national else options.municipality


def _objects(options: Options, kind: str, inactive: bool = False) -> Iterator[str]:
    """The XML of every occurrence of a kind, block by block."""
    if kind == "WPL" and not inactive:
        for wpl_id, name, occ, _ in static.woonplaatsen(options):
            yield static.woonplaats_xml(wpl_id, name, occ)
    elif kind == "OPR" and not inactive:
        for street in static.streets(options):
            yield static.street_xml(*street)
    elif kind in {"NUM", "PND", "VBO"}:
        for block in blocks(options):
            if kind == "NUM" and not inactive:
                yield from (xmlwrite.nummeraanduiding(n) for n in block.addresses)
            elif kind == "PND":
                yield from (
                    xmlwrite.pand(p) for p in block.panden if bool(p.occ.inactive) == inactive
                )
            elif kind == "VBO":
                yield from (
                    xmlwrite.verblijfsobject(u)
                    for u in block.units
                    if bool(u.occ.inactive) == inactive
                )


def _write_parts(
    options: Options,
    kind: str,
    prefix: str,
    objects: Iterable[str],
    sink: Callable[[str], IO[bytes]],
) -> None:
    """Split objects over parts `<prefix>-000001.xml`, … of `objects_per_file` each."""
    number, count, stream, buffer = 0, 0, None, []
    for text in objects:
        if stream is None:
            number += 1
            stream = sink(f"{prefix}-{number:06d}.xml")
            stream.write(xmlwrite.part_header(options, kind).encode())
        buffer.append(text)
        count += 1
        if len(buffer) >= _FLUSH or count == options.objects_per_file:
            stream.write("".join(buffer).encode())
            buffer.clear()
        if count == options.objects_per_file:
            stream.write(xmlwrite.PART_FOOTER.encode())
            stream.close()
            stream, count = None, 0
    if stream is not None:
        stream.write(("".join(buffer) + xmlwrite.PART_FOOTER).encode())
        stream.close()
    elif number == 0:
        with sink(f"{prefix}-000001.xml") as empty:
            empty.write(xmlwrite.empty_part(options, kind).encode())


def _zip_sink(archive: zipfile.ZipFile, options: Options) -> Callable[[str], IO[bytes]]:
    def sink(name: str) -> IO[bytes]:
        info = zipfile.ZipInfo(name, date_time=options.date.timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.compress_level = options.compresslevel
        return archive.open(info, "w", force_zip64=True)

    return sink


def _folder_sink(folder: Path) -> Callable[[str], IO[bytes]]:
    return lambda name: open(folder / name, "wb")  # noqa: SIM115


def _add_zip(
    outer: zipfile.ZipFile,
    name: str,
    fill: Callable[[zipfile.ZipFile], None],
    options: Options,
    stored: bool = True,
) -> None:
    """A zip built in a temporary file, then added to `outer` (stored, as the Kadaster does)."""
    with tempfile.TemporaryFile(prefix="bag-gen-") as spool:
        with zipfile.ZipFile(spool, "w") as inner:
            fill(inner)
        spool.seek(0)
        info = zipfile.ZipInfo(name, date_time=options.date.timetuple()[:6])
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        with outer.open(info, "w", force_zip64=True) as target:
            while chunk := spool.read(1 << 20):
                target.write(chunk)


def _type_filler(options: Options, kind: str, extra: str = "") -> Callable[[zipfile.ZipFile], None]:
    prefix = f"{_code(options)}{extra}{kind}{_stamp(options)}"
    inactive = extra == "IA"

    def fill(inner: zipfile.ZipFile) -> None:
        objects = _objects(options, kind, inactive) if extra in {"", "IA"} else iter(())
        _write_parts(options, kind, prefix, objects, _zip_sink(inner, options))

    return fill


def _write_zip(target: Path, options: Options) -> Path:
    code, stamp = _code(options), _stamp(options)
    name = f"BAGNLDL-{stamp}.zip" if options.national else f"BAGGEM{code}L-{stamp}.zip"
    path = target / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as outer:
        outer.writestr("Leveringsdocument-BAG-Extract.xml", static.leveringsdocument(options))
        for kind in _TYPES:
            _add_zip(outer, f"{code}{kind}{stamp}.zip", _type_filler(options, kind), options)
        for long, short in _SKIPPED:

            def fill(inner: zipfile.ZipFile, short: str = short) -> None:
                for kind in _TYPES:
                    _add_zip(
                        inner,
                        f"{code}{short}{kind}{stamp}.zip",
                        _type_filler(options, kind, short),
                        options,
                        stored=False,
                    )

            _add_zip(outer, f"{code}{long}{stamp}.zip", fill, options)
        _add_zip(
            outer,
            f"GEM-WPL-RELATIE-{stamp}.zip",
            lambda inner: inner.writestr(
                f"GEM-WPL-RELATIE-{stamp}-000001.xml", static.relations_xml(options)
            ),
            options,
        )
    return path


def _write_folder(target: Path, options: Options) -> Path:
    code, stamp = _code(options), _stamp(options)
    sink = _folder_sink(target)
    (target / "Leveringsdocument-BAG-Extract.xml").write_text(static.leveringsdocument(options))
    (target / f"GEM-WPL-RELATIE-{stamp}-000001.xml").write_text(static.relations_xml(options))
    for kind in _TYPES:
        _write_parts(options, kind, f"{code}{kind}{stamp}", _objects(options, kind), sink)
        _write_parts(options, kind, f"{code}IA{kind}{stamp}", _objects(options, kind, True), sink)
    return target


def write_extract(target: str | Path, options: Options, layout: str = "zip") -> Path:
    """Write an extract into the folder `target`; returns the path a reader should open."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    if layout == "zip":
        return _write_zip(target, options)
    if layout == "folder":
        return _write_folder(target, options)
    if layout == "gpkg":
        from buildings.bag.gpkg_write import write_gpkg  # noqa: PLC0415

        return write_gpkg(target / "bag-light.gpkg", options)
    raise ValueError(f"unknown layout {layout!r}")


def expected_records(options: Options, layout: str = "zip") -> Iterator[Record]:
    """The records a reader must return for this extract, in the reader's order."""
    if layout == "gpkg":
        from buildings.bag.gpkg_write import expected_gpkg  # noqa: PLC0415

        yield from expected_gpkg(options)
        return
    fixed = static.expected(options)
    yield from fixed["WPL"]  # type: ignore[misc]
    yield from fixed["GEM-WPL-RELATIE"]  # type: ignore[misc]
    yield from fixed["OPR"]  # type: ignore[misc]
    for block in blocks(options):
        for n in block.addresses:
            yield Nummeraanduiding(
                n.id,
                n.number,
                n.letter,
                None,
                n.postcode,
                "Naamgeving uitgegeven",
                n.begin,
                n.street_id,
            )
    for block in blocks(options):
        for p in block.panden:
            if p.current:
                x0, y0, x1, y1 = p.box
                year = None if p.bouwjaar == UNKNOWN_BOUWJAAR else p.bouwjaar
                yield Pand(p.id, p.status, year, p.occ.begin, RdPoint((x0 + x1) / 2, (y0 + y1) / 2))
    for block in blocks(options):
        for u in block.units:
            if u.current:
                yield Verblijfsobject(
                    u.id,
                    u.status,
                    u.uses,
                    u.area,
                    u.pand_ids,
                    u.address_id,
                    u.occ.begin,
                    RdPoint(*u.point),
                )
