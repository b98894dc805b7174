"""`manage.py warm_area_figures`: compute every area page's figures into the cache now, as the
beat's task does after each data change (dashboard.services.area_figures_warm). For a deployment
after a restore or a large import, before the first visitors, and for the load test."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from dashboard.services import area_figures_warm


class Command(BaseCommand):
    help = "Compute every area page's figures into the cache (what the first visit would wait for)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count = area_figures_warm()
        self.stdout.write(
            f"The figures of {count} areas are in the cache ({time.monotonic() - started:.0f} s)."
        )
