"""JIT compilation off for the portal's database (docs/adr/0029-no-jit.md).

The covenant rule's statistics are one statement over every building with correlated subqueries:
the planner's cost estimate passes jit_above_cost, and compiling took 1.9 of the national page's
2.2 seconds while the work itself took 0.3. A database setting reaches every new session, through
PgBouncer (which passes no startup options) and on the streaming replica alike. A role that may
not alter the database gets a notice; docs/operations.md asks the DBA to set it then."""

from django.db import migrations

FORWARD = """
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'jit stays on: this role may not alter the database (docs/operations.md)';
END
$$;
"""

BACKWARD = """
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I RESET jit', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0002_refused_access_count")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD, elidable=False)]
