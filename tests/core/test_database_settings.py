"""The database the migrations made compiles no query with JIT (migration core 0003)."""

import importlib

import psycopg2
import pytest
from django.db import connection


@pytest.mark.django_db
def test_a_new_session_of_the_portal_runs_without_jit():
    # A new session: the setting reaches sessions opened after the migration.
    with psycopg2.connect(**connection.get_connection_params()) as fresh, fresh.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
    fresh.close()


@pytest.mark.django_db
def test_the_migrating_session_runs_without_jit_too():
    # A database setting reaches only later sessions; the session that ran the migration goes on
    # working (a benchmark on the database it just created), so it must not compile either.
    migration = importlib.import_module("kantorentop.core.migrations.0003_database_without_jit")
    with connection.cursor() as cursor:
        cursor.execute("SET jit = on")
        cursor.execute(migration.FORWARD)
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
