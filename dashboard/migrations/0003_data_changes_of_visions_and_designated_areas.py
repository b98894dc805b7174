"""The regional visions and the designated areas write to the data-change log too: an area
page keeps its area, its target (a vision's target year) and the way to it per data version
(`dashboard.selectors.area_page`, `dashboard.way_to_target.way_context`)."""

from django.db import migrations

TABLES = ["regions_regionalvision", "regions_designatedarea"]

FORWARD = [
    f"CREATE TRIGGER dashboard_datachange AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
    f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION dashboard_datachange_note()"
    for table in TABLES
]

BACKWARD = [f"DROP TRIGGER dashboard_datachange ON {table}" for table in TABLES]


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0002_data_changes_of_units_and_labels"),
        ("regions", "0006_correct_renswoude_rhenen"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
