"""Fixtures of the PgBouncer tests: a pgbouncer of the tests' own in transaction pooling, and
Django's default connection pointed at it for one test.

The pool hands its server connections out in turn (round robin) and is warmed to its full size
first, so two transactions in a row of one client reach different server connections: whatever
relies on a session breaks here as it would under load. Tests commit (transaction=True): inside
pytest-django's test transaction every statement would stay on one server connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import psycopg2
import pytest
from django.db import connections

from tests.core.servers.pgbouncer import PgBouncer, pgbouncer_binary

POOL_SIZE = 4


@pytest.fixture(scope="session")
def pgbouncer() -> Iterator[PgBouncer]:
    if pgbouncer_binary() is None:
        pytest.skip("pgbouncer is not installed (apt-get install pgbouncer; .ci/run does)")
    settings = connections["default"].settings_dict
    bouncer = PgBouncer(
        upstream_host=settings["HOST"] or "127.0.0.1",
        upstream_port=int(settings["PORT"] or 5432),
        user=settings["USER"] or "postgres",
        pool_size=POOL_SIZE,
        round_robin=True,
    )
    with bouncer:
        yield bouncer


@dataclass
class Pooled:
    """The test database behind the tests' pgbouncer."""

    bouncer: PgBouncer
    database: str

    def connect(self) -> psycopg2.extensions.connection:
        return psycopg2.connect(self.bouncer.url(self.database))

    def server_states(self) -> list[tuple[int, str, str, int]]:
        """(backend pid, lock_timeout, statement_timeout, advisory locks of this database) as
        each server connection of the pool sees them: asked 3 times the pool's size in
        autocommit, so round robin visits every one."""
        client = self.connect()
        client.autocommit = True
        try:
            with client.cursor() as cursor:
                states = set()
                for _ in range(3 * POOL_SIZE):
                    cursor.execute(
                        "SELECT pg_backend_pid(), current_setting('lock_timeout'), "
                        "current_setting('statement_timeout'), "
                        "(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND "
                        " database = (SELECT oid FROM pg_database "
                        "             WHERE datname = current_database()))"
                    )
                    states.add(cursor.fetchone())
        finally:
            client.close()
        return sorted(states)

    def assert_clean(self) -> None:
        """No server connection keeps a setting, and no advisory lock is left behind."""
        states = self.server_states()
        assert len({pid for pid, *_ in states}) > 1, "round robin reached one server connection"
        assert [s for s in states if s[1:] != ("0", "0", 0)] == [], states


@pytest.fixture
def pooled(pgbouncer: PgBouncer) -> Iterator[Pooled]:
    """Django's default connection (and every connection made from its settings, such as an
    import's progress connection) goes through pgbouncer for this test, as DATABASE_POOLED sets
    it up (no server-side cursors)."""
    connection = connections["default"]
    settings = connection.settings_dict
    saved = {key: settings.get(key) for key in ("HOST", "PORT", "DISABLE_SERVER_SIDE_CURSORS")}
    connection.close()
    settings.update(HOST="127.0.0.1", PORT=pgbouncer.port, DISABLE_SERVER_SIDE_CURSORS=True)
    pgbouncer.warm(settings["NAME"])
    try:
        yield Pooled(pgbouncer, settings["NAME"])
    finally:
        connection.close()
        settings.update(saved)
