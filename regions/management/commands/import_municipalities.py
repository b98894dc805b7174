"""`manage.py import_municipalities FILE [--effective-on YYYY-MM-DD]`: apply the CBS municipality
table of a new year (municipalities merge on 1 January)."""

import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from regions.services import municipalities_import, municipality_table_parse


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--effective-on: {value!r} is not a date (YYYY-MM-DD).") from None


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
            summary = municipalities_import(rows=rows, effective_on=effective_on)
        except ValidationError as error:
            raise CommandError(
                f"{path}: nothing imported.\n" + "\n".join(f"- {m}" for m in error.messages)
            ) from None
        self.stdout.write(
            _("Municipalities on %(date)s: %(summary)s")
            % {"date": effective_on.isoformat(), "summary": summary}
        )
