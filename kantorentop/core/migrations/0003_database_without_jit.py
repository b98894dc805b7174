"""JIT compilation off for the portal's database (docs/adr/0029-no-jit.md).

The covenant rule's statistics are one statement over every building with correlated subqueries:
the planner's cost estimate passes jit_above_cost, and compiling took 1.9 of the national page's
2.2 seconds while the work itself took 0.3. A database setting reaches every new session, through
PgBouncer (which passes no startup options) and on the streaming replica alike. A role that may
not alter the database gets a notice; docs/operations.md asks the DBA to set it then.

A database setting does not reach the session that sets it, so the migrating session turns JIT
off for itself too: a process that creates and migrates its database and then keeps working on
the same connection (the benchmark on a generated dataset, the test run) would otherwise compile
its queries (the series of every office region took twice as long at 10x)."""

from django.db import migrations

FORWARD = """
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
    PERFORM set_config('jit', 'off', false);
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
