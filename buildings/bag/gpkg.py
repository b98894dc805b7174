"""Reading the BAG GeoPackage (PDOK `bag-light.gpkg`) with the standard library's sqlite3.

It holds current objects only, so no occurrence is dropped. Layers used: `pand` and
`verblijfsobject`. Lists (`gebruiksdoel`, `pand_identificatie`) are comma-separated. The unit's
address is inline, so addresses come out as `Nummeraanduiding` records with street and place
names instead of openbare ruimte and woonplaats ids, and the unit names its municipality
(`bronhouder_identificatie`). The extract's date is `gpkg_contents.last_change` of `pand`.
A begin date is read from `begin_geldigheid` where the layer has it, else the extract's date.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext

from buildings.bag import names
from buildings.bag.errors import BagError, broken_gpkg, not_bag
from buildings.bag.geometry import gpkg_point
from buildings.bag.records import (
    UNKNOWN_BOUWJAAR,
    ExtractInfo,
    Nummeraanduiding,
    Pand,
    RdPoint,
    Record,
    Verblijfsobject,
)

LAYERS = ("pand", "verblijfsobject")
_REQUIRED = {
    "pand": {"identificatie", "status", "bouwjaar"},
    "verblijfsobject": {
        "identificatie",
        "status",
        "oppervlakte",
        "gebruiksdoel",
        "pand_identificatie",
    },
}


def _connect(path: Path) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        connection.row_factory = sqlite3.Row
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise broken_gpkg(
            path.name, gettext("the file is no SQLite database (%(why)s)") % {"why": exc}
        ) from exc
    return connection


def _columns(connection: sqlite3.Connection, layer: str) -> tuple[set[str], str]:
    """The layer's columns and its geometry column (from gpkg_geometry_columns)."""
    columns = {row[1] for row in connection.execute(f'PRAGMA table_info("{layer}")')}  # noqa: S608
    if not columns:
        return columns, ""
    row = connection.execute(
        "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)
    ).fetchone()
    return columns, (row[0] if row else "geom")


def info(path: Path) -> ExtractInfo:
    """The GeoPackage's date and municipalities; BagError if it is not the BAG's."""
    with _guard(path) as connection:
        for layer in LAYERS:
            columns, _ = _columns(connection, layer)
            if not _REQUIRED[layer] <= columns:
                raise not_bag(
                    path.name,
                    gettext("layer %(layer)s lacks %(columns)s")
                    % {"layer": layer, "columns": ", ".join(sorted(_REQUIRED[layer] - columns))},
                )
        row = connection.execute(
            "SELECT last_change FROM gpkg_contents WHERE table_name = 'pand'"
        ).fetchone()
        if row is None or not row[0]:
            raise broken_gpkg(path.name, gettext("gpkg_contents has no date for pand"))
        gemeenten: tuple[str, ...] = ()
        if "bronhouder_identificatie" in _columns(connection, "verblijfsobject")[0]:
            gemeenten = tuple(
                r[0]
                for r in connection.execute(
                    "SELECT DISTINCT bronhouder_identificatie FROM verblijfsobject ORDER BY 1"
                )
                if r[0]
            )
        date = dt.date.fromisoformat(str(row[0])[:10])
    return ExtractInfo(date, gemeenten, (names.NUM, names.PND, names.VBO), path.name)


class _guard:
    """A read-only connection whose SQLite errors become the reader's error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> sqlite3.Connection:
        self.connection = _connect(self.path)
        return self.connection

    def __exit__(self, kind, exc, tb) -> bool:  # type: ignore[no-untyped-def]
        self.connection.close()
        if isinstance(exc, sqlite3.Error):
            raise broken_gpkg(self.path.name, str(exc)) from exc
        return False


def records(path: Path, kinds: tuple[str, ...]) -> Iterator[Record]:
    """Addresses, panden and units from the GeoPackage, in the reader's order."""
    date = info(path).date
    with _guard(path) as connection:
        for kind in (k for k in names.KINDS if k in kinds):
            if kind == names.PND:
                yield from _panden(connection, date)
            elif kind == names.VBO:
                yield from _units(connection, date)
            elif kind == names.NUM:
                yield from _addresses(connection, date)


