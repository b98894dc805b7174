"""The reader's two libraries: lxml's iterparse releases what it has read, and pyproj turns RD
New into WGS84 without a grid or the network."""

from __future__ import annotations

import io

import pyproj
import pytest
from pyproj.transformer import TransformerGroup

from buildings.bag import BagExtract, geometry, xmlparse
from buildings.bag.errors import BagError
from buildings.bag.sources import Part

# (x, y) in RD New -> (lon, lat) by the Kadaster's published polynomial approximation
# (Schreutelkamp & Strang van Hees), itself within about a metre of RDNAPTRANS.
REFERENCE = {
    (121_000, 487_000): (4.88797344, 52.36982831),  # Amsterdam
    (233_000, 581_000): (6.55472303, 53.20994306),  # Groningen
    (176_000, 317_000): (5.68533627, 50.84246227),  # Maastricht
    (13_000, 380_000): (3.34686278, 51.39128651),  # Zeeuws-Vlaanderen, far west
    (280_000, 560_000): (7.24981135, 53.01241647),  # far east
}
METRE_DEG = 1 / 111_000


@pytest.mark.parametrize(("rd", "expected"), REFERENCE.items())
def test_rd_new_to_wgs84_across_the_country(rd, expected):
    lon, lat = geometry.rd_to_wgs84(*rd)
    assert lon == pytest.approx(expected[0], abs=1.5 * METRE_DEG / 0.6)  # cos(53°) ≈ 0.6
    assert lat == pytest.approx(expected[1], abs=1.5 * METRE_DEG)


@pytest.fixture
def proj_network():
    before = pyproj.network.is_network_enabled()
    yield pyproj.network.set_network_enabled
    pyproj.network.set_network_enabled(before)
    geometry._transformer.cache_clear()


def test_rd_new_to_wgs84_needs_no_grid_even_with_the_network_on(proj_network):
    """If PROJ ever offered a grid for this pair, it would fetch it when PROJ_NETWORK is on."""
    proj_network(True)
    group = TransformerGroup(28992, 4326, always_xy=True, allow_ballpark=False)
    assert group.transformers
    assert not group.unavailable_operations
    for transformer in group.transformers:
        assert "grid" not in transformer.definition
        assert "helmert" in transformer.definition


def test_rd_new_to_wgs84_offline(proj_network):
    proj_network(False)
    geometry._transformer.cache_clear()
    lon, lat = geometry.rd_to_wgs84(206_335.699, 447_529.842)  # a unit in Doesburg
    assert lon == pytest.approx(6.13499343, abs=2.5 * METRE_DEG)
    assert lat == pytest.approx(52.01375160, abs=1.5 * METRE_DEG)


def test_objects_read_are_released_from_the_tree(generated, monkeypatch):
    """tracemalloc does not see libxml2's memory, so the tree itself is checked: when a record
    comes out, fewer than RELEASE_EVERY `bagObject`s stand before the one it came from (lxml
    parses a chunk ahead, so later objects may already be there)."""
    ended = []
    original = xmlparse.iterparse

    def spying(stream, *args):
        for event, elem in original(stream, *args):
            if event == "end":
                ended.append(elem)
            yield event, elem

    monkeypatch.setattr(xmlparse, "iterparse", spying)
    monkeypatch.setattr(xmlparse, "RELEASE_EVERY", 8)  # fewer than the test parts hold
    count = most = 0
    for _ in BagExtract(generated["zip"]).records(("PND", "VBO", "NUM")):
        count += 1
        bag_object = ended[-1].getparent()
        assert bag_object.tag.endswith("}bagObject")
        before = sum(1 for _ in bag_object.itersiblings(preceding=True))
        assert before < 8
        most = max(most, before)
        ended.clear()
    assert count > 300
    assert most == 7  # it does grow to a batch: each is released as a whole


LVBAG = "http://www.kadaster.nl/schemas/lvbag/extract-deelbestand-lvc/v20200601"


@pytest.mark.parametrize(
    "xml",
    [
        b"<foo><bar/></foo>",  # no element the reader acts on: no event at all
        b"<foo><bagObject><Pand/></bagObject></foo>",  # events, but not for the root
        b'<bagStand xmlns="urn:other"><bagObject/></bagStand>',  # a BAG name, not the Kadaster's
    ],
)
def test_a_part_whose_root_is_not_the_kadasters_is_not_bag(xml):
    part = Part(kind="PND", label="x.xml", open=lambda: io.BytesIO(xml))
    with pytest.raises(BagError, match="Geen BAG 2.0-extract"):
        list(xmlparse.read_part(part))


def test_a_part_with_the_kadasters_root_is_read():
    xml = f'<bagStand xmlns="{LVBAG}"><StandTechnischeDatum>2026-11-01</StandTechnischeDatum>'
    part = Part(kind="PND", label="x.xml", open=lambda: io.BytesIO(f"{xml}</bagStand>".encode()))
    assert list(xmlparse.read_part(part)) == []
