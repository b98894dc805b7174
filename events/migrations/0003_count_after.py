"""The data version counts the events after the last stable one (events.selectors): few, so by
the index. A comparison with a value known only at run time gets PostgreSQL's generic estimate
(a third of the table), for which it would read the whole table; a function with sequential
scans off keeps it to the index range whatever the table's size."""

from django.db import migrations

FORWARD = """
    CREATE FUNCTION events_count_after(after bigint) RETURNS bigint LANGUAGE sql STABLE
    SET enable_seqscan = off AS $$
        SELECT count(*) FROM events_event WHERE sequence > after
    $$
"""


class Migration(migrations.Migration):
    dependencies = [("events", "0002_outbox_triggers")]

    operations = [
        migrations.RunSQL(FORWARD, "DROP FUNCTION events_count_after(bigint)"),
    ]
