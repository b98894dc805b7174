"""The generator writes the Kadaster's layout, and what it writes reads back exactly."""

from __future__ import annotations

import re
import zipfile
from collections import Counter

import pytest
from defusedxml import ElementTree as ET

from buildings.bag import BagExtract
from buildings.bag.cases import blocks
from buildings.bag.generator import Options, expected_records, write_extract
from buildings.bag.plan import CASES
from buildings.bag.records import Pand, Verblijfsobject

from .conftest import SMALL


@pytest.mark.parametrize("layout", ["zip", "folder", "gpkg"])
def test_reads_back_exactly_what_was_generated(generated, layout):
    records = list(BagExtract(generated[layout]).records())
    expected = list(expected_records(SMALL, layout))
    assert records == expected
    assert len(expected) > 300


def test_national_extract_and_many_parts(tmp_path):
    options = Options(units=120, national=True, objects_per_file=25, seed=7)
    path = write_extract(tmp_path, options)
    assert path.name == "BAGNLDL-01112026.zip"
    with zipfile.ZipFile(path) as outer, outer.open("9999VBO01112026.zip") as member:
        parts = zipfile.ZipFile(member).namelist()
    assert parts[:2] == ["9999VBO01112026-000001.xml", "9999VBO01112026-000002.xml"]
    assert len(parts) > 4
    assert list(BagExtract(path).records()) == list(expected_records(options))


def test_kadaster_layout_of_the_delivery(generated):
    with zipfile.ZipFile(generated["zip"]) as outer:
        infos = {i.filename: i for i in outer.infolist()}
        assert generated["zip"].name == "BAGGEM0221L-01112026.zip"
        assert set(infos) == {
            "Leveringsdocument-BAG-Extract.xml",
            *(f"0221{t}01112026.zip" for t in ("WPL", "OPR", "NUM", "PND", "VBO", "LIG", "STA")),
            *(f"0221{t}01112026.zip" for t in ("Inactief", "InOnderzoek", "NietBag")),
            "GEM-WPL-RELATIE-01112026.zip",
        }
        # type zips stored, their XML parts deflated, as the Kadaster delivers them
        assert all(
            i.compress_type == zipfile.ZIP_STORED for n, i in infos.items() if n.endswith(".zip")
        )
        with outer.open("0221Inactief01112026.zip") as member, zipfile.ZipFile(member) as ia:
            assert "0221IAVBO01112026.zip" in ia.namelist()
        with outer.open("0221PND01112026.zip") as member, zipfile.ZipFile(member) as pnd:
            (part,) = pnd.infolist()
            assert part.filename == "0221PND01112026-000001.xml"
            assert part.compress_type == zipfile.ZIP_DEFLATED


def _paths(source) -> tuple[set[str], set[str]]:
    """Namespaces declared, and element paths below each `bagObject` (with namespace URIs)."""
    namespaces = {uri for _, (_, uri) in ET.iterparse(source, events=("start-ns",))}
    source.seek(0)
    paths, stack = set(), []
    for event, elem in ET.iterparse(source, events=("start", "end")):
        if event == "start":
            stack.append(elem.tag)
            if "bagObject" in "".join(stack):
                start = next(i for i, t in enumerate(stack) if t.endswith("bagObject"))
                paths.add(" > ".join(stack[start + 1 :]))
        else:
            stack.pop()
    return namespaces, paths


def _history_paths(paths: set[str]) -> set[str]:
    """Paths inside `voorkomen`, whatever the object (every type shares `Historie:Voorkomen`)."""
    return {p.split(" > ", 1)[1] for p in paths if "}voorkomen" in p}


def test_same_namespaces_and_elements_as_the_real_files(bag_samples, generated):
    folder = generated["folder"]
    real, ours = {}, {}
    for kind in ("PND", "VBO", "NUM", "OPR", "WPL"):
        with open(bag_samples / "gemeente-0221" / f"0221{kind}15092020-000001.xml", "rb") as f:
            real[kind] = _paths(f)
        with open(folder / f"0221{kind}01112026-000001.xml", "rb") as f:
            ours[kind] = _paths(f)
    history = set().union(*(_history_paths(paths) for _, paths in real.values()))
    for kind in real:
        assert ours[kind][0] == real[kind][0], kind
        # every element the generator writes stands where a real file has it (a unit's polygon
        # geometry, `vlak`, is in the schema but not in these samples)
        extra = {
            p
            for p in ours[kind][1] - real[kind][1]
            if p.split(" > ", 1)[-1] not in history and not re.search(r"}vlak", p)
        }
        assert extra == set(), kind
    root = ET.parse(folder / "Leveringsdocument-BAG-Extract.xml").getroot()
    assert (
        root.tag
        == ET.parse(bag_samples / "gemeente-0221" / "Leveringsdocument-BAG-Extract.xml")
        .getroot()
        .tag
    )


def test_every_case_is_in_the_plan_and_the_records():
    made = [b.case for b in blocks(SMALL)]
    assert made[: len(CASES)] == list(CASES)
    assert Counter(made)["ordinary"] > 10
    records = list(expected_records(SMALL))
    units = {u.id: u for u in records if isinstance(u, Verblijfsobject)}
    panden = [p for p in records if isinstance(p, Pand)]
    areas = {u.oppervlakte for u in units.values()}
    assert {1, 9999, 999999, 499, 500} <= areas
    assert any(len(u.pand_ids) == 2 for u in units.values())
    assert any(u.gebruiksdoelen == ("kantoorfunctie", "bijeenkomstfunctie") for u in units.values())
    assert {"Pand gesloopt", "Bouw gestart"} <= {p.status for p in panden}
    assert {"Verblijfsobject ingetrokken", "Verblijfsobject gevormd"} <= {
        u.status for u in units.values()
    }
    assert any(p.bouwjaar is None for p in panden)
    # historic, corrected and inactive occurrences exist in the plan but not as records
    occurrences = [u for b in blocks(SMALL) for u in b.units]
    assert len(occurrences) > len(units)
    assert any(u.occ.inactive for u in occurrences)
    corrected = next(b for b in blocks(SMALL) if b.case == "corrected")
    assert [u.area for u in corrected.units] == [70, 700]
    assert units[corrected.units[0].id].oppervlakte == 700


def test_office_share_sets_the_offices(tmp_path):
    def offices(share):
        options = Options(units=400, office_share=share, cases=False)
        units = [r for r in expected_records(options) if isinstance(r, Verblijfsobject)]
        assert len(units) == 400
        return sum("kantoorfunctie" in u.gebruiksdoelen for u in units)

    assert offices(0.0) == 0
    assert 0 < offices(0.1) < offices(0.5)


def test_inactive_part_is_skipped_but_readable(generated):
    folder = generated["folder"]
    inactive = folder / "0221IAVBO01112026-000001.xml"
    assert "tijdstipInactief" in inactive.read_text()
    # read on its own, the inactive occurrence is still not current
    assert list(BagExtract(inactive).records()) == []
