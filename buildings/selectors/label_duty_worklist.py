"""The enforcement worklist of the label-C duty: the offices of one municipality that do not
meet the duty on a date (`non_compliant`) or whose labels leave it open (`unknown`), each with
its office units and their labels on that date. Municipal officers check these offices
(domain spec, "Energy label C duty for offices"); who may have whose list is the view's concern
(the scope's area).

Two queries whatever the number of offices: the offices (the rule as one SQL expression,
`label_duty_sql`) and their office units with each unit's label on the date (`unit_label_sql`,
the same lookup the rule makes).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models.expressions import RawSQL

from buildings.choices import LabelCDuty
from buildings.models import Building, Unit
from buildings.selectors.label_duty import OFFICE_USE, label_duty_on, unit_label_sql
from regions.models import Municipality

WORKLIST_STATUSES = (LabelCDuty.NON_COMPLIANT, LabelCDuty.UNKNOWN)


@dataclass(frozen=True)
class WorklistUnit:
    """An office unit (verblijfsobject) and its label on the date: `energy_class` and
    `valid_until` are None when it has no valid label."""

    bag_id: str
    address: str
    area_m2: int
    energy_class: str | None
    valid_until: datetime.date | None


@dataclass(frozen=True)
class WorklistOffice:
    """An office building on the worklist. `office_m2` is its stock m2 (VVO, or the BAG's
    office GO when `area_basis` is GO). Without BAG units (a building typed in) `units` is empty
    and the rule read `energy_label`, the label recorded on the building itself."""

    bag_id: str
    name: str
    street: str
    house_number: str
    postcode: str
    city: str
    office_m2: int
    area_basis: str
    energy_label: str | None
    label_c_duty: str
    units: list[WorklistUnit] = field(default_factory=list)


def _unit_address(street: str, number: int | None, letter: str, addition: str) -> str:
    house = f"{number or ''}{letter}{'-' + addition if addition else ''}"
    return f"{street} {house}".strip()


def _offices(*, municipality: Municipality, on: datetime.date) -> dict[int, WorklistOffice]:
    """The offices on the list by building id, in BAG id order, without their units."""
    rows = (
        Building.objects.filter(municipality=municipality)
        .in_stock(on=on)
        # Building.objects.with_label_duty, spelled out so the type checker sees the annotation.
        .annotate(label_c_duty=label_duty_on(on))
        .filter(label_c_duty__in=WORKLIST_STATUSES)
        .order_by("bag_id")
        .values(
            "id",
            "bag_id",
            "name",
            "street",
            "house_number",
            "postcode",
            "city",
            "lettable_floor_area_m2",
            "area_basis",
            "energy_label",
            "label_c_duty",
        )
    )
    return {
        row["id"]: WorklistOffice(
            bag_id=row["bag_id"],
            name=row["name"],
            street=row["street"],
            house_number=row["house_number"],
            postcode=row["postcode"],
            city=row["city"],
            office_m2=row["lettable_floor_area_m2"],
            area_basis=row["area_basis"],
            energy_label=row["energy_label"],
            label_c_duty=row["label_c_duty"],
        )
        for row in rows
    }


def _office_units(*, building_ids: list[int], on: datetime.date) -> dict[int, list[WorklistUnit]]:
    """The office units of the buildings by building id, in BAG id order, each with its label
    on `on`."""
    # The rule's own lookup of a unit's label; the day is a parameter (twice in it).
    label = unit_label_sql(unit="buildings_unit", day="%s")
    label_class = f"SELECT energy_class FROM ({label}) l"  # noqa: S608 - fixed pieces
    label_valid_until = f"SELECT valid_until FROM ({label}) l"  # noqa: S608 - fixed pieces
    units = (
        Unit.objects.filter(building_id__in=building_ids, uses__contains=[OFFICE_USE])
        .annotate(
            label_class=RawSQL(label_class, (on, on)),  # noqa: S611 - fixed SQL
            label_valid_until=RawSQL(label_valid_until, (on, on)),  # noqa: S611 - fixed SQL
        )
        .order_by("bag_id")
        .values_list(
            "building_id",
            "bag_id",
            "street",
            "house_number",
            "house_letter",
            "house_number_addition",
            "area_m2",
            "label_class",
            "label_valid_until",
        )
    )
    by_building: dict[int, list[WorklistUnit]] = defaultdict(list)
    for building_id, bag_id, street, number, letter, addition, area, energy_class, until in units:
        by_building[building_id].append(
            WorklistUnit(
                bag_id=bag_id,
                address=_unit_address(street, number, letter, addition),
                area_m2=area,
                energy_class=energy_class,
                valid_until=until,
            )
        )
    return by_building


def label_duty_worklist(*, municipality: Municipality, on: datetime.date) -> list[WorklistOffice]:
    """The offices of `municipality` in the stock on `on` whose label-C duty status on `on` is
    non_compliant or unknown, by BAG id, with their office units by BAG id. Empty before 2023."""
    offices = _offices(municipality=municipality, on=on)
    if not offices:
        return []
    units = _office_units(building_ids=list(offices), on=on)
    for building_id, office in offices.items():
        office.units.extend(units.get(building_id, []))
    return list(offices.values())
