"""The label-C duty worklist of a municipality as CSV and Excel: one row per office unit (an
office without BAG units has one row), Dutch column names, the office's columns repeated on each
of its rows so that a spreadsheet filters and sorts them as they are."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import IO, Any

from buildings.choices import LabelCDuty
from buildings.selectors.label_duty_worklist import WorklistOffice
from kantorentop.core import csv_writer
from kantorentop.core.xlsx_writer import write_sheet

NO_VALID_LABEL = "geen geldig label"

COLUMNS: list[tuple[str, str]] = [
    ("BAG-id pand", "text"),
    ("Naam", "text"),
    ("Straat", "text"),
    ("Huisnummer", "text"),
    ("Postcode", "text"),
    ("Plaats", "text"),
    ("Kantooroppervlak (m2)", "m2"),
    ("Oppervlaktebasis", "text"),
    ("Labelplicht C", "text"),
    ("BAG-id verblijfsobject", "text"),
    ("Adres verblijfsobject", "text"),
    ("Oppervlakte verblijfsobject (m2 GO)", "m2"),
    ("Energielabel", "text"),
    ("Label geldig tot", "date"),
    ("Peildatum", "date"),
]
COLUMN_NAMES = [name for name, _ in COLUMNS]
WIDTHS = [18, 30, 28, 11, 10, 20, 14, 12, 16, 22, 32, 14, 18, 14, 12]


def worklist_rows(offices: list[WorklistOffice], *, on: datetime.date) -> Iterator[list[Any]]:
    """The rows in the order of COLUMNS. A unit without a valid label on `on` says so; an office
    without BAG units shows the label recorded on the building (what the rule read)."""
    duties = {value: str(label) for value, label in LabelCDuty.choices}
    for office in offices:
        building = [
            office.bag_id,
            office.name,
            office.street,
            office.house_number,
            office.postcode,
            office.city,
            office.office_m2,
            office.area_basis,
            duties.get(office.label_c_duty, office.label_c_duty),
        ]
        if not office.units:
            yield [*building, "", "", None, office.energy_label or NO_VALID_LABEL, None, on]
        for unit in office.units:
            yield [
                *building,
                unit.bag_id,
                unit.address,
                unit.area_m2,
                unit.energy_class or NO_VALID_LABEL,
                unit.valid_until,
                on,
            ]


def worklist_csv_lines(offices: list[WorklistOffice], *, on: datetime.date) -> Iterator[str]:
    """The CSV text line by line, through the portal's one CSV writer (Dutch, formula-safe)."""
    return csv_writer.csv_lines(COLUMN_NAMES, worklist_rows(offices, on=on))


def worklist_write_xlsx(
    handle: IO[bytes], offices: list[WorklistOffice], *, on: datetime.date
) -> int:
    """Write the workbook to `handle`; return the number of rows."""
    return write_sheet(
        handle,
        columns=COLUMNS,
        widths=WIDTHS,
        rows=worklist_rows(offices, on=on),
        name="Labelplicht C",
    )
