"""A building's units (BAG verblijfsobjecten) with their energy label on a date, and why the
building has the label-C duty status it has (domain spec, "Energy label C duty for offices").

The status itself is the rule's (`Building.objects.with_label_duty`, buildings.selectors.
label_duty); `label_duty_reason` only names the fact behind it, read from the same units and
labels, so the building page can say e.g. "office unit 0221010000001234 has label E".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from buildings.choices import LABEL_BELOW_C, LabelCDuty
from buildings.models import Building, EnergyLabelRegistration, Unit
from buildings.selectors.label_duty import EXEMPT_BELOW_M2, OFFICE_USE


def building_units_on(*, building: Building, on: datetime.date) -> QuerySet[Unit]:
    """The building's units by BAG id, each annotated with its label on `on`: `label_class` and
    `label_valid_until` (null without a valid label), chosen as the rule chooses it (the most
    recently recorded label recorded on or before `on` and still valid then). One query."""
    label = EnergyLabelRegistration.objects.filter(
        unit_bag_id=OuterRef("bag_id"), recorded_on__lte=on, valid_until__gte=on
    ).order_by("-recorded_on", "-registered_on")
    return (
        Unit.objects.filter(building=building)
        .annotate(
            label_class=Subquery(label.values("energy_class")[:1]),
            label_valid_until=Subquery(label.values("valid_until")[:1]),
        )
        .order_by("bag_id")
    )


@dataclass(frozen=True)
class LabelDutyReason:
    """The fact behind a duty status. `kind` is one of: small_office, minor_office (exempt),
    unit_below_c, building_below_c (non-compliant), all_units_c_or_better, building_c_or_better
    (compliant), unit_without_label, building_without_label (unknown). The building_* kinds
    are of a building without units from the BAG, judged on its own label (ADR 0013)."""

    kind: str
    unit_bag_id: str = ""
    label: str = ""
    office_m2: int = 0
    total_m2: int = 0
    count: int = 0  # the office units, of all_units_c_or_better
    more: int = 0  # further office units like `unit_bag_id`


def _is_office(unit: Unit) -> bool:
    return OFFICE_USE in unit.uses


def _label(unit: Unit) -> str | None:
    """The unit's label on the date, as `building_units_on` annotated it."""
    label: str | None = getattr(unit, "label_class", None)
    return label


def _without_units(building: Building, status: str) -> LabelDutyReason | None:
    label = building.energy_label or ""
    area = building.lettable_floor_area_m2
    if status == LabelCDuty.EXEMPT:
        return LabelDutyReason("small_office", office_m2=area)
    if status == LabelCDuty.NON_COMPLIANT:
        return LabelDutyReason("building_below_c", label=label)
    if status == LabelCDuty.COMPLIANT:
        return LabelDutyReason("building_c_or_better", label=label)
    if status == LabelCDuty.UNKNOWN:
        return LabelDutyReason("building_without_label")
    return None


def label_duty_reason(
    *, building: Building, status: str | None, units: list[Unit]
) -> LabelDutyReason | None:
    """Why `building` has duty `status` (None before the duty), from `units` as
    `building_units_on` gives them; None when there is no status."""
    if status is None:
        return None
    if not units:
        return _without_units(building, status)
    offices = [unit for unit in units if _is_office(unit)]
    office_m2 = sum(unit.area_m2 for unit in offices)
    total_m2 = sum(unit.area_m2 for unit in units)
    if status == LabelCDuty.EXEMPT:
        kind = "small_office" if office_m2 < EXEMPT_BELOW_M2 else "minor_office"
        return LabelDutyReason(kind, office_m2=office_m2, total_m2=total_m2)
    if status == LabelCDuty.COMPLIANT:
        return LabelDutyReason("all_units_c_or_better", count=len(offices))
    if status == LabelCDuty.NON_COMPLIANT:
        kind = "unit_below_c"
        matching = [unit for unit in offices if _label(unit) in LABEL_BELOW_C]
    else:
        kind = "unit_without_label"
        matching = [unit for unit in offices if _label(unit) is None]
    if not matching:
        return None
    first = matching[0]
    return LabelDutyReason(
        kind, unit_bag_id=first.bag_id, label=_label(first) or "", more=len(matching) - 1
    )
