"""The portal under gunicorn, as in production (gunicorn.conf.py, config/wsgi.py): what only
a real server shows, a chunked request body and the response's own headers."""

from collections.abc import Iterator

import pytest
import requests

from kantorentop.accounts.services import api_client_create
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory
from tests.faults.servers import database_url_of_test_database, process_env, start_portal

pytestmark = pytest.mark.slow

IMPORT_CSV = (
    "bagId;observedOn;vacantAreaM2;source;note\n"
    "0344100000000001;2024-06-30;10;province;\n"
    "0344100000000002;2024-06-30;20;province;\n"
)


@pytest.fixture(scope="module")
def portal(django_db_setup, tmp_path_factory) -> Iterator[str]:
    """gunicorn on a free loopback port, started as `make run` and production start it: from the
    project's root, which is where gunicorn reads its gunicorn.conf.py."""
    env = process_env(database_url=database_url_of_test_database())
    process, base = start_portal(env, tmp_path_factory.mktemp("gunicorn"), workers=1)
    yield base
    process.stop()


def _chunks(text: str, size: int = 20) -> Iterator[bytes]:
    data = text.encode()
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_chunked_import_is_read(portal):
    utrecht = Municipality.objects.get(code="GM0344")
    for bag_id in ("0344100000000001", "0344100000000002"):
        BuildingFactory(municipality=utrecht, bag_id=bag_id, lettable_floor_area_m2=1000)
    _, key = api_client_create(name="chunked")
    # A generator body: requests sends it with Transfer-Encoding: chunked, no Content-Length.
    response = requests.post(
        f"{portal}/api/v1/vacancy-records/_import",
        data=_chunks(IMPORT_CSV),
        headers={"Authorization": f"Token {key}", "Content-Type": "text/csv"},
        timeout=30,
    )
    assert response.request.headers["Transfer-Encoding"] == "chunked"
    assert "Content-Length" not in response.request.headers
    assert response.status_code == 200, response.text
    assert response.json() == {"created": 2, "updated": 0, "unchanged": 0}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_chunked_json_body_is_read(portal):
    _, key = api_client_create(name="chunked")
    body = '{"bagId": "0344100000000003", "municipality": "GM0344", "lettableFloorAreaM2": 6000}'
    response = requests.post(
        f"{portal}/api/v1/buildings",
        data=_chunks(body),
        headers={"Authorization": f"Token {key}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    assert response.json()["lettableFloorAreaM2"] == 6000


def test_no_server_header(portal):
    for path in ("/health", "/api/v1/provinces", "/inloggen", "/no-such-page"):
        response = requests.get(f"{portal}{path}", timeout=30)
        assert "Server" not in response.headers, (path, response.headers["Server"])
        assert response.headers.get("Date")  # gunicorn's other default headers stay


def test_a_kept_alive_connection_is_answered_after_a_pause_and_workers_have_threads(portal):
    """gunicorn.conf.py: threaded workers, which keep connections alive, and longer than a proxy
    keeps its own. With the sync worker every answer closes its connection; with gunicorn's
    default keep-alive of 2 s the server closes it during the pause below."""
    import http.client
    import time
    from urllib.parse import urlsplit

    address = urlsplit(portal)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    connection.request("GET", "/health")
    first = connection.getresponse()
    first.read()
    assert first.status == 200
    assert first.getheader("Connection", "").lower() != "close"
    socket = connection.sock
    assert socket is not None
    time.sleep(3)
    connection.request("GET", "/health")
    second = connection.getresponse()
    second.read()
    assert second.status == 200
    assert connection.sock is socket  # the same connection, not a new one
    connection.close()


def test_the_configuration_gives_four_threads_and_a_long_keep_alive():
    import subprocess
    from pathlib import Path

    from tests.faults.servers import VENV_BIN

    root = Path(__file__).resolve().parents[2]
    printed = subprocess.run(
        [str(VENV_BIN / "gunicorn"), "--print-config", "config.wsgi:application"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    settings = {
        name.strip(): value.strip()
        for name, _sep, value in (line.partition("=") for line in printed.splitlines())
    }
    assert settings["threads"] == "4"
    assert int(settings["keepalive"]) > 60
