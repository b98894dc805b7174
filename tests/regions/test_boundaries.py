"""The map's boundaries (ADR 0024, static/maps/boundaries-2023.json): the 342 municipalities of
2023 with the regions table's codes, the provinces and office regions merged from them, small,
in WGS84, with their attribution; and `build_boundaries` makes exactly this file again."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from regions.management.commands.build_boundaries import ATTRIBUTION
from regions.models import Municipality, OfficeRegion, Province

BOUNDARIES = settings.BASE_DIR / "static" / "maps" / "boundaries-2023.json"
# The CBS GeoJSON lies beside the main checkout (../shared) or, from a worktree, one up more.
SOURCES = [
    base / "shared" / "data" / "boundaries" / "gemeenten-2023.geojson"
    for base in (settings.BASE_DIR.parent, settings.BASE_DIR.parent.parent)
]


@pytest.fixture(scope="module")
def topology():
    return json.loads(BOUNDARIES.read_text(encoding="utf-8"))


def _ids(topology, name):
    return [geometry["id"] for geometry in topology["objects"][name]["geometries"]]


def test_every_municipality_of_2023_with_the_regions_tables_code(db, topology):
    codes = _ids(topology, "municipalities")
    assert len(codes) == len(set(codes)) == 342
    assert set(codes) == set(
        Municipality.objects.filter(dissolved_on__isnull=True).values_list("code", flat=True)
    )
    for geometry in topology["objects"]["municipalities"]["geometries"]:
        assert geometry["type"] in ("Polygon", "MultiPolygon"), geometry["id"]
        assert geometry["arcs"], geometry["id"]
        assert geometry["properties"]["name"]


def test_province_and_office_region_outlines_merged_from_the_municipalities(db, topology):
    assert sorted(_ids(topology, "provinces")) == sorted(
        Province.objects.values_list("code", flat=True)
    )
    assert sorted(_ids(topology, "officeRegions")) == sorted(
        OfficeRegion.objects.values_list("slug", flat=True)
    )
    names = {
        g["id"]: g["properties"]["name"] for g in topology["objects"]["provinces"]["geometries"]
    }
    assert names["PV26"] == "Utrecht"
    # A merged outline reuses the municipalities' arcs: no arc of its own.
    used = {
        index if index >= 0 else ~index
        for geometry in topology["objects"]["municipalities"]["geometries"]
        for index in _arc_indexes(geometry)
    }
    for name in ("provinces", "officeRegions"):
        for geometry in topology["objects"][name]["geometries"]:
            assert {i if i >= 0 else ~i for i in _arc_indexes(geometry)} <= used


def _arc_indexes(geometry):
    arcs = geometry["arcs"]
    rings = arcs if geometry["type"] == "Polygon" else [ring for poly in arcs for ring in poly]
    return [index for ring in rings for index in ring]


def test_small_quantised_wgs84_with_its_attribution(topology):
    assert BOUNDARIES.stat().st_size < 300_000
    assert topology["attribution"] == ATTRIBUTION == "Gemeentegrenzen: CBS/Kadaster (CC BY 4.0)"
    west, south, east, north = topology["bbox"]
    assert 3.0 < west < east < 7.5
    assert 50.5 < south < north < 53.7
    assert "transform" in topology


def _source() -> Path:
    found = [path for path in SOURCES if path.exists()]
    if not found:
        pytest.skip("the CBS GeoJSON (../shared/data/boundaries) is not on this machine")
    return found[0]


def test_the_command_makes_the_committed_file_again(db, tmp_path):
    output = tmp_path / "boundaries.json"
    call_command("build_boundaries", source=_source(), output=output)
    assert output.read_bytes() == BOUNDARIES.read_bytes()


def test_the_command_refuses_boundaries_whose_codes_differ_from_the_table(db, tmp_path):
    geojson = json.loads(_source().read_text(encoding="utf-8"))
    geojson["features"] = geojson["features"][1:]
    source = tmp_path / "short.geojson"
    source.write_text(json.dumps(geojson), encoding="utf-8")
    with pytest.raises(CommandError, match="missing"):
        call_command("build_boundaries", source=source, output=tmp_path / "out.json")
