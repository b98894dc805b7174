"""Fixtures of the fault tests: a Redis of the test's own and a sender for its queues."""

from collections.abc import Iterator

import pytest
from celery import Celery

from tests.faults.servers import RedisServer


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    """A redis-server on a free port, killed at the end (never the machine's Redis)."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def sender(redis_server) -> Iterator[Celery]:
    """Sends tasks by name to the test's Redis, as beat or the portal would."""
    app = Celery(broker=redis_server.url(), set_as_current=False)
    app.conf.broker_connection_retry_on_startup = False
    yield app
    app.close()
