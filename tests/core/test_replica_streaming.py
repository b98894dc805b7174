"""The portal with DATABASE_REPLICA_URL, against a real streaming replica of the machine's
PostgreSQL (tests/core/servers/replica.py) and the portal under gunicorn: reads of API GETs and
pages come from the replica, a caller who just wrote reads from the primary (cookie, or the API
key's mark), and a replica that goes away leaves the reads to the primary without a server error.

Replay is paused to make the lag visible: a change on the primary is then not on the replica
until replay resumes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
import requests
from django.db import connections

from buildings.models import Building
from kantorentop.accounts.services import api_client_create
from kantorentop.core.replica import COOKIE
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory
from tests.core.servers.replica import StreamingReplica
from tests.faults.servers import database_url_of_test_database, process_env, start_portal

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BAG_ID = "0344100000000001"


@pytest.fixture(scope="session")
def replica(django_db_setup, django_db_blocker) -> Iterator[StreamingReplica]:
    """One replica for the session: a base backup of the machine's server takes a minute."""
    settings = connections["default"].settings_dict
    server = StreamingReplica(
        primary_host=settings["HOST"] or "127.0.0.1", primary_port=int(settings["PORT"] or 5432)
    )
    with server:
        yield server


@pytest.fixture
def portal(replica, tmp_path) -> Iterator[str]:
    """gunicorn (one worker, so the API key's mark is in its cache) on the test database, with
    the replica; its base URL."""
    database = connections["default"].settings_dict["NAME"]
    env = process_env(
        database_url=database_url_of_test_database(),
        DATABASE_REPLICA_URL=replica.url(database),
        # Plain http: the cookies are not Secure, so requests sends them back.
        KANTORENTOP_LOCAL_HTTP="1",
    )
    replica.wait_caught_up()
    process, base = start_portal(env, tmp_path, workers=1)
    try:
        yield base
    finally:
        process.stop()
        replica.resume_replay()


@pytest.fixture
def keys() -> tuple[str, str]:
    building = BuildingFactory(municipality=Municipality.objects.get(code="GM0344"), bag_id=BAG_ID)
    VacancyRecordFactory(building=building, observed_on=datetime.date(2024, 6, 30))
    return api_client_create(name="Schrijver")[1], api_client_create(name="Lezer")[1]


def _get(session: requests.Session | None, base: str, key: str, path: str) -> requests.Response:
    response = (session or requests).get(
        f"{base}/api/v1/{path}", headers={"Authorization": f"Token {key}"}, timeout=30
    )
    assert response.status_code == 200, response.text[:300]
    return response


def _name(base: str, key: str, session: requests.Session | None = None) -> str:
    return str(_get(session, base, key, f"buildings/{BAG_ID}").json()["name"])


def _records(base: str, key: str, session: requests.Session | None = None) -> int:
    return int(_get(session, base, key, f"buildings/{BAG_ID}/vacancy-records").json()["count"])


def test_reads_come_from_the_replica_and_a_writer_reads_its_own_writes(replica, portal, keys):
    writer, reader = keys
    replica.wait_caught_up()
    replica.pause_replay()
    Building.objects.filter(bag_id=BAG_ID).update(name="Nieuwe naam")
    # The replica lags, and the reader's GET is answered from it.
    assert _name(portal, reader) != "Nieuwe naam"
    assert requests.get(f"{portal}/", timeout=30).status_code == 200

    browser = requests.Session()
    written = browser.post(
        f"{portal}/api/v1/buildings/{BAG_ID}/vacancy-records",
        json={"observedOn": "2025-06-30", "vacantAreaM2": 100, "source": "survey"},
        headers={"Authorization": f"Token {writer}"},
        timeout=30,
    )
    assert written.status_code == 201, written.text
    assert COOKIE in browser.cookies
    # The writer reads the primary: by the cookie, and by its key's mark without the cookie.
    assert _records(portal, writer, browser) == 2
    assert _name(portal, writer, browser) == "Nieuwe naam"
    assert _records(portal, writer) == 2
    # Everyone else still reads the replica, until it catches up.
    assert _records(portal, reader) == 1
    replica.resume_replay()
    replica.wait_caught_up()
    assert (_records(portal, reader), _name(portal, reader)) == (2, "Nieuwe naam")


def test_reads_fall_back_to_the_primary_when_the_replica_goes_away(replica, portal, keys):
    _, reader = keys
    replica.wait_caught_up()
    replica.stop()
    try:
        Building.objects.filter(bag_id=BAG_ID).update(name="Na de storing")
        for _ in range(3):
            assert _name(portal, reader) == "Na de storing"
            assert requests.get(f"{portal}/", timeout=30).status_code == 200
        assert requests.get(f"{portal}/healthz/ready", timeout=30).status_code == 200
    finally:
        replica.resume()
