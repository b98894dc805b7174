"""The load test's read replica (bench/load/replica.py, `python -m bench.load --replica`, which
`make prove` runs): a streaming replica of the tests' own server holds the database, its reads
are counted by the replica itself, gunicorn gets it as DATABASE_REPLICA_URL, and `make prove`
asks for it together with the sign-in and language-switch benchmarks."""

from __future__ import annotations

import re
from pathlib import Path

import psycopg2
import pytest
from django.db import connections

from bench.load import replica, server
from bench.load.__main__ import DIRECT, Servers

PROJECT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_the_replica_holds_the_database_and_counts_the_reads_it_answers():
    settings = connections["default"].settings_dict
    host, port, user = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432, settings["USER"]
    database = settings["NAME"]
    primary_url = f"postgres://{user}@{host}:{port}/{database}"
    with replica.streaming_replica(primary_url=primary_url) as standby:
        replica_url = standby.url(database)
        before = replica.counters(primary_url=primary_url, replica_url=replica_url)
        reader = psycopg2.connect(replica_url)
        try:
            reader.autocommit = True
            with reader.cursor() as cursor:
                cursor.execute("SELECT pg_is_in_recovery()")
                assert cursor.fetchone()[0] is True  # a standby, not the primary
                for _ in range(3):
                    cursor.execute("SELECT count(*) FROM regions_province")
                    assert cursor.fetchone()[0] == 12  # the migrations' provinces
        finally:
            reader.close()  # an ending backend reports its counters
        after = replica.counters(primary_url=primary_url, replica_url=replica_url)
    split = replica.ReadSplit.between(before, after)
    assert split.replica >= 4, split
    assert "the replica ran" in split.text()


def test_gunicorn_reads_from_the_replica_it_is_given(tmp_path):
    with_replica = server.Gunicorn(
        project_dir=PROJECT,
        database_url="postgres://postgres@127.0.0.1:6432/kantorentop_load",
        workers=2,
        threads=4,
        log=tmp_path / "gunicorn.log",
        pooled=True,
        replica_url="postgres://postgres@127.0.0.1:6433/kantorentop_load",
    )
    assert with_replica.env["DATABASE_REPLICA_URL"].endswith(":6433/kantorentop_load")
    assert "reads from the replica" in with_replica.description()
    without = server.Gunicorn(
        project_dir=PROJECT,
        database_url="postgres://postgres@127.0.0.1:5432/kantorentop_load",
        workers=2,
        threads=4,
        log=tmp_path / "gunicorn.log",
    )
    assert "DATABASE_REPLICA_URL" not in without.env


def test_pooling_the_primary_keeps_the_replica():
    servers = Servers(
        primary_url="postgres://postgres@127.0.0.1:5432/kantorentop_load",
        served_url="postgres://postgres@127.0.0.1:5432/kantorentop_load",
        pooler=DIRECT,
        replica_url="postgres://postgres@127.0.0.1:5433/kantorentop_load",
        served_replica_url="postgres://postgres@127.0.0.1:6433/kantorentop_load",
    )
    pooled = servers.pooled_through("postgres://postgres@127.0.0.1:6432/")
    assert pooled.served_url == "postgres://postgres@127.0.0.1:6432/kantorentop_load"
    assert pooled.primary_url == servers.primary_url
    assert pooled.served_replica_url == servers.served_replica_url
    assert pooled.pooler != DIRECT


def test_make_prove_runs_the_load_test_with_a_replica_and_every_ratio():
    makefile = (PROJECT / "Makefile").read_text()
    recipe = re.search(r"^prove:.*?(?=^\S)", makefile, re.S | re.M)
    assert recipe is not None
    steps = recipe.group(0)
    assert "-m bench.load --pgbouncer --replica" in steps
    assert "-m bench --only sessions" in steps  # sign-in and language switch
    assert "-m bench.scale" in steps  # flags, series, import, API and dashboard at 1x and 10x
    assert "$$sessions -eq 0" in steps
