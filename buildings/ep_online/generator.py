"""Test data: EP-Online monthly files in the published layout (layout.py), for tests and the
benchmark.

    write_file(path, [Row(unit_id="0363010000000001", energy_class="B")], published_on=date(...))
    write_file(path, mixed_rows(1_000_000, portal_ids), header=...)   # streams: little memory

Dates are written `yyyymmdd`; a value given as a string is written as it is (to write the
ill-formed values the import must skip). `header` may reorder, drop or add columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from buildings.ep_online.layout import DATE_FORMAT, HEADER, PERMIT_STATUS, PREAMBLE

CLASSES = ("A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G")


@dataclass
class Row:
    """One registration; `extra` fills other columns by header name."""

    unit_id: str
    energy_class: str = "C"
    recorded_on: dt.date | str = dt.date(2022, 3, 1)
    registered_on: dt.date | str = dt.date(2022, 3, 2)
    valid_until: dt.date | str | None = None  # default: ten years after recorded_on
    status: str = "Bestaand"
    building_class: str = "U"
    extra: dict[str, str] = field(default_factory=dict)

    def values(self) -> dict[str, str]:
        valid = self.valid_until
        if valid is None and isinstance(self.recorded_on, dt.date):
            recorded = self.recorded_on
            day = min(recorded.day, 28) if recorded.month == 2 else recorded.day
            valid = recorded.replace(year=recorded.year + 10, day=day)
        return {
            **_FILLER,
            "Pand_opnamedatum": _text(self.recorded_on),
            "Pand_status": self.status,
            "Pand_energieklasse": self.energy_class,
            "Pand_gebouwklasse": self.building_class,
            "Pand_gebouwtype": "Kantoorgebouw" if self.building_class == "U" else "Rijwoning",
            "Meting_geldig_tot": _text(valid),
            "Pand_registratiedatum": _text(self.registered_on),
            "Pand_bagverblijfsobjectid": self.unit_id,
            "Pand_bagpandid": self.unit_id[:4] + "10" + self.unit_id[6:] if self.unit_id else "",
            **self.extra,
        }


# Plausible values for the columns the import does not read, so files have a realistic size.
_FILLER = {
    "Pand_opnametype": "Basisopname",
    "Pand_berekeningstype": "NTA 8800:2022 (versie 1.0)",
    "Pand_energieindex": "",
    "Pand_energielabel_is_prive": "false",
    "Pand_is_op_basis_van_referentie_gebouw": "false",
    "Pand_postcode": "3511AB",
    "Pand_huisnummer": "12",
    "Pand_huisnummer_toev": "",
    "Pand_detailaanduiding": "",
    "Pand_bagligplaatsid": "",
    "Pand_bagstandplaatsid": "",
    "Pand_gebouwsubtype": "",
    "Pand_projectnaam": "",
    "Pand_projectobject": "",
    "Pand_SBIcode": "",
    "Pand_gebruiksoppervlakte": "1234,56",
    "Pand_energiebehoefte": "101,23",
    "Pand_eis_energiebehoefte": "",
    "Pand_primaire_fossiele_energie": "187,45",
    "Pand_eis_primaire_fossiele_energie": "",
    "Pand_primaire_fossiele_energie_EMG_forfaitair": "",
    "Pand_aandeel_hernieuwbare_energie": "23,4",
    "Pand_eis_aandeel_hernieuwbare_energie": "",
    "Pand_aandeel_hernieuwbare_energie_EMG_forfaitair": "",
    "Pand_temperatuuroverschrijding": "0,00",
    "Pand_eis_temperatuuroverschrijding": "",
    "Pand_warmtebehoefte": "45,67",
    "Pand_energieindex_met_EMG_forfaitair": "",
}


def _text(value: dt.date | str | None) -> str:
    if value is None:
        return ""
    return value.strftime(DATE_FORMAT) if isinstance(value, dt.date) else value


def _write(
    out: IO[str], rows: Iterable[Row], published_on: dt.date, header: Sequence[str], end: str
) -> None:
    out.write(f"{PREAMBLE[0]};{published_on:%d-%m-%Y}{end}")
    out.write(f"{PREAMBLE[1]};123456789{end}")
    writer = csv.writer(out, delimiter=";", lineterminator=end)
    writer.writerow(header)
    for row in rows:
        values = row.values()
        writer.writerow([values.get(name, "") for name in header])


def write_file(
    path: str | Path,
    rows: Iterable[Row],
    *,
    published_on: dt.date = dt.date(2026, 11, 1),
    header: Sequence[str] = HEADER,
    line_end: str = "\r\n",
    zipped: bool = False,
) -> Path:
    """Write a monthly file (or a zip holding it, as EP-Online hands it out) and return its path.
    The preamble's date is written `dd-mm-yyyy`, as public loaders show it."""
    path = Path(path)
    if zipped:
        with (
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
            archive.open(path.with_suffix(".csv").name, "w") as member,
        ):
            text = _Encoder(member)
            _write(text, rows, published_on, header, line_end)  # type: ignore[arg-type]
        return path
    with path.open("w", encoding="utf-8", newline="") as out:
        _write(out, rows, published_on, header, line_end)
    return path


class _Encoder:
    """The text-writing half of a file over a binary zip member."""

    def __init__(self, member: IO[bytes]) -> None:
        self._member = member

    def write(self, text: str) -> int:
        return self._member.write(text.encode("utf-8"))


def mixed_rows(count: int, portal_ids: Sequence[str], *, seed: int = 2026) -> Iterator[Row]:
    """`count` rows like a national file: mostly homes of units outside the portal, labels of
    `portal_ids` (each about twice: an older and a newer label) spread through it, and a few rows of
    each kind the import skips (permit calculations, zero, missing and ill-formed ids)."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    portal = list(portal_ids)
    every = max(1, count // max(1, len(portal) * 2))
    for n in range(count):
        recorded = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(4000))
        registered = recorded + dt.timedelta(days=rng.randrange(60))
        label = CLASSES[rng.randrange(len(CLASSES))]
        if portal and n % every == 0:
            yield Row(portal[(n // every) % len(portal)], label, recorded, registered)
            continue
        unit_id = f"{rng.randrange(3, 1999):04d}01{rng.randrange(10**10):010d}"
        kind = n % 1000
        if kind == 1:
            yield Row(unit_id, label, recorded, registered, status=PERMIT_STATUS)
        elif kind == 2:
            yield Row("0000000000000000", label, recorded, registered)
        elif kind == 3:
            yield Row("", label, recorded, registered, extra={"Pand_bagligplaatsid": unit_id})
        else:
            yield Row(unit_id, label, recorded, registered, building_class="W")
