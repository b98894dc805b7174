"""Bring the office stock in line with a BAG 2.0 extract or GeoPackage (issue 13).

    python manage.py import_bag BAGGEM0221L-01112026.zip [--withdraw-missing] [--force]

All or nothing: an unreadable or refused extract exits non-zero with one line and writes
nothing. The last line is `created N, updated N, unchanged N, withdrawn N, skipped N`.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from buildings.bag import BagError
from buildings.services.bag_import import BagImportRefused, bag_import


class Command(BaseCommand):
    help = "Import the office stock from a BAG extract (zip, folder, XML part or GeoPackage)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the extract: a Kadaster zip, a folder or a .gpkg")
        parser.add_argument(
            "--withdraw-missing",
            action="store_true",
            help="withdraw buildings of the extract's municipalities that it does not have "
            "(only for a full municipal or national extract)",
        )
        parser.add_argument(
            "--force", action="store_true", help="import an extract older than the last one"
        )
        parser.add_argument(
            "--municipality", help="only this municipality (BAG code such as 0221, or GM0221)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = bag_import(
                path=options["path"],
                withdraw_missing=options["withdraw_missing"],
                force=options["force"],
                municipality=options["municipality"],
            )
        except (BagError, BagImportRefused) as error:
            raise CommandError(str(error)) from error
        for bag_id, reason in result.skipped:
            self.stdout.write(f"skipped {bag_id}: {reason}")
        for bag_id in result.missing:
            self.stdout.write(f"missing {bag_id}")
        self.stdout.write(result.summary)
