"""The kick after a commit: which statements publish events, and the wrapper's place among the
connection's other wrappers (pghistory's context wraps and unwraps around it)."""

import pytest
from django.db import connections

from webhooks import kick


@pytest.mark.parametrize(
    ("sql", "publishes"),
    [
        ('UPDATE "buildings_building" SET "name" = %s WHERE "id" = %s', True),
        ('INSERT INTO "buildings_vacancyrecord" ("building_id") VALUES (%s)', True),
        ("WITH params AS (SELECT 1) INSERT INTO buildings_structuralvacancyflag SELECT 1", True),
        ("WITH q AS (SELECT 1) UPDATE buildings_structuralvacancyflag f SET status = 1", True),
        ("SELECT events_bulk_end(%s, %s::jsonb)", True),
        ('UPDATE "vacancy_law_vacancycase" SET "step" = %s WHERE "id" = %s', True),
        ('INSERT INTO "vacancy_law_recorddispute" ("record_id") VALUES (%s)', True),
        ('SELECT * FROM "buildings_building" WHERE "id" = %s', False),
        ("WITH q AS (SELECT 1) SELECT * FROM buildings_building", False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "core_auditevent" ("action") VALUES (%s)', False),
    ],
)
def test_which_statements_publish(sql, publishes):
    assert kick._publishes(sql) is publishes


@pytest.mark.django_db
def test_a_connection_opened_inside_another_wrapper_keeps_that_wrapper_temporary():
    def other(execute, sql, params, many, context):
        return execute(sql, params, many, context)

    connection = connections.create_connection("default")
    try:
        with connection.execute_wrapper(other):
            connection.ensure_connection()  # connection_created adds the kick's wrapper here
            assert connection.execute_wrappers == [kick._wrapper, other]
        assert connection.execute_wrappers == [kick._wrapper]
    finally:
        connection.close()
