"""Excel workbooks of one sheet of typed rows, written with flat memory whatever their length
(the buildings table's and the label-C worklist's exports)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

import xlsxwriter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_sheet(
    handle: IO[bytes],
    *,
    columns: list[tuple[str, str]],
    widths: list[int],
    rows: Iterable[list[Any]],
    name: str,
) -> int:
    """Write a workbook of one sheet `name` to `handle`, a header row of `columns` (name, kind)
    and then `rows`; return the number of rows.

    constant_memory mode writes each row to a temporary file as soon as the next one starts, so
    memory stays flat whatever the number of rows. Every cell is written with its explicit type:
    text is never read as a formula or a number (a BAG id keeps its leading zeros).
    """
    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet(name)
        header = workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True})
        formats = {
            "m2": workbook.add_format({"num_format": "#,##0"}),
            "share": workbook.add_format({"num_format": "0.0%"}),
            "date": workbook.add_format({"num_format": "dd-mm-yyyy"}),
        }
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        for column, (title, _kind) in enumerate(columns):
            sheet.write_string(0, column, title, header)
        sheet.freeze_panes(1, 0)
        row_number = write_rows(sheet, rows, [kind for _, kind in columns], formats)
        sheet.autofilter(0, 0, max(row_number, 1), len(columns) - 1)
    finally:
        workbook.close()
    return row_number


def write_rows(sheet: Any, rows: Iterable[Any], kinds: list[str], formats: dict[str, Any]) -> int:
    """Write `rows` below the header row, each cell with its explicit type (`kinds`: text, date
    or the name of a number format in `formats`), empty cells left out; return the last row's
    number (0 without rows)."""
    row_number = 0
    for row_number, row in enumerate(rows, start=1):
        for column, (value, kind) in enumerate(zip(row, kinds, strict=True)):
            if value is None or value == "":
                continue
            if kind == "text":
                sheet.write_string(row_number, column, value)
            elif kind == "date":
                sheet.write_datetime(row_number, column, value, formats["date"])
            else:
                sheet.write_number(row_number, column, float(value), formats[kind])
    return row_number
