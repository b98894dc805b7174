"""Bring the energy labels of the portal's units in line with EP-Online's monthly file (issue 13).

    python manage.py import_energy_labels v20261101_v2_csv.csv [--force]

All or nothing: a file that is not an EP-Online file, lacks a required column or is broken exits
non-zero with one line and writes nothing. The last line is
`labels N, units N, buildings N, skipped N`. Run it after the month's BAG import (ADR 0014).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from buildings.services.energy_labels import (
    EnergyLabelFileError,
    EnergyLabelImportRefused,
    import_energy_labels,
)


class Command(BaseCommand):
    help = "Import the energy labels of the portal's units from EP-Online's monthly file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the monthly file: CSV, or the zip EP-Online hands out")
        parser.add_argument(
            "--force", action="store_true", help="import a file older than the last one"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_energy_labels(path=options["path"], force=options["force"])
        except (EnergyLabelFileError, EnergyLabelImportRefused) as error:
            raise CommandError(str(error)) from error
        for reason, count in sorted(result.skipped.items()):
            self.stdout.write(f"skipped {reason}: {count}")
        self.stdout.write(f"not in the portal: {result.other_objects}")
        self.stdout.write(
            f"created {result.created}, changed {result.changed}, removed {result.removed}"
        )
        self.stdout.write(result.summary)
