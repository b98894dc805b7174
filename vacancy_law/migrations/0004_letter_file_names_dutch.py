"""Stored letters keep the file name they were made with, which named the step by its English code
(`brief-zaak-7-detected.pdf`): rename them with the Dutch word that new letters carry
(vacancy_law.services.letters.FILE_NAME_STEPS, copied here as it was)."""

from django.db import migrations
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

FILE_NAME_STEPS = {
    "reported": "gemeld",
    "detected": "gevonden",
    "consulted": "overleg-gevoerd",
    "decided": "besloten",
    "complied": "nageleefd",
    "closed": "gesloten",
}


def dutch_file_names(apps, schema_editor):
    CaseLetter = apps.get_model("vacancy_law", "CaseLetter")
    for step, word in FILE_NAME_STEPS.items():
        CaseLetter.objects.filter(step=step).update(
            file_name=Concat(
                Value("brief-zaak-"),
                Cast("case_id", CharField()),
                Value(f"-{word}.pdf"),
                output_field=CharField(),
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("vacancy_law", "0003_outbox_triggers"),
    ]

    operations = [
        # Going back leaves the Dutch names: the letters themselves are Dutch.
        migrations.RunPython(dutch_file_names, migrations.RunPython.noop),
    ]
