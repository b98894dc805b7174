"""Send the webhooks that are due, in this process: without Redis (no worker, no beat), run it
from cron every minute, or with --every to keep running (docs/adr/0023-webhooks.md)."""

import time

from django.core.management.base import BaseCommand, CommandParser

from webhooks.services.dispatch import subscriptions_dispatch
from webhooks.services.sending import subscription_deliver


class Command(BaseCommand):
    help = "Turn new events into webhook deliveries and send those that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=float,
            default=0,
            metavar="SECONDS",
            help="keep running, a pass every SECONDS (default: one pass)",
        )

    def handle(self, *args: object, every: float, **options: object) -> None:
        while True:
            sent = 0
            for subscription_id in subscriptions_dispatch():
                subscription_deliver(subscription_id=subscription_id)
                sent += 1
            self.stdout.write(f"subscriptions served {sent}")
            if not every:
                return
            time.sleep(every)
