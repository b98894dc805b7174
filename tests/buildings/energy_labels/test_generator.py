"""The generator writes the published layout: two preamble lines, the full header, `;`,
`yyyymmdd` dates; and its national mix has every kind of row the import must tell apart."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter

from buildings.ep_online import open_file
from buildings.ep_online.generator import Row, mixed_rows, write_file
from buildings.ep_online.layout import HEADER, PERMIT_STATUS, REQUIRED


def test_the_published_layout(tmp_path):
    path = write_file(
        tmp_path / "ep.csv",
        [Row("0363010000000001", "A+", dt.date(2021, 4, 5), dt.date(2021, 4, 6))],
        published_on=dt.date(2026, 11, 1),
    )
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    assert lines[0] == "PublicatieDatum;01-11-2026"
    assert lines[1].startswith("LaatstVerwerkteMutatievolgnummer;")
    assert lines[2] == ";".join(HEADER) and len(HEADER) == 37
    row = dict(zip(HEADER, next(csv.reader(io.StringIO(lines[3]), delimiter=";")), strict=True))
    assert (row["Pand_opnamedatum"], row["Pand_registratiedatum"]) == ("20210405", "20210406")
    assert row["Meting_geldig_tot"] == "20310405"
    assert (row["Pand_bagverblijfsobjectid"], row["Pand_energieklasse"]) == (
        "0363010000000001",
        "A+",
    )
    assert lines[4:] == [""]


def test_the_reader_finds_the_date_and_every_required_column(tmp_path):
    path = write_file(tmp_path / "ep.csv", [], published_on=dt.date(2026, 12, 1))
    with open_file(path) as source:
        assert source.published_on == dt.date(2026, 12, 1)
        assert {HEADER[i] for i in source.columns.values()} == {n[0] for n in REQUIRED.values()}
        assert source.stream.read() == b""


def test_the_national_mix():
    portal = [f"0363010000{n:06d}" for n in range(50)]
    rows = list(mixed_rows(10_000, portal, seed=1))
    assert rows == list(mixed_rows(10_000, portal, seed=1))
    assert {row.unit_id for row in rows} >= set(portal)
    kinds = Counter(
        "permit"
        if row.status == PERMIT_STATUS
        else "zero"
        if set(row.unit_id) == {"0"}
        else "none"
        if not row.unit_id
        else row.building_class
        for row in rows
    )
    assert min(kinds["permit"], kinds["zero"], kinds["none"]) >= 5
    assert kinds["W"] > 9_000