def row_count(path: Path, kinds: tuple[str, ...]) -> int:
    """The rows `records` reads for these kinds (units are read twice: units and addresses)."""
    layers = {names.PND: "pand", names.VBO: "verblijfsobject", names.NUM: "verblijfsobject"}
    with _guard(path) as connection:
        return sum(
            connection.execute(f'SELECT count(*) FROM "{layers[kind]}"').fetchone()[0]  # noqa: S608
            for kind in kinds
            if kind in layers
        )


def _rows(
    connection: sqlite3.Connection, layer: str
) -> Iterator[tuple[sqlite3.Row, set[str], str]]:
    columns, geometry = _columns(connection, layer)
    for row in connection.execute(f'SELECT * FROM "{layer}"'):  # noqa: S608 - fixed layer names
        yield row, columns, geometry


def _begin(row: sqlite3.Row, columns: set[str], date: dt.date) -> dt.date:
    if "begin_geldigheid" in columns and row["begin_geldigheid"]:
        return dt.date.fromisoformat(str(row["begin_geldigheid"])[:10])
    return date


def _point(row: sqlite3.Row, geometry: str) -> RdPoint | None:
    found = gpkg_point(row[geometry])
    return RdPoint(*found) if found else None


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def _panden(connection: sqlite3.Connection, date: dt.date) -> Iterator[Pand]:
    for row, columns, geometry in _rows(connection, "pand"):
        bouwjaar = int(row["bouwjaar"]) if row["bouwjaar"] not in (None, "") else None
        yield Pand(
            id=str(row["identificatie"]).zfill(16),
            status=row["status"],
            bouwjaar=None if bouwjaar == UNKNOWN_BOUWJAAR else bouwjaar,
            begin=_begin(row, columns, date),
            point=_point(row, geometry),
        )


def _optional(row: sqlite3.Row, columns: set[str], name: str) -> str | None:
    value = row[name] if name in columns else None
    return str(value) if value not in (None, "") else None


def _units(connection: sqlite3.Connection, date: dt.date) -> Iterator[Verblijfsobject]:
    for row, columns, geometry in _rows(connection, "verblijfsobject"):
        area = row["oppervlakte"]
        yield Verblijfsobject(
            id=str(row["identificatie"]).zfill(16),
            status=row["status"],
            gebruiksdoelen=_split(row["gebruiksdoel"]),
            oppervlakte=int(area) if area not in (None, "") else None,
            pand_ids=tuple(p.zfill(16) for p in _split(row["pand_identificatie"])),
            hoofdadres_id=_optional(row, columns, "nummeraanduiding_hoofdadres_identificatie"),
            begin=_begin(row, columns, date),
            point=_point(row, geometry),
            gemeente=_optional(row, columns, "bronhouder_identificatie"),
        )


def _addresses(connection: sqlite3.Connection, date: dt.date) -> Iterator[Nummeraanduiding]:
    for row, columns, _ in _rows(connection, "verblijfsobject"):
        number_id = _optional(row, columns, "nummeraanduiding_hoofdadres_identificatie")
        if number_id is None:
            continue
        number = _optional(row, columns, "huisnummer")
        yield Nummeraanduiding(
            id=number_id,
            huisnummer=int(number) if number else None,
            huisletter=_optional(row, columns, "huisletter"),
            toevoeging=_optional(row, columns, "toevoeging"),
            postcode=_optional(row, columns, "postcode"),
            status="",
            begin=_begin(row, columns, date),
            openbare_ruimte_id=None,
            straatnaam=_optional(row, columns, "openbare_ruimte_naam"),
            woonplaatsnaam=_optional(row, columns, "woonplaats_naam"),
        )


__all__ = ["BagError", "info", "records", "row_count"]
