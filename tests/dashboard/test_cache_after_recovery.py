"""The cache's data version after a point-in-time recovery or a failover.

Such a recovery restores the same database (the same oid) to an earlier point, so the data-change
log's count and highest id can come back to values the lost data had already keyed the cache
with. Both mean starting the server, and the server's start time is part of the version.
"""

import psycopg2
import pytest

from dashboard.cache import DATA_VERSION_SQL
from tests.faults.servers import PostgresServer

pytestmark = [pytest.mark.slow]


def _version(server: PostgresServer) -> tuple:
    connection = psycopg2.connect(server.url("postgres"))
    try:
        with connection.cursor() as cursor:
            cursor.execute(DATA_VERSION_SQL)
            return cursor.fetchone()
    finally:
        connection.close()


def test_a_restarted_server_keys_the_same_log_anew():
    server = PostgresServer()
    try:
        server.init()
        server.start()
        server.psql(
            "postgres",
            "CREATE TABLE dashboard_datachange (id bigint PRIMARY KEY);"
            " INSERT INTO dashboard_datachange VALUES (1), (2)",
        )
        before = _version(server)
        server.stop()
        server.start()
        after = _version(server)
    finally:
        server.remove()

    # The same log and the same database, as after a point-in-time recovery: only the start
    # time tells them apart.
    assert after[:3] == before[:3] == (2, 2, before[2])
    assert after != before
