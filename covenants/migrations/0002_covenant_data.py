"""The covenant as data: the covenant, its nine parties and their commitments.

covenants/data/covenant.json is the single source; this migration only reads it, through the
historical models (so it keeps working when the models change later). Rerunning it updates the
rows in place by their natural keys (covenant slug, party abbreviation, commitment code).
"""

import datetime
import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "covenant.json"

COMMITMENT_FIELDS = [
    "party_category",
    "title_nl",
    "title_en",
    "text_nl",
    "text_en",
    "due_rule_nl",
    "due_rule_en",
    "applies_to_priority_regions_only",
    "per_region",
    "data_check",
]


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _read():
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def load_covenant(apps, schema_editor):
    Covenant = apps.get_model("covenants", "Covenant")
    CovenantParty = apps.get_model("covenants", "CovenantParty")
    Commitment = apps.get_model("covenants", "Commitment")

    data = _read()
    row = data["covenant"]
    covenant, _ = Covenant.objects.update_or_create(
        slug=row["slug"],
        defaults={
            "title_nl": row["title_nl"],
            "title_en": row["title_en"],
            "signed_on": _date(row["signed_on"]),
            "term_years": row["term_years"],
            "extended_on": _date(row["extended_on"]),
            "extension_years": row["extension_years"],
            "aim_nl": row["aim_nl"],
            "aim_en": row["aim_en"],
        },
    )
    for party in data["parties"]:
        CovenantParty.objects.update_or_create(
            covenant=covenant,
            abbreviation=party["abbreviation"],
            defaults={"name": party["name"], "category": party["category"]},
        )
    for order, commitment in enumerate(data["commitments"], start=1):
        defaults = {field: commitment[field] for field in COMMITMENT_FIELDS}
        defaults["due_on"] = _date(commitment["due_on"])
        defaults["order"] = order * 10
        Commitment.objects.update_or_create(
            covenant=covenant, code=commitment["code"], defaults=defaults
        )


def unload_covenant(apps, schema_editor):
    Covenant = apps.get_model("covenants", "Covenant")
    # Parties, commitments and their progress go with it (CASCADE).
    Covenant.objects.filter(slug=_read()["covenant"]["slug"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("covenants", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_covenant, unload_covenant),
    ]
