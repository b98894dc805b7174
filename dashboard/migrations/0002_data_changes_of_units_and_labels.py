"""The units and their energy label registrations write to the data-change log too: the cached
key figures of a date hold the label-C duty, which is computed from them (dashboard/cache.py)."""

from django.db import migrations

TABLES = ["buildings_unit", "buildings_energylabelregistration"]

FORWARD = [
    f"CREATE TRIGGER dashboard_datachange AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
    f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION dashboard_datachange_note()"
    for table in TABLES
]

BACKWARD = [f"DROP TRIGGER dashboard_datachange ON {table}" for table in TABLES]


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0001_data_changes"),
        ("buildings", "0011_energy_label_registrations"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
