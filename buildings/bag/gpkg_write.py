"""The generator's BAG GeoPackage: layers `pand` and `verblijfsobject`, current objects only.

Written with sqlite3 in the GeoPackage layout (gpkg_spatial_ref_sys, gpkg_contents,
gpkg_geometry_columns; geometry as a GeoPackage blob: "GP" header, then little-endian WKB).
"""

# ruff: noqa: E501 - the GeoPackage's SQL reads best one statement to a line

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterator
from pathlib import Path

from buildings.bag import static
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

_SCHEMA = """
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,
  description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL, min_x DOUBLE, min_y DOUBLE,
  max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL);
CREATE TABLE pand (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POLYGON, identificatie TEXT,
  bouwjaar INTEGER, status TEXT, aantal_verblijfsobjecten INTEGER);
CREATE TABLE verblijfsobject (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT,
  identificatie TEXT, oppervlakte INTEGER, status TEXT, gebruiksdoel TEXT,
  pand_identificatie TEXT, nummeraanduiding_hoofdadres_identificatie TEXT,
  bronhouder_identificatie TEXT, openbare_ruimte_naam TEXT, huisnummer INTEGER, huisletter TEXT,
  toevoeging TEXT, postcode TEXT, woonplaats_naam TEXT);
"""


def _blob(wkb: bytes) -> bytes:
    # version 0, flags 0b00000001: little-endian, no envelope; srs 28992
    return b"GP" + bytes((0, 1)) + struct.pack("<i", 28992) + wkb


def _polygon(box: tuple[int, int, int, int]) -> bytes:
    x0, y0, x1, y1 = box
    ring = ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))
    return _blob(struct.pack("<BIII", 1, 3, 1, 5) + b"".join(struct.pack("<dd", *p) for p in ring))


def _point(x: float, y: float) -> bytes:
    return _blob(struct.pack("<BIdd", 1, 1, x, y))


def _names(options: Options) -> tuple[dict[str, str], dict[str, str]]:
    streets = {i: n for i, n, _ in static.streets(options)}
    places = {i: n for i, n, _, current in static.woonplaatsen(options) if current}
    street_place = {i: places[w] for i, _, w in static.streets(options)}
    return streets, street_place


def write_gpkg(path: Path, options: Options) -> Path:
    """Write the plan's current panden and units as a BAG GeoPackage."""
    path.unlink(missing_ok=True)
    streets, street_place = _names(options)
    with sqlite3.connect(path) as db:
        db.executescript(_SCHEMA)
        db.execute(
            "INSERT INTO gpkg_spatial_ref_sys VALUES ('Amersfoort / RD New', 28992, 'EPSG', 28992, 'undefined', NULL)"
        )
        for table, kind in (("pand", "POLYGON"), ("verblijfsobject", "POINT")):
            db.execute(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, last_change, srs_id) "
                "VALUES (?, 'features', ?, ?, 28992)",
                (table, table, f"{options.date.isoformat()}T00:00:00Z"),
            )
            db.execute(
                "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 28992, 0, 0)",
                (table, kind),
            )
        for block in blocks(options):
            units = [u for u in block.units if u.current]
            addresses = {n.id: n for n in block.addresses}
            for p in (p for p in block.panden if p.current):
                count = sum(p.id in u.pand_ids for u in units)
                db.execute(
                    "INSERT INTO pand (geom, identificatie, bouwjaar, status, aantal_verblijfsobjecten) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (_polygon(p.box), p.id, p.bouwjaar, p.status, count),
                )
            for u in units:
                a = addresses[u.address_id]
                db.execute(
                    "INSERT INTO verblijfsobject (geom, identificatie, oppervlakte, status, gebruiksdoel, "
                    "pand_identificatie, nummeraanduiding_hoofdadres_identificatie, bronhouder_identificatie, "
                    "openbare_ruimte_naam, huisnummer, huisletter, toevoeging, postcode, woonplaats_naam) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
                    (
                        _point(*u.point),
                        u.id,
                        u.area,
                        u.status,
                        ",".join(u.uses),
                        ",".join(u.pand_ids),
                        a.id,
                        options.municipality,
                        streets[a.street_id],
                        a.number,
                        a.letter,
                        a.postcode,
                        street_place[a.street_id],
                    ),
                )
    return path


def expected_gpkg(options: Options) -> Iterator[Record]:
    """What the reader must return for `write_gpkg`'s file: addresses, panden, units."""
    streets, street_place = _names(options)
    date = options.date
    for block in blocks(options):
        addresses = {n.id: n for n in block.addresses}
        for u in (u for u in block.units if u.current):
            a = addresses[u.address_id]
            yield Nummeraanduiding(
                a.id,
                a.number,
                a.letter,
                None,
                a.postcode,
                "",
                date,
                None,
                straatnaam=streets[a.street_id],
                woonplaatsnaam=street_place[a.street_id],
            )
    for block in blocks(options):
        for p in (p for p in block.panden if p.current):
            x0, y0, x1, y1 = p.box
            year = None if p.bouwjaar == UNKNOWN_BOUWJAAR else p.bouwjaar
            yield Pand(p.id, p.status, year, date, RdPoint((x0 + x1) / 2, (y0 + y1) / 2))
    for block in blocks(options):
        for u in (u for u in block.units if u.current):
            yield Verblijfsobject(
                u.id,
                u.status,
                u.uses,
                u.area,
                u.pand_ids,
                u.address_id,
                date,
                RdPoint(*u.point),
                gemeente=options.municipality,
            )
