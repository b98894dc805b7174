"""`create_api_client "<name>" --province PV26 | --national [--read-only]`: prints the key last."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kantorentop.accounts.services import api_client_create


class Command(BaseCommand):
    help = (
        "Create an API client for one province or the whole country. The key is printed as the "
        "last line and never stored: only its hash is."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("name", help="A unique name, e.g. the province's system.")
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--province", metavar="CODE", help="Scope: this province (PV20..PV31).")
        scope.add_argument("--national", action="store_true", help="Scope: the whole country.")
        parser.add_argument(
            "--read-only", action="store_true", help="The client may read but not write."
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            client, key = api_client_create(
                name=options["name"],
                province_code=None if options["national"] else options["province"],
                read_only=options["read_only"],
            )
        except ValidationError as error:
            messages = "; ".join(m for ms in error.message_dict.values() for m in ms)
            raise CommandError(messages) from error
        reach = f"province {client.province.code}" if client.province else "national"
        access = "read-only" if client.read_only else "read and write"
        self.stdout.write(f"Created API client {client.name!r} ({reach}, {access}).")
        self.stdout.write("Store this key now; it is not shown again. Send it as:")
        self.stdout.write("Authorization: Token <key>")
        self.stdout.write(key)
