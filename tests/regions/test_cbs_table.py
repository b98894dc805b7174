"""The municipalities after `migrate` are CBS's 2023 table: code, name and province.

The reference is CBS's Wijk- en Buurtkaart 2023 in ../shared/data/boundaries/ (read there, never
copied into the repository). It gives code and name per municipality; the province is derived from
the map: the mainland municipalities of each province form one connected area, and the five
Wadden islands (no land neighbour) are checked by name.
"""

import importlib
import json
import os
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps as global_apps

from regions.models import Municipality, Province

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("KANTORENTOP_SHARED_DIR", ROOT.parent / "shared"))
BOUNDARIES = SHARED / "data" / "boundaries" / "gemeenten-2023.geojson"

# CBS's province table (PV20-PV31).
PROVINCES = {
    "PV20": "Groningen",
    "PV21": "Fryslân",
    "PV22": "Drenthe",
    "PV23": "Overijssel",
    "PV24": "Flevoland",
    "PV25": "Gelderland",
    "PV26": "Utrecht",
    "PV27": "Noord-Holland",
    "PV28": "Zuid-Holland",
    "PV29": "Zeeland",
    "PV30": "Noord-Brabant",
    "PV31": "Limburg",
}
ISLANDS = {
    "GM0060": "PV21",  # Ameland
    "GM0088": "PV21",  # Schiermonnikoog
    "GM0093": "PV21",  # Terschelling
    "GM0096": "PV21",  # Vlieland
    "GM0448": "PV27",  # Texel
}
# Two municipalities are neighbours when their simplified borders share at least this many points.
SHARED_POINTS = 2


@cache
def _features() -> tuple[tuple[str, str, frozenset], ...]:
    if not BOUNDARIES.exists():
        message = f"CBS's 2023 municipalities are not at {BOUNDARIES} (../shared is absent)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    document = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    return tuple(
        (
            feature["properties"]["code"],
            feature["properties"]["name"],
            frozenset(_points(feature["geometry"]["coordinates"])),
        )
        for feature in document["features"]
    )


def _points(coordinates):
    if isinstance(coordinates[0], int | float):
        yield round(coordinates[0], 4), round(coordinates[1], 4)
        return
    for part in coordinates:
        yield from _points(part)


def _neighbours() -> dict[str, set[str]]:
    by_point = defaultdict(set)
    for code, _name, points in _features():
        for point in points:
            by_point[point].add(code)
    shared = defaultdict(lambda: defaultdict(int))
    for codes in by_point.values():
        for a in codes:
            for b in codes - {a}:
                shared[a][b] += 1
    return {
        code: {other for other, count in shared[code].items() if count >= SHARED_POINTS}
        for code, _name, _points in _features()
    }


def _portal() -> dict[str, tuple[str, str]]:
    return {
        code: (name, province)
        for code, name, province in Municipality.objects.filter(
            dissolved_on__isnull=True
        ).values_list("code", "name", "province__code")
    }


def test_codes_and_names_are_cbs_2023():
    cbs = {code: name for code, name, _points in _features()}
    portal = {code: name for code, (name, _province) in _portal().items()}
    assert len(cbs) == 342
    differences = {
        code: (portal.get(code), cbs.get(code))
        for code in cbs.keys() | portal.keys()
        if portal.get(code) != cbs.get(code)
    }
    assert differences == {}, "(portal, CBS) per code"


def test_renswoude_is_gm0339_and_rhenen_gm0340():
    assert Municipality.objects.get(code="GM0339").name == "Renswoude"
    assert Municipality.objects.get(code="GM0340").name == "Rhenen"


def test_provinces_are_cbs_table():
    assert dict(Province.objects.values_list("code", "name")) == PROVINCES


def test_each_province_is_one_connected_area_on_cbs_map():
    portal = _portal()
    neighbours = _neighbours()
    islands = {code for code, around in neighbours.items() if not around}
    assert islands == ISLANDS.keys()
    assert {code: portal[code][1] for code in islands} == ISLANDS
    for province in PROVINCES:
        mainland = {
            code for code, (_n, p) in portal.items() if p == province and code not in islands
        }
        start = min(mainland)
        reached, todo = {start}, [start]
        while todo:
            for other in neighbours[todo.pop()] & mainland - reached:
                reached.add(other)
                todo.append(other)
        assert mainland - reached == set(), f"{province}: cut off from the rest of the province"


def test_the_correcting_migration_mends_a_database_loaded_with_the_swap():
    Municipality.objects.filter(code="GM0339").update(name="Rhenen")
    Municipality.objects.filter(code="GM0340").update(name="Renswoude")
    migration = importlib.import_module("regions.migrations.0006_correct_renswoude_rhenen")
    migration.correct_names(global_apps, None)
    migration.correct_names(global_apps, None)
    assert Municipality.objects.get(code="GM0339").name == "Renswoude"
    assert Municipality.objects.get(code="GM0340").name == "Rhenen"
