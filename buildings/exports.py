"""The buildings exports (CSV and Excel): one row definition, Dutch column names.

Both take the filtered queryset of `tables.filtered_buildings` (buildings as they stood on the
page's date) and read it with `.iterator()`, so a national export never sits in memory.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from django.db.models import QuerySet

from buildings.choices import BuildingStatus, LabelCDuty
from buildings.models import Building
from kantorentop.core import csv_writer
from kantorentop.core.xlsx_writer import write_sheet

CHUNK_SIZE = 2000

# (column name, kind): the kind says how Excel gets the value.
COLUMNS: list[tuple[str, str]] = [
    ("BAG-id", "text"),
    ("Naam", "text"),
    ("Straat", "text"),
    ("Huisnummer", "text"),
    ("Postcode", "text"),
    ("Plaats", "text"),
    ("Gemeentecode", "text"),
    ("Gemeente", "text"),
    # VVO, or the BAG's office GO for a building known only from the BAG: the next column says.
    ("Vloeroppervlak (m2)", "m2"),
    ("Oppervlaktebasis", "text"),
    ("Kantooroppervlak BAG (m2 GO)", "m2"),
    ("Energielabel", "text"),
    ("Labelplicht C", "text"),
    ("Status", "text"),
    ("Leegstaand (m2)", "m2"),
    ("Leegstand (%)", "share"),
    ("Laatste registratie", "date"),
    ("Signalering actief", "text"),
    ("Peildatum", "date"),
]
COLUMN_NAMES = [name for name, _ in COLUMNS]
# Excel column widths (characters), in the order of COLUMNS.
WIDTHS = [18, 30, 28, 11, 10, 20, 14, 20, 16, 10, 16, 12, 16, 24, 14, 12, 14, 12, 12]


# The values each row is built from, read as tuples (no model instances for a national export).
FIELDS = (
    "bag_id",
    "name",
    "street",
    "house_number",
    "postcode",
    "city",
    "municipality__code",
    "municipality__name",
    "lettable_floor_area_m2",
    "area_basis",
    "bag_office_area_m2",
    "energy_label",
    "label_c_duty",
    "status_on",
    "current_vacant_area_m2",
    "current_vacancy_percentage",
    "current_observed_on",
    "is_flagged",
)


def building_rows(queryset: QuerySet[Building], *, on: datetime.date) -> Iterator[list[Any]]:
    """One list of typed values per building, in the order of COLUMNS: strings, integers (m2),
    the vacancy share as a fraction with one decimal of percent (0.875), dates, or None. The
    label-C duty is that on `on` (empty before 2023)."""
    labels = {value: str(label) for value, label in BuildingStatus.choices}
    duties = {value: str(label) for value, label in LabelCDuty.choices}
    rows = queryset.values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE)
    for (
        bag_id,
        name,
        street,
        house_number,
        postcode,
        city,
        municipality_code,
        municipality_name,
        lettable,
        area_basis,
        bag_office_area,
        energy_label,
        duty,
        status,
        vacant,
        percentage,
        observed_on,
        flagged,
    ) in rows:
        yield [
            bag_id,
            name,
            street,
            house_number,
            postcode,
            city,
            municipality_code,
            municipality_name,
            lettable,
            area_basis,
            bag_office_area,
            energy_label or "",
            "" if duty is None else duties.get(duty, duty),
            labels.get(status, status),
            vacant,
            None if percentage is None else percentage / 100,
            observed_on,
            "ja" if flagged else "nee",
            on,
        ]


def _csv_value(value: Any, kind: str) -> Any:
    if value is not None and kind == "share":
        # Back to percent with one decimal, as the page shows it.
        return (value * 100).quantize(Decimal("0.1"))
    return value


def csv_lines(queryset: QuerySet[Building], *, on: datetime.date) -> Iterator[str]:
    """The CSV text line by line, through the portal's one CSV writer (Dutch, formula-safe)."""
    kinds = [kind for _, kind in COLUMNS]
    rows = (
        [_csv_value(value, kind) for value, kind in zip(row, kinds, strict=True)]
        for row in building_rows(queryset, on=on)
    )
    return csv_writer.csv_lines(COLUMN_NAMES, rows)


def write_xlsx(handle: IO[bytes], queryset: QuerySet[Building], *, on: datetime.date) -> int:
    """Write the workbook to `handle` and return the number of buildings."""
    return write_sheet(
        handle, columns=COLUMNS, widths=WIDTHS, rows=building_rows(queryset, on=on), name="Kantoren"
    )
