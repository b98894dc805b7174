"""The comparison's exports: its key figures (one row per area) and its quarterly series (one
row per quarter end, one column per area), as CSV through the portal's one CSV writer and as an
Excel workbook with a sheet for each, with Dutch column names as the buildings exports have."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

import xlsxwriter

from dashboard.compare import ComparedArea
from kantorentop.core import csv_writer
from kantorentop.core.xlsx_writer import write_rows

# (key of the figure, column name, kind): the kind says how Excel gets the value.
FIGURE_COLUMNS: list[tuple[str, str, str]] = [
    ("stock", "Kantorenvoorraad (m2 VVO)", "number"),
    ("buildings", "Gebouwen in de voorraad", "number"),
    ("vacancy", "Leegstand (%)", "share"),
    ("vacant", "Leegstaand (m2)", "number"),
    ("coverage", "Dekking (%)", "share"),
    ("fully", "Geheel leegstaand", "number"),
    ("partly", "Gedeeltelijk leegstaand", "number"),
    ("structural", "Structureel leegstaand", "number"),
    ("watchlist", "Aandachtslijst", "number"),
    ("stale", "Verouderde registraties", "number"),
    ("withdrawn", "Onttrokken sinds het convenant (m2)", "number"),
]
FIGURE_HEADER = ["Gebied", "Code", "Peildatum", *(name for _key, name, _kind in FIGURE_COLUMNS)]
FIGURE_KINDS = ["text", "text", "date", *(kind for _key, _name, kind in FIGURE_COLUMNS)]


def figure_table(compared: Sequence[ComparedArea], *, on: datetime.date) -> list[list[Any]]:
    """One row per area: its name, code, the date and its figures (percentages as fractions,
    0.175 for 17,5%; None when unknown)."""
    rows = []
    for area in compared:
        values = [
            _fraction(area.values[key]) if kind == "share" else area.values[key]
            for key, _name, kind in FIGURE_COLUMNS
        ]
        rows.append([area.label, area.code, on, *values])
    return rows


def series_header(compared: Sequence[ComparedArea]) -> list[str]:
    return ["Kwartaaleinde", *(f"{area.label}: leegstand (%)" for area in compared)]


def series_table(compared: Sequence[ComparedArea]) -> list[list[Any]]:
    """One row per quarter end: the date and each area's vacancy rate (a fraction)."""
    if not compared:
        return []
    dates = compared[0].trend["dates"]
    return [
        [
            datetime.date.fromisoformat(day),
            *(_fraction(area.trend["vacancy"][index]) for area in compared),
        ]
        for index, day in enumerate(dates)
    ]


def _fraction(value: Any) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(str(value)) / 100).quantize(Decimal("0.001"))


def _csv_row(row: list[Any], kinds: list[str]) -> list[Any]:
    # Back to percent with one decimal, as the page shows it.
    return [
        (value * 100).quantize(Decimal("0.1")) if kind == "share" and value is not None else value
        for value, kind in zip(row, kinds, strict=True)
    ]


def compare_csv_lines(
    compared: Sequence[ComparedArea], *, on: datetime.date, series: bool
) -> Iterator[str]:
    """The CSV of the figures, or (`series`) of the quarterly series."""
    if series:
        kinds = ["date", *(["share"] * len(compared))]
        rows = [_csv_row(row, kinds) for row in series_table(compared)]
        return csv_writer.csv_lines(series_header(compared), rows)
    rows = [_csv_row(row, FIGURE_KINDS) for row in figure_table(compared, on=on)]
    return csv_writer.csv_lines(FIGURE_HEADER, rows)


def write_compare_xlsx(
    handle: IO[bytes], compared: Sequence[ComparedArea], *, on: datetime.date
) -> None:
    """A workbook with the sheets "Kerncijfers" (the figures) and "Per kwartaal" (the series);
    every cell is written with its explicit type."""
    workbook = xlsxwriter.Workbook(handle, {"in_memory": True})
    try:
        formats = {
            "header": workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True}),
            "number": workbook.add_format({"num_format": "#,##0"}),
            "share": workbook.add_format({"num_format": "0.0%"}),
            "date": workbook.add_format({"num_format": "dd-mm-yyyy"}),
        }
        _sheet(
            workbook,
            "Kerncijfers",
            FIGURE_HEADER,
            FIGURE_KINDS,
            figure_table(compared, on=on),
            formats,
        )
        kinds = ["date", *(["share"] * len(compared))]
        _sheet(
            workbook,
            "Per kwartaal",
            series_header(compared),
            kinds,
            series_table(compared),
            formats,
        )
    finally:
        workbook.close()


def _sheet(workbook, name, header, kinds, rows, formats) -> None:  # type: ignore[no-untyped-def]
    sheet = workbook.add_worksheet(name)
    sheet.set_column(0, len(header) - 1, 16)
    sheet.set_column(0, 0, 30 if kinds[0] == "text" else 14)
    for column, title in enumerate(header):
        sheet.write_string(0, column, title, formats["header"])
    sheet.freeze_panes(1, 1)
    write_rows(sheet, rows, kinds, formats)
