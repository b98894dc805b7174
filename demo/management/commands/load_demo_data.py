"""`manage.py load_demo_data`: the national demo dataset and the demo personas."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from demo.generator import DemoDataError, demo_data_load
from demo.tables import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Load the national demo dataset (about 15,000 office buildings and a million vacancy "
        "records) and the demo personas. Does nothing when the dataset is already loaded."
    )

    def handle(self, *args, **options):
        log = self.stdout if options["verbosity"] >= 1 else None
        try:
            # The demo's notifications stay in the portal: no e-mail goes to the personas'
            # example addresses (nor floods the console backend of `make run`).
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                result = demo_data_load(log=log)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        if result.already_loaded:
            self.stdout.write(
                f"The demo dataset is already loaded ({result.buildings} buildings, "
                f"{result.records} vacancy records up to {result.history_end}); nothing to do."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo dataset in {result.seconds:.0f} s: {result.buildings} "
                f"buildings, {result.records} vacancy records up to {result.history_end}."
            )
        )
        self.stdout.write(f"Demo password for every persona: {DEMO_PASSWORD} (see demo_logins).")
        sys.stdout.flush()
