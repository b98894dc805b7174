"""Correct GM0339 and GM0340: CBS's table has GM0339 Renswoude and GM0340 Rhenen, while databases
loaded by 0002 from an earlier regions/data/municipalities.csv hold the two names the other way
round. Names are set by code, so a database that already has the right names stays as it is."""

from django.db import migrations

CBS_NAMES = {"GM0339": "Renswoude", "GM0340": "Rhenen"}


def correct_names(apps, schema_editor):
    Municipality = apps.get_model("regions", "Municipality")
    for code, name in CBS_NAMES.items():
        Municipality.objects.filter(code=code).exclude(name=name).update(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0005_development_one_registrar"),
    ]

    operations = [
        # Going back leaves the correct names: the swapped ones were never right.
        migrations.RunPython(correct_names, migrations.RunPython.noop),
    ]
