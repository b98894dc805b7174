"""Zips in zips are read where they lie; only a compressed nested zip is spooled, by itself."""

from __future__ import annotations

import io
import struct
import tempfile
import zipfile

import pytest

from buildings.bag import BagExtract
from buildings.bag.generator import expected_records
from buildings.bag.geometry import gpkg_point, rd_to_wgs84
from buildings.bag.sources import StoredMember

from .conftest import SMALL


def _rezip(source, target, inner_compression):
    """The delivery again, with its type zips stored or deflated inside it."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            kind = inner_compression if info.filename.endswith(".zip") else zipfile.ZIP_DEFLATED
            new.writestr(info.filename, old.read(info), compress_type=kind)
    return target


def _no_spooling(*args, **kwargs):
    raise AssertionError("a nested zip was spooled to disk")


def test_stored_nested_zips_are_not_spooled(generated, monkeypatch):
    monkeypatch.setattr(tempfile, "TemporaryFile", _no_spooling)
    records = list(BagExtract(generated["zip"]).records())
    assert records == list(expected_records(SMALL))


def test_deflated_nested_zips_are_spooled_one_at_a_time(generated, tmp_path, monkeypatch):
    path = _rezip(generated["zip"], tmp_path / generated["zip"].name, zipfile.ZIP_DEFLATED)
    spooled = []
    real = tempfile.TemporaryFile

    def spool(*args, **kwargs):
        handle = real(*args, **kwargs)
        spooled.append(handle)
        return handle

    monkeypatch.setattr(tempfile, "TemporaryFile", spool)
    extract = BagExtract(path)
    seen_open = 0
    for _ in extract.records():
        seen_open = max(seen_open, sum(not h.closed for h in spooled))
    assert len(spooled) == 6  # one per type zip read (WPL, GWR, OPR, NUM, PND, VBO)
    assert seen_open == 1  # each is gone before the next is spooled
    assert list(BagExtract(path).records()) == list(expected_records(SMALL))


def test_stored_member_is_a_byte_window():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", b"x" * 10, compress_type=zipfile.ZIP_STORED)
        archive.writestr("b.txt", b"0123456789", compress_type=zipfile.ZIP_STORED)
    with zipfile.ZipFile(buffer) as archive:
        view = StoredMember(buffer, archive.getinfo("b.txt"))
        assert view.read() == b"0123456789"
        view.seek(-3, io.SEEK_END)
        assert view.read(2) == b"78"
        view.seek(2)
        assert view.read(3) == b"234"


def test_rd_new_to_wgs84_at_amersfoort():
    lon, lat = rd_to_wgs84(155_000, 463_000)  # the RD origin, Onze Lieve Vrouwetoren
    assert lon == pytest.approx(5.38720621, abs=1e-5)
    assert lat == pytest.approx(52.15517440, abs=1e-5)


def _gp(wkb: bytes, flags: int = 1, envelope: bytes = b"") -> bytes:
    return b"GP" + bytes((0, flags)) + struct.pack("<i", 28992) + envelope + wkb


def test_geopackage_points_and_polygons():
    point = struct.pack("<BIdd", 1, 1, 120_000.5, 480_000.25)
    assert gpkg_point(_gp(point)) == (120_000.5, 480_000.25)
    # an xy envelope (flags bits 1-3 = 1: 32 bytes) before a big-endian ISO point Z
    big_z = struct.pack(">BIddd", 0, 1001, 1.0, 2.0, 3.0)
    assert gpkg_point(_gp(big_z, flags=0b011, envelope=bytes(32))) == (1.0, 2.0)
    ring = [(0, 0), (4, 0), (4, 2), (0, 2), (0, 0)]
    polygon = struct.pack("<BIII", 1, 3, 1, 5) + b"".join(struct.pack("<dd", *p) for p in ring)
    assert gpkg_point(_gp(polygon)) == (2.0, 1.0)
    multi = struct.pack("<BII", 1, 6, 1) + polygon
    assert gpkg_point(_gp(multi)) == (2.0, 1.0)
    assert gpkg_point(_gp(point, flags=0b10001)) is None  # empty geometry
