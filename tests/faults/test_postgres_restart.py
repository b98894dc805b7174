"""Fault: PostgreSQL restarts under traffic.

The portal runs under gunicorn (two workers, persistent connections as in production) against a
PostgreSQL cluster of the test's own. Requests are held in flight by a lock the test takes, then
the server restarts (a fast shutdown ends every session). Requests in flight and requests while
it is down fail cleanly: 503 problem+json with Retry-After under /api/, a 503 page elsewhere, no
traceback. Once it is up the same gunicorn workers answer again: no restart of the portal.
"""

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import psutil
import psycopg2
import pytest
import requests

from tests.faults.servers import ROOT, PostgresServer, process_env, start_portal, wait_for

pytestmark = [pytest.mark.slow]

API = "/api/v1/provinces"
PAGE = "/"
# Every table either request reads first; locked, they hold the requests in flight. A warm area
# page reads only the data-change log that versions its kept figures (dashboard/cache.py).
LOCKED_TABLES = (
    "regions_province",
    "regions_municipality",
    "buildings_building",
    "dashboard_datachange",
)


@pytest.fixture
def postgres():
    server = PostgresServer()
    try:
        server.init()
        server.start()
        server.psql("postgres", "CREATE DATABASE kantorentop")
        yield server
    finally:
        server.remove()


def _get(base: str, path: str) -> requests.Response:
    return requests.get(base + path, timeout=30)


def _assert_clean_failure(response: requests.Response, path: str) -> None:
    assert response.status_code == 503, (path, response.status_code, response.text[:500])
    assert response.headers["Retry-After"] == "5"
    assert "Traceback" not in response.text and "psycopg2" not in response.text
    if path.startswith("/api/"):
        assert response.headers["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert problem["status"] == 503
        assert problem["type"] == "urn:kantorentop:problem:database-unavailable"
    else:
        assert response.headers["Content-Type"].startswith("text/html")
        assert "Even niet beschikbaar" in response.text


def _waiting_requests(url: str) -> int:
    """Sessions waiting for a lock, seen from a connection of its own in autocommit: within one
    transaction (the locker's) PostgreSQL shows the same pg_stat_activity snapshot every time,
    so a count read there would never change."""
    observer = psycopg2.connect(url)
    try:
        observer.autocommit = True
        with observer.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            return int(cursor.fetchone()[0])
    finally:
        observer.close()


def test_postgres_restart_under_traffic_fails_cleanly_and_recovers(tmp_path, postgres):
    url = postgres.url("kantorentop")
    env = process_env(database_url=url, DJANGO_CONN_MAX_AGE="60")
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    portal, base = start_portal(env, tmp_path, workers=2)
    try:
        for _ in range(4):  # both workers hold a connection now
            assert _get(base, API).status_code == 200
            assert _get(base, PAGE).status_code == 200
        gunicorn_workers = {child.pid for child in psutil.Process(portal.pid).children()}

        # --- requests in flight when PostgreSQL stops -----------------------------------------
        locker = psycopg2.connect(url)
        with locker.cursor() as cursor:
            for table in LOCKED_TABLES:
                cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        with ThreadPoolExecutor(max_workers=2) as pool:
            in_flight = {path: pool.submit(_get, base, path) for path in (API, PAGE)}
            wait_for(
                lambda: _waiting_requests(url) == 2,
                timeout=30,
                message=f"the requests did not reach the database:\n{portal.output()[-3000:]}",
            )
            postgres.stop("fast")
            responses = {path: future.result() for path, future in in_flight.items()}
        locker.close()
        for path, response in responses.items():
            _assert_clean_failure(response, path)

        # --- requests while it is down ---------------------------------------------------------
        for path in (API, PAGE, API, PAGE):
            started = time.monotonic()
            response = _get(base, path)
            _assert_clean_failure(response, path)
            assert time.monotonic() - started < 5

        # --- back up: the same workers answer ---------------------------------------------------
        postgres.start()
        for _ in range(6):
            for path in (API, PAGE):
                response = _get(base, path)
                assert response.status_code == 200, (path, response.text[:500])
        assert {child.pid for child in psutil.Process(portal.pid).children()} == gunicorn_workers
        assert portal.alive()
    finally:
        portal.stop()
