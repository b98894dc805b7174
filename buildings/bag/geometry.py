"""Points from BAG geometry: polygon centroids, GeoPackage blobs, RD New to WGS84.

RD New (EPSG:28992) to WGS84 (EPSG:4326) is PROJ's, through pyproj, with the data the pyproj
wheel ships. Every operation PROJ knows for that pair is a Helmert transformation (EPSG gives
about a metre), so no grid is needed and nothing is downloaded at run time, whether or not
PROJ's network access is on; the grid-based RDNAPTRANS2018 exists only towards ETRS89, and a
metre is ample for a map marker and a municipality.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from functools import cache

from pyproj import Transformer


@cache
def _transformer() -> Transformer:
    return Transformer.from_crs(28992, 4326, always_xy=True, allow_ballpark=False)


def rd_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """(longitude, latitude) in WGS84 for an RD New point."""
    lon, lat = _transformer().transform(x, y)
    return float(lon), float(lat)


def centroid(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """The area centroid of a ring (shoelace); the mean of its vertices if it has no area."""
    area2 = cx = cy = 0.0
    for i in range(len(xs) - 1):
        cross = xs[i] * ys[i + 1] - xs[i + 1] * ys[i]
        area2 += cross
        cx += (xs[i] + xs[i + 1]) * cross
        cy += (ys[i] + ys[i + 1]) * cross
    if abs(area2) < 1e-9:
        return sum(xs) / len(xs), sum(ys) / len(ys)
    return cx / (3 * area2), cy / (3 * area2)


def poslist_centroid(text: str, dimension: int) -> tuple[float, float]:
    """The centroid of a GML `posList` (x y [z] triples for srsDimension 3)."""
    values = [float(v) for v in text.split()]
    return centroid(values[0::dimension], values[1::dimension])


def gpkg_point(blob: bytes) -> tuple[float, float] | None:
    """A point from a GeoPackage geometry blob: the point itself, or a polygon's centroid.

    The blob is the GeoPackage header ("GP", version, flags, srs id, an envelope whose size the
    flags give) followed by standard WKB (ISO or EWKB type codes, with or without Z).
    """
    if blob is None or len(blob) < 8 or blob[:2] != b"GP":
        return None
    flags = blob[3]
    if flags & 0x10:  # empty geometry
        return None
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get((flags >> 1) & 0x07, 0)
    return _wkb_point(memoryview(blob)[8 + envelope :])


def _wkb_point(wkb: memoryview) -> tuple[float, float] | None:
    """A point from WKB: a point as such, a (multi)polygon as its first exterior ring's centroid."""
    endian = "<" if wkb[0] == 1 else ">"
    (code,) = struct.unpack_from(endian + "I", wkb, 1)
    kind = (code & 0x0FFFFFFF) % 1000
    offset = 5 + (4 if code & 0x20000000 else 0)  # EWKB carries an srid after the type
    if kind == 1:
        x, y = struct.unpack_from(endian + "dd", wkb, offset)
        return x, y
    if kind == 3:
        return centroid(*_wkb_polygon_exterior(wkb, 0)[0])
    if kind == 6:  # a multipolygon: a count, then each polygon as WKB of its own
        return centroid(*_wkb_polygon_exterior(wkb, offset + 4)[0])
    return None


def _wkb_polygon_exterior(wkb: memoryview, offset: int):  # type: ignore[no-untyped-def]
    """The exterior ring of the WKB polygon at offset, and the offset after the polygon."""
    endian = "<" if wkb[offset] == 1 else ">"
    (code,) = struct.unpack_from(endian + "I", wkb, offset + 1)
    dim = 2 + (bool(code & 0x80000000) or (code % 10000) // 1000 in (1, 3))
    dim += bool(code & 0x40000000) or (code % 10000) // 1000 in (2, 3)
    offset += 5 + (4 if code & 0x20000000 else 0)
    (nrings,) = struct.unpack_from(endian + "I", wkb, offset)
    offset += 4
    exterior: tuple[list[float], list[float]] = ([], [])
    for r in range(nrings):
        (npoints,) = struct.unpack_from(endian + "I", wkb, offset)
        offset += 4
        values = struct.unpack_from(endian + "d" * (npoints * dim), wkb, offset)
        offset += 8 * npoints * dim
        if r == 0:
            exterior = (list(values[0::dim]), list(values[1::dim]))
    return exterior, offset
