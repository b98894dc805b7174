"""The one CSV writer of the portal: every CSV download is written here.

As Dutch Excel opens a file by double-click: semicolons between cells, a byte-order mark so it
reads UTF-8, decimal commas, dates as DD-MM-JJJJ. And safe to open (CSV or formula injection,
OWASP "CSV Injection"): a text cell that a spreadsheet would read as a formula or a command,
one starting with = + - @, a tab or a carriage return, gets a leading apostrophe, so it shows as
the text it is. Numbers are typed values and are never touched, so a negative amount stays a
number; a text that is a plain number (`-12,5`) is left as it is too, since it can run nothing.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils import timezone

BOM = "\ufeff"
DELIMITER = ";"
CONTENT_TYPE = "text/csv; charset=utf-8"
# The first characters that make Excel, LibreOffice or Google Sheets evaluate a cell (OWASP), and
# their full-width forms, which some spreadsheets fold to the ASCII ones.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
# A text that is only a number is no formula, whatever its sign.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


class _Echo:
    """A file-like object whose write returns the line, so the csv module can stream."""

    def write(self, value: str) -> str:
        return value


def _number(value: Decimal) -> str:
    # Fixed-point, never an exponent (Decimal("1E+3")), with the decimal comma.
    return format(value, "f").replace(".", ",")


def csv_text_cell(text: str) -> str:
    """`text` as a cell that no spreadsheet runs: an apostrophe before a formula's first
    character; a plain number is left as it is."""
    if text[:1] in FORMULA_STARTS and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_cell(value: object) -> str:
    """One value as the text of a cell: empty for None, `ja`/`nee`, integers as they are,
    decimals with a comma, dates as DD-MM-JJJJ (times in the portal's time zone), and any other
    value as text made formula-safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, float):
        return _number(Decimal(repr(value)))
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return csv_text_cell(str(value))


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The lines of the file, one at a time (for a streamed response): the header with the
    byte-order mark, then one line per row; every cell goes through `csv_cell`."""
    writer = csv.writer(_Echo(), delimiter=DELIMITER, lineterminator="\r\n")
    yield BOM + writer.writerow([csv_text_cell(name) for name in header])
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The whole file as one string."""
    return "".join(csv_lines(header, rows))


def csv_response(lines: Iterable[str], *, filename: str) -> StreamingHttpResponse:
    """A download of `lines` (from `csv_lines`) named `filename`."""
    response = StreamingHttpResponse(lines, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
