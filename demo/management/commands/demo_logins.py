"""`manage.py demo_logins`: the demo personas, their role and scope, and the password."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from demo.personas import PERSONAS
from demo.tables import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo logins: username, role, scope and the demo password."

    def handle(self, *args, **options):
        existing = set(
            get_user_model()
            .objects.filter(username__in=[p.username for p in PERSONAS])
            .values_list("username", flat=True)
        )
        if not existing:
            self.stdout.write("No demo personas yet: run `manage.py load_demo_data` first.")
            return
        rows = [("username", "role", "scope")]
        for persona in PERSONAS:
            if persona.username in existing:
                role = persona.role.label if persona.role else "Administrator"
                rows.append((persona.username, str(role), persona.scope))
        widths = [max(len(row[n]) for row in rows) for n in range(3)]
        for n, row in enumerate(rows):
            self.stdout.write(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write(f"\nPassword for all demo logins: {DEMO_PASSWORD}")
