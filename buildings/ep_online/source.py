"""Opening an EP-Online monthly file: the preamble and the header are checked and read here,
the data rows are left in the stream for the import to COPY as they are.

    with open_file(path) as source:
        source.published_on, source.columns["unit_id"], source.stream.read(...)

A plain CSV file or a zip holding one CSV file (as EP-Online hands it out) is read in place,
never unpacked or read whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from buildings.ep_online.errors import EnergyLabelFileError, not_ep_online
from buildings.ep_online.layout import PREAMBLE, REQUIRED

MAX_LINE_BYTES = 1 << 16
_DATE_FORMATS = ("%Y%m%d", "%d-%m-%Y", "%Y-%m-%d")


@dataclass
class EpOnlineFile:
    """An opened file: its date, its header and where each required column is (0-based)."""

    name: str
    published_on: dt.date
    header: list[str]
    columns: dict[str, int]
    stream: IO[bytes]
    total_bytes: int
    head_bytes: int

    @property
    def width(self) -> int:
        return len(self.header)


def _line(stream: IO[bytes], what: str, wat: str) -> tuple[str, int]:
    """One line of the head and its length in bytes."""
    data = stream.readline(MAX_LINE_BYTES)
    if not data.endswith(b"\n"):
        raise not_ep_online(f"no {what}", f"geen {wat}")
    try:
        return data.decode("utf-8").removeprefix("\ufeff").rstrip("\r\n"), len(data)
    except UnicodeDecodeError:
        raise not_ep_online(f"the {what} is not UTF-8", f"{wat} is geen UTF-8") from None


def _preamble(line: str, name: str) -> str:
    fields = [field.strip().strip('"') for field in line.split(";")]
    if fields[0].lower() != name.lower():
        raise not_ep_online(f"the file does not start with {name}", f"{name} ontbreekt")
    return fields[1] if len(fields) > 1 else ""


def _date(value: str) -> dt.date:
    text = value.split(" ")[0]
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise not_ep_online(
        f"PublicatieDatum {value!r} is not a date", f"PublicatieDatum {value!r} is geen datum"
    )


def find_columns(header: list[str]) -> dict[str, int]:
    """The position of each required column, by name (case-insensitive, first occurrence)."""
    where: dict[str, int] = {}
    for position, name in enumerate(header):
        where.setdefault(name.lower(), position)
    columns, missing = {}, []
    for field, names in REQUIRED.items():
        found = [where[name.lower()] for name in names if name.lower() in where]
        if found:
            columns[field] = found[0]
        else:
            missing.append(names[0])
    if missing:
        listed = ", ".join(missing)
        raise EnergyLabelFileError(
            f"Verplichte kolom ontbreekt in het EP-Online-bestand: {listed}",
            f"required column missing from the EP-Online file: {listed}",
        )
    return columns


def read_head(stream: IO[bytes], name: str, total_bytes: int) -> EpOnlineFile:
    """Read the preamble and the header from `stream`, leaving it at the first data row."""
    first, first_bytes = _line(stream, "PublicatieDatum line", "PublicatieDatum-regel")
    published = _preamble(first, PREAMBLE[0])
    second, second_bytes = _line(stream, f"{PREAMBLE[1]} line", f"{PREAMBLE[1]}-regel")
    _preamble(second, PREAMBLE[1])
    header_line, header_bytes = _line(stream, "header", "kopregel")
    header = [field.strip() for field in next(csv.reader([header_line], delimiter=";"))]
    return EpOnlineFile(
        name=name,
        published_on=_date(published),
        header=header,
        columns=find_columns(header),
        stream=stream,
        total_bytes=total_bytes,
        head_bytes=first_bytes + second_bytes + header_bytes,
    )


def _looks_zipped(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(4) == b"PK\x03\x04"


@contextmanager
def open_file(path: str | os.PathLike[str]) -> Iterator[EpOnlineFile]:
    """Open a monthly file (CSV, or a zip with one CSV); EnergyLabelFileError if it is not one."""
    path = Path(path)
    try:
        if _looks_zipped(path) and not zipfile.is_zipfile(path):
            raise zipfile.BadZipFile("no central directory (cut short?)")
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")]
                if len(members) != 1:
                    raise not_ep_online(
                        "the zip does not hold exactly one CSV file",
                        "de zip bevat niet precies één CSV-bestand",
                    )
                with archive.open(members[0]) as stream:
                    yield read_head(
                        stream, f"{path.name}/{members[0].filename}", members[0].file_size
                    )
            return
        with path.open("rb") as stream:
            yield read_head(stream, path.name, os.fstat(stream.fileno()).st_size)
    except zipfile.BadZipFile as error:
        raise EnergyLabelFileError(
            f"Kapot zipbestand: {error}", f"broken zip file: {error}"
        ) from error
    except (OSError, EOFError) as error:
        raise EnergyLabelFileError(
            f"Bestand onleesbaar: {error}", f"file cannot be read: {error}"
        ) from error
