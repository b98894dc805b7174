"""A small dataset with every kind of figure in several areas, for the grouped figures, the child
tables and the figure links (issue 14): buildings in Utrecht (GM0344, PV26, office region
utrecht, with two designated areas), Amersfoort (GM0307, PV26) and Nijkerk (GM0267, PV25), both
in office region amersfoort, which so reaches into two provinces, Amsterdam (GM0363, PV27) and
Haarlem (GM0392, PV27).

Per municipality: a building structurally vacant since 2008, one more than 80% vacant since
2024 (the watchlist from 2024), one partly vacant, one fully vacant but small, one whose records
stopped in 2015 (stale), one withdrawn in 2016, one completed in 2020, and one without records.
"""

from __future__ import annotations

import datetime

from regions.models import DesignatedArea, Municipality
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory

CODES = ("GM0344", "GM0307", "GM0363", "GM0392", "GM0267")
# Dates the tests ask: before the covenant, at it, later, and recent.
DATES = (
    datetime.date(2010, 12, 31),
    datetime.date(2012, 6, 30),
    datetime.date(2016, 12, 31),
    datetime.date(2025, 3, 31),
)


def _records(building, course):  # type: ignore[no-untyped-def]
    for year, share in course:
        VacancyRecordFactory(
            building=building,
            observed_on=datetime.date(year, 6, 30),
            vacant_area_m2=int(building.lettable_floor_area_m2 * share),
        )


def explore_dataset() -> dict[str, object]:
    """Write the dataset; returns the municipalities by code and the designated areas."""
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=CODES)}
    designated = {
        "stationsgebied": DesignatedArea.objects.create(
            municipality=municipalities["GM0344"], name="Stationsgebied", kind="growth"
        ),
        "rijnsweerd": DesignatedArea.objects.create(
            municipality=municipalities["GM0344"], name="Rijnsweerd", kind="restriction"
        ),
    }
    for index, code in enumerate(CODES):
        municipality = municipalities[code]
        size = 1000 * (index + 1)

        def building(name, area, code=code, municipality=municipality, **extra):  # type: ignore[no-untyped-def]
            return BuildingFactory(
                name=f"{name} {code}",
                municipality=municipality,
                lettable_floor_area_m2=area,
                **extra,
            )

        in_area = {"designated_area": designated["stationsgebied"]} if code == "GM0344" else {}
        _records(
            building("Structureel", 8000 + size, **in_area),
            [(2007, 0.5), (2008, 1.0), (2012, 0.95), (2020, 0.9)],
        )
        _records(building("Aandacht", 6000 + size), [(2009, 0.1), (2024, 0.85)])
        other = {"designated_area": designated["rijnsweerd"]} if code == "GM0344" else {}
        _records(building("Deels", 3000 + size, **other), [(2009, 0.25), (2016, 0.5)])
        _records(building("Klein", 1200 + size), [(2010, 1.0), (2017, 0.0), (2023, 1.0)])
        _records(building("Oud", 2500 + size), [(2011, 0.3), (2015, 0.2)])
        withdrawn = building(
            "Onttrokken",
            4000 + size,
            completed_on=datetime.date(1990, 1, 1),
            withdrawn_on=datetime.date(2016, 5, 1),
        )
        _records(withdrawn, [(2009, 0.9), (2013, 1.0)])
        _records(
            building("Nieuw", 7000 + size, completed_on=datetime.date(2020, 3, 1)),
            [(2020, 0.4), (2022, 0.0)],
        )
        building("Onbekend", 900 + size)
    return {"municipalities": municipalities, "designated": designated}
