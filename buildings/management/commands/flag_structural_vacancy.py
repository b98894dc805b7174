"""Run the structural-vacancy flag job for one as-of date (default: today in Europe/Amsterdam)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from buildings.services.flags import structural_vacancy_flags_update, today_in_amsterdam


def _iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--as-of must be a date YYYY-MM-DD, not {value!r}") from error


class Command(BaseCommand):
    help = "Create and resolve structural-vacancy flags for an as-of date (the covenant rule)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            dest="as_of",
            metavar="YYYY-MM-DD",
            help="the date to apply the rule on; default today in Europe/Amsterdam",
        )

    def handle(self, *args: object, **options: object) -> None:
        raw = options.get("as_of")
        as_of = _iso_date(str(raw)) if raw else today_in_amsterdam()
        try:
            summary = structural_vacancy_flags_update(as_of=as_of)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(str(summary))
