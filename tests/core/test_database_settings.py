"""The database the migrations made compiles no query with JIT (migration core 0003)."""

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
