"""`revoke_api_client "<name>"`: the client's key is refused from now on."""

from django.core.management.base import BaseCommand, CommandError

from kantorentop.accounts.models import ApiClient
from kantorentop.accounts.services import api_client_revoke


class Command(BaseCommand):
    help = "Revoke an API client (by name or key prefix): its key is refused from now on."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("name", help="The client's name or key prefix.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        name = options["name"]
        client = (
            ApiClient.objects.filter(name=name).first()
            or ApiClient.objects.filter(key_prefix=name).first()
        )
        if client is None:
            raise CommandError(f"No API client named {name!r}.")
        client = api_client_revoke(client=client)
        self.stdout.write(
            f"Revoked API client {client.name!r} on {client.revoked_at:%Y-%m-%d %H:%M}."
        )
