"""Whatever the reader cannot read raises BagError, with one line in the portal's language."""

from __future__ import annotations

import sqlite3
import zipfile

import pytest

from buildings.bag import BagError, BagExtract
from buildings.bag.generator import write_extract

from .conftest import SMALL


def _error(excinfo: pytest.ExceptionInfo[BagError]) -> str:
    message = str(excinfo.value)
    assert "\n" not in message and " / " not in message  # Dutch only, no English after it
    return message


def test_missing_path(tmp_path):
    with pytest.raises(BagError) as excinfo:
        BagExtract(tmp_path / "BAGGEM0221L-01112026.zip")
    assert "niet gevonden" in _error(excinfo)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", b"hello"),
        ("0221VBO01112026-000001.xml", b'<?xml version="1.0"?><bagStand><x/></bagStand>'),
        ("0221VBO01112026-000001.xml", b"<html><body>not the BAG</body></html>"),
    ],
)
def test_not_a_bag_file(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BagError) as excinfo:
        BagExtract(path).info()
    assert "Geen BAG 2.0-extract" in _error(excinfo)
    with pytest.raises(BagError):
        list(BagExtract(path).records())


def test_zip_without_bag_parts(tmp_path):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "no BAG here")
    with pytest.raises(BagError) as excinfo:
        BagExtract(path).info()
    assert "Geen BAG 2.0-extract" in _error(excinfo)


def test_folder_without_bag_parts(tmp_path):
    (tmp_path / "readme.txt").write_text("no BAG here")
    with pytest.raises(BagError) as excinfo:
        BagExtract(tmp_path).info()
    assert "Geen BAG 2.0-extract" in _error(excinfo)


def test_sqlite_file_without_bag_layers(tmp_path):
    path = tmp_path / "other.gpkg"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE things (id INTEGER)")
    with pytest.raises(BagError) as excinfo:
        BagExtract(path).info()
    assert "Geen BAG 2.0-extract" in _error(excinfo)


def test_truncated_delivery_zip(generated, tmp_path):
    data = generated["zip"].read_bytes()
    path = tmp_path / generated["zip"].name
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(BagError) as excinfo:
        BagExtract(path).info()
    assert "Kapot zipbestand" in _error(excinfo)


def _part_data_offset(path, type_zip: str) -> tuple[int, int]:
    """Where the first XML part of a type zip has its compressed bytes in the delivery."""
    with zipfile.ZipFile(path) as outer:
        info = outer.getinfo(type_zip)
        with outer.open(info) as member, zipfile.ZipFile(member) as inner:
            part = inner.infolist()[0]
        raw = path.read_bytes()
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    local = start + part.header_offset
    name_length = int.from_bytes(raw[local + 26 : local + 28], "little")
    extra_length = int.from_bytes(raw[local + 28 : local + 30], "little")
    return local + 30 + name_length + extra_length, part.compress_size


def test_corrupt_bytes_inside_a_part(generated, tmp_path):
    source = generated["zip"]
    offset, size = _part_data_offset(source, "0221VBO01112026.zip")
    data = bytearray(source.read_bytes())
    data[offset + size // 2 : offset + size // 2 + 64] = b"\x00" * 64
    path = tmp_path / source.name
    path.write_bytes(bytes(data))
    extract = BagExtract(path)
    extract.info()  # the headers are intact: only reading the part finds the damage
    with pytest.raises(BagError) as excinfo:
        list(extract.records())
    assert "0221VBO01112026-000001.xml" in _error(excinfo)


def _folder_copy(tmp_path):
    return write_extract(tmp_path / "folder", SMALL, "folder")


def test_truncated_xml_part_fails_after_earlier_records(tmp_path):
    folder = _folder_copy(tmp_path)
    part = folder / "0221VBO01112026-000001.xml"
    text = part.read_text()
    part.write_text(text[: len(text) * 2 // 3])
    extract = BagExtract(folder)
    extract.info()
    read = []
    with pytest.raises(BagError) as excinfo:
        for record in extract.records():
            read.append(record)
    # records came before the error: a caller stages them and writes only after the end
    assert len(read) > 100
    assert "Kapotte XML" in _error(excinfo)
    with pytest.raises(BagError):
        extract.check()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<Objecten:oppervlakte>", "<Objecten:oppervlakte>veel"),
        ('<Objecten:identificatie domein="NL.IMBAG.Verblijfsobject">', "<Objecten:naam>"),
        ("<Historie:beginGeldigheid>", "<Historie:beginGeldigheid>gisteren"),
    ],
)
def test_invalid_values_are_broken_xml(tmp_path, old, new):
    folder = _folder_copy(tmp_path)
    part = folder / "0221VBO01112026-000001.xml"
    text = part.read_text()
    if "identificatie" in old:
        text = text.replace(old, new).replace("</Objecten:identificatie>", "</Objecten:naam>")
    else:  # in every occurrence: values of occurrences that are not current are not read
        text = text.replace(old, new)
    part.write_text(text)
    with pytest.raises(BagError) as excinfo:
        list(BagExtract(folder).records(("VBO",)))
    assert "0221VBO01112026-000001.xml" in _error(excinfo)


def test_parts_of_different_dates(tmp_path):
    folder = _folder_copy(tmp_path)
    part = folder / "0221PND01112026-000001.xml"
    part.write_text(part.read_text().replace("2026-11-01", "2026-10-01", 1))
    with pytest.raises(BagError) as excinfo:
        BagExtract(folder).info()
    assert "2026-10-01, 2026-11-01" in _error(excinfo)


def test_check_counts_a_good_extract(generated):
    counts = BagExtract(generated["zip"]).check()
    assert counts["Verblijfsobject"] == 150
    assert set(counts) == {
        "Woonplaats",
        "GemeenteWoonplaats",
        "OpenbareRuimte",
        "Nummeraanduiding",
        "Pand",
        "Verblijfsobject",
    }
