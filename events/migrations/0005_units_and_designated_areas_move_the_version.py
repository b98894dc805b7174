"""A building's label-C duty, in the API's building and in its statistics, is read from the
building's units as well as from their energy labels. Label changes already move the data
version (an internal event per statement, migration 0002), but unit changes did not: a changed
unit kept the old ETag. Now units write an internal event too, a deletion only when it deleted
a unit (as for buildings: deleting a building without units writes one event, not two).

Designated areas as well: the buildings page's filter lists them by name and municipality
(buildings/tables.py keeps that list per data version)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_vacancy_law_types"),
        ("buildings", "0016_field_verbose_names"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE TRIGGER events_internal AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            "ON regions_designatedarea FOR EACH STATEMENT EXECUTE FUNCTION events_internal()",
            "DROP TRIGGER events_internal ON regions_designatedarea",
        ),
        migrations.RunSQL(
            "CREATE TRIGGER events_internal AFTER INSERT OR UPDATE OR TRUNCATE "
            "ON buildings_unit FOR EACH STATEMENT EXECUTE FUNCTION events_internal()",
            "DROP TRIGGER events_internal ON buildings_unit",
        ),
        migrations.RunSQL(
            "CREATE TRIGGER events_deleted AFTER DELETE ON buildings_unit "
            "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION events_deleted()",
            "DROP TRIGGER events_deleted ON buildings_unit",
        ),
    ]
