"""The load test's PgBouncer (bench/load/pooling.py): the portal's URL is rewritten to the
pooler's host and port, and a pooler started by the load test answers in transaction pooling in
front of the tests' own server."""

import os
import shutil

import psycopg2
import pytest
from django.db import connection

from bench.load import pooling


def test_the_url_keeps_user_and_database_and_takes_the_poolers_address():
    url = pooling.pooled_url(
        "postgres://postgres@127.0.0.1:5432/kantorentop_load", "postgres://postgres@127.0.0.1:6432/"
    )
    assert url == "postgres://postgres@127.0.0.1:6432/kantorentop_load"


@pytest.mark.skipif(
    not (shutil.which("pgbouncer") or os.access("/usr/sbin/pgbouncer", os.X_OK)),
    reason="pgbouncer is not installed (apt-get install pgbouncer)",
)
@pytest.mark.django_db
def test_a_started_pgbouncer_pools_in_transaction_mode():
    settings = connection.settings_dict
    upstream = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/postgres"
    with pooling.pgbouncer(upstream_url=upstream) as url:
        pooled = psycopg2.connect(pooling.pooled_url(upstream, url))
        try:
            with pooled.cursor() as cursor:
                cursor.execute("SHOW transaction_isolation")
                assert cursor.fetchone()[0]
        finally:
            pooled.close()


def test_cpu_shares_name_the_generator_the_server_and_the_databases():
    before = pooling.CpuSnapshot(
        at=0.0, machine=0.0, generator=0.0, server=0.0, services={"postgres": 1.0, "pgbouncer": 0}
    )
    after = pooling.CpuSnapshot(
        at=10.0,
        machine=16.0,
        generator=4.0,
        server=8.0,
        services={"postgres": 3.0, "pgbouncer": 1.0},
    )
    text = pooling.cpu_shares(before, after)
    assert "the load generator took 4 (25% of the busy time)" in text
    assert "gunicorn 8 (50%), PostgreSQL 2 (12%), PgBouncer 1 (6%)" in text
    assert "everything else (the kernel, other sessions) 1" in text


def test_the_cpu_snapshot_finds_this_machines_postgres():
    """The tests run against a PostgreSQL on this machine: its processes are named."""
    snapshot = pooling.cpu_snapshot(os.getpid())
    assert snapshot.services["postgres"] > 0
    assert snapshot.server > 0
