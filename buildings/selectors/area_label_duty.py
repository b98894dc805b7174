"""The stock's area basis and the label-C duty of an area on a date, one aggregate query each,
for the area pages (domain spec, "The office stock from the BAG" and "Energy label C duty for
offices"). A snapshot of buildings.selectors.statistics carries the same figures
(`go_stock_percentage`, `label_c_duty`) in its own one query."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from buildings.choices import LabelCDuty
from buildings.models import AreaBasis
from buildings.selectors.areas import area_buildings
from buildings.selectors.label_duty import DUTY_START
from buildings.selectors.statistics import percentage
from regions.selectors import Area


def go_stock_percentage(*, area: Area, on: datetime.date) -> Decimal | None:
    """The share of an area's stock m2 on `on` that stands on BAG usable area (GO) in place of
    lettable area (VVO), in percent with one decimal; None when the stock is 0."""
    totals = (
        area_buildings(area=area)
        .in_stock(on=on)
        .aggregate(
            stock=Sum("lettable_floor_area_m2"),
            go=Sum("lettable_floor_area_m2", filter=Q(area_basis=AreaBasis.GO)),
        )
    )
    return percentage(int(totals["go"] or 0), int(totals["stock"] or 0))


@dataclass(frozen=True)
class LabelDutyCount:
    """The buildings of an area's stock with one label-C duty status on a date, and their
    stock m2 (lettable area, or office GO for a building known only from the BAG)."""

    status: str
    buildings: int
    m2: int


def area_label_duty_counts(*, area: Area, on: datetime.date) -> list[LabelDutyCount]:
    """Per label-C duty status (LabelCDuty's order, zeros included) the number and stock m2 of
    the area's buildings in the stock on `on`; empty before the duty (2023-01-01)."""
    if on < DUTY_START:
        return []
    rows = (
        area_buildings(area=area)
        .in_stock(on=on)
        .with_label_duty(on=on)
        .order_by()
        # django-stubs cannot see the annotation `with_label_duty` makes through RawSQL.
        .values("label_c_duty")  # type: ignore[misc]
        .annotate(buildings=Count("id"), m2=Sum("lettable_floor_area_m2"))
    )
    found = {row["label_c_duty"]: row for row in rows}
    return [
        LabelDutyCount(
            status=status,
            buildings=int(found.get(status, {}).get("buildings") or 0),
            m2=int(found.get(status, {}).get("m2") or 0),
        )
        for status in LabelCDuty.values
    ]
