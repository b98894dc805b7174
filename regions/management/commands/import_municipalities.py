"""`manage.py import_municipalities FILE [--effective-on YYYY-MM-DD] [--merge OLD=NEW ...]`: apply
the CBS municipality table of a new year (municipalities merge on 1 January).

CBS publishes the table of current municipalities without the mergers ("Gemeenten alfabetisch");
`--merge` names the successor of each municipality that disappears, so that file imports as
published instead of needing a successor_code column added by hand."""

import argparse
import datetime
import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from regions.models import Municipality
from regions.services import MunicipalityRow, municipalities_import, municipality_table_parse

MERGE_RE = re.compile(r"^(GM\d{4})=(GM\d{4})$")


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD).") from None


def _merge(value: str) -> tuple[str, str]:
    match = MERGE_RE.match(value.strip().upper())
    if match is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not OLD=NEW (GM0001=GM0002).")
    return match.group(1), match.group(2)


def _merge_rows(
    merges: list[tuple[str, str]], *, file_rows: list[MunicipalityRow]
) -> list[MunicipalityRow]:
    """The rows a successor_code column would hold: the dissolved municipality as it is known."""
    in_file = {row.code for row in file_rows}
    problems = []
    for old, new in merges:
        if old in in_file:
            problems.append(f"{old} is in the file: a merged municipality is left out of it")
        if new not in in_file:
            problems.append(f"successor {new} of {old} is not in the file")
    known = Municipality.objects.select_related("province").in_bulk(
        [old for old, _new in merges], field_name="code"
    )
    problems += [f"no municipality {old}" for old, _new in merges if old not in known]
    if len({old for old, _new in merges}) < len(merges):
        problems.append("a municipality is named twice")
    if problems:
        raise CommandError("--merge: " + "; ".join(problems) + ". Nothing imported.")
    return [
        MunicipalityRow(
            line=0,
            code=old,
            name=known[old].name,
            province_code=known[old].province.code,
            successor_code=new,
        )
        for old, new in merges
    ]


class Command(BaseCommand):
    help = (
        "Import a CBS municipality table (CSV: code,name,province_code[,successor_code], or CBS's "
        "own columns GemeentecodeGM,Gemeentenaam,ProvinciecodePV; comma or semicolon separated). "
        "New codes are created, names and provinces updated; missing municipalities are "
        "dissolved and their buildings move to the successor. All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV file, UTF-8 with or without BOM.")
        parser.add_argument(
            "--effective-on",
            type=_date,
            default=None,
            help="Date on which the changes take effect (default: today).",
        )
        parser.add_argument(
            "--merge",
            type=_merge,
            action="append",
            default=[],
            metavar="OLD=NEW",
            help="A municipality that merged into another (repeat for each), e.g. GM0001=GM0002.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        effective_on: datetime.date = options["effective_on"] or datetime.date.today()
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file.") from None
        except UnicodeDecodeError as error:
            raise CommandError(f"{path}: not UTF-8 ({error}).") from None
        try:
            rows = municipality_table_parse(text=text)
            rows += _merge_rows(options["merge"], file_rows=rows)
            summary = municipalities_import(rows=rows, effective_on=effective_on)
        except ValidationError as error:
            raise CommandError(
                f"{path}: nothing imported.\n" + "\n".join(f"- {m}" for m in error.messages)
            ) from None
        self.stdout.write(
            _("Municipalities on %(date)s: %(summary)s")
            % {"date": effective_on.isoformat(), "summary": summary}
        )
