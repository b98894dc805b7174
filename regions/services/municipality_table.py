"""The CBS municipality table: its rows, parsed from CSV and validated against the database."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from regions.models import Municipality, Province

MUNICIPALITY_CODE_RE = re.compile(r"^GM\d{4}$")
REQUIRED_COLUMNS = ("code", "name", "province_code")
OPTIONAL_COLUMNS = ("successor_code",)
# The column names of CBS's own table ("Gemeenten alfabetisch": Gemeentecode, GemeentecodeGM,
# Gemeentenaam, Provinciecode, ProvinciecodePV, Provincienaam), so its file is read as published.
# The plain numeric codes are used, with their prefix added, only when the prefixed column is
# absent.
CBS_COLUMNS = {
    "gemeentecodegm": "code",
    "gemeentenaam": "name",
    "provinciecodepv": "province_code",
}
CBS_NUMERIC_COLUMNS = {
    "gemeentecode": ("code", "GM", 4),
    "provinciecode": ("province_code", "PV", 2),
}


@dataclass(frozen=True)
class MunicipalityRow:
    """One row of a CBS municipality table. `line` is the line in the file (header = line 1).

    A row with a `successor_code` describes a municipality that merged into that successor; a row
    without one is a municipality that exists on the effective date.
    """

    line: int
    code: str
    name: str
    province_code: str
    successor_code: str = ""


def _column_index(found: list[str]) -> tuple[dict[str, int], dict[str, tuple[str, int]]]:
    """The position of each known column in the header, and the columns whose numbers need
    their prefix back (CBS's Gemeentecode "363" is GM0363)."""
    header = [CBS_COLUMNS.get(column.lower(), column.lower()) for column in found]
    padded: dict[str, tuple[str, int]] = {}
    for position, column in enumerate(header):
        target, prefix, width = CBS_NUMERIC_COLUMNS.get(column, ("", "", 0))
        if target and target not in header:
            header[position] = target
            padded[target] = (prefix, width)
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ValidationError(
            _("The header lacks the columns: %(columns)s (found: %(found)s)."),
            code="missing_columns",
            params={"columns": ", ".join(missing), "found": ", ".join(found)},
        )
    index = {
        column: header.index(column)
        for column in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
        if column in header
    }
    return index, padded


def municipality_table_parse(*, text: str) -> list[MunicipalityRow]:
    """Parse a CBS municipality table: CSV with the columns code, name, province_code and an
    optional successor_code (or CBS's own column names, `CBS_COLUMNS`), separated by commas or
    semicolons, with or without a BOM.

    Only the shape is checked here; `municipalities_import` validates the content.
    """
    text = text.removeprefix("\ufeff")
    header_line = text.split("\n", 1)[0]
    # Names may contain commas ("Nuenen, Gerwen en Nederwetten"), the header never does.
    delimiter = ";" if ";" in header_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        found = [column.strip() for column in next(reader)]
    except StopIteration:
        raise ValidationError(_("The file is empty."), code="empty") from None
    index, padded = _column_index(found)

    rows = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        line = reader.line_num

        def value(column: str, values: list[str] = values) -> str:
            position = index.get(column)
            if position is None or position >= len(values):
                return ""
            text = values[position].strip()
            if column in padded and text.isdigit():
                prefix, width = padded[column]
                return prefix + text.zfill(width)
            return text

        rows.append(
            MunicipalityRow(
                line=line,
                code=value("code").upper(),
                name=value("name"),
                province_code=value("province_code").upper(),
                successor_code=value("successor_code").upper(),
            )
        )
    return rows


def _error(
    field: str, message: str, error_code: str, /, **params: object
) -> tuple[str, ValidationError]:
    return field, ValidationError(message, code=error_code, params=params)


def _merging_row_errors(
    row: MunicipalityRow, known: Municipality | None, current_codes: set[str]
) -> list[tuple[str, ValidationError]]:
    """A row that merges a municipality into its successor."""
    errors: list[tuple[str, ValidationError]] = []
    line = row.line
    if row.successor_code == row.code:
        errors.append(
            _error(
                "successor_code",
                _("Line %(line)s: %(code)s cannot merge into itself."),
                "own_successor",
                line=line,
                code=row.code,
            )
        )
    elif row.successor_code not in current_codes:
        errors.append(
            _error(
                "successor_code",
                _(
                    "Line %(line)s: successor %(successor)s of %(code)s must be a "
                    "municipality of the file without a successor of its own."
                ),
                "unknown_successor",
                line=line,
                code=row.code,
                successor=row.successor_code,
            )
        )
    if known is None:
        errors.append(
            _error(
                "code",
                _("Line %(line)s: %(code)s merges, but no such municipality is known."),
                "unknown_code",
                line=line,
                code=row.code,
            )
        )
    elif (
        known.dissolved_on is not None
        and known.successor is not None
        and known.successor.code != row.successor_code
    ):
        errors.append(
            _error(
                "successor_code",
                _(
                    "Line %(line)s: %(code)s was already merged into %(previous)s, "
                    "not %(successor)s."
                ),
                "successor_changed",
                line=line,
                code=row.code,
                previous=known.successor.code,
                successor=row.successor_code,
            )
        )
    return errors


def _current_row_errors(
    row: MunicipalityRow, known: Municipality | None, provinces: Mapping[str, Province]
) -> list[tuple[str, ValidationError]]:
    """A row of a municipality that exists (no successor)."""
    errors: list[tuple[str, ValidationError]] = []
    line = row.line
    if not row.name:
        errors.append(
            _error(
                "name",
                _("Line %(line)s: %(code)s has no name."),
                "missing_name",
                line=line,
                code=row.code,
            )
        )
    if row.province_code not in provinces:
        errors.append(
            _error(
                "province_code",
                _("Line %(line)s: %(province)r is not a province code (PV20..PV31)."),
                "unknown_province",
                line=line,
                province=row.province_code,
            )
        )
    if known is not None and known.dissolved_on is not None:
        errors.append(
            _error(
                "code",
                _(
                    "Line %(line)s: %(code)s (%(name)s) was dissolved on %(date)s; "
                    "municipality codes are never reused."
                ),
                "code_reused",
                line=line,
                code=row.code,
                name=known.name,
                date=known.dissolved_on.isoformat(),
            )
        )
    return errors


def _validate_rows(
    rows: list[MunicipalityRow],
    *,
    existing: Mapping[str, Municipality],
    provinces: Mapping[str, Province],
) -> list[tuple[str, ValidationError]]:
    """Every problem of the table at once, so an officer can fix the file in one go."""
    errors: list[tuple[str, ValidationError]] = []
    if not rows:
        errors.append(_error("rows", _("The file has no municipalities."), "empty"))
        return errors

    first_line: dict[str, int] = {}
    current_codes = {row.code for row in rows if not row.successor_code}
    for row in rows:
        line = row.line
        if not MUNICIPALITY_CODE_RE.match(row.code):
            errors.append(
                _error(
                    "code",
                    _("Line %(line)s: %(code)r is not a municipality code (GM + 4 digits)."),
                    "invalid_code",
                    line=line,
                    code=row.code,
                )
            )
            continue
        if row.code in first_line:
            errors.append(
                _error(
                    "code",
                    _("Line %(line)s: %(code)s appears again (first on line %(first)s)."),
                    "duplicate_code",
                    line=line,
                    code=row.code,
                    first=first_line[row.code],
                )
            )
            continue
        first_line[row.code] = line
        known = existing.get(row.code)

        if row.successor_code:
            errors += _merging_row_errors(row, known, current_codes)
        else:
            errors += _current_row_errors(row, known, provinces)
    return errors
