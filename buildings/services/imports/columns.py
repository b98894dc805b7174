"""The columns an import reads, how the header names them, and the limits of the reading.

Both ways into the staging table (fast_path: the file's own bytes into COPY; parsing: rows read
in Python) check the header here, so they accept and refuse the same headers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils.translation import gettext as _

from buildings.services.errors import ImportRejected, RowError

READ_CHUNK_BYTES = 64 * 1024
PROGRESS_EVERY_ROWS = 10_000
MAX_LINE_LENGTH = 1024 * 1024

# Canonical column -> the name the API and error reports use.
COLUMNS = {
    "bag_id": "bagId",
    "observed_on": "observedOn",
    "vacant_area_m2": "vacantAreaM2",
    "source": "source",
    "note": "note",
}
REQUIRED_COLUMNS = ("bag_id", "observed_on", "vacant_area_m2", "source")


def column_key(name: str) -> str:
    """`bagId`, `bag_id` and `BAG ID` are the same column."""
    return re.sub(r"[\s_\-]", "", name.strip().lower())


COLUMN_KEYS = {column_key(name): name for name in COLUMNS}

# The staging table's columns: row number, problem code and reason, then the columns as text.
STAGING_COLUMNS = ("row_no", "problem", "problem_reason", *COLUMNS)


def delimiter_of(header_line: str) -> str:
    """Comma or semicolon: column names contain no separators, so the header tells which one
    the file uses."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def header_positions(names: Sequence[str]) -> dict[str, int]:
    """Map canonical columns to their position; refuse a header that lacks or repeats one."""
    positions: dict[str, int] = {}
    unknown = []
    for position, name in enumerate(names):
        column = COLUMN_KEYS.get(column_key(name))
        if column is None:
            if name.strip():
                unknown.append(name.strip())
            continue
        if column in positions:
            raise ImportRejected(
                [
                    RowError(
                        0,
                        COLUMNS[column],
                        "duplicate_column",
                        _("The header names the column %(name)s twice.") % {"name": name},
                    )
                ]
            )
        positions[column] = position
    errors = []
    missing = [COLUMNS[c] for c in REQUIRED_COLUMNS if c not in positions]
    if missing:
        errors.append(
            RowError(
                0,
                None,
                "missing_columns",
                _("The header lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)},
            )
        )
    if unknown:
        errors.append(
            RowError(
                0,
                None,
                "unknown_columns",
                _("Unknown columns: %(columns)s. The columns are %(known)s.")
                % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS.values())},
            )
        )
    if errors:
        raise ImportRejected(errors)
    return positions
