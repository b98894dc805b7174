"""GET /health reports the database, Redis and the Celery workers; 503 when one is down."""

import os
import subprocess
import sys

import pytest
import redis

from tests.core.database_down import get_with_the_database_down

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def _redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


needs_redis = pytest.mark.skipif(not _redis_available(), reason="no Redis on 127.0.0.1:6379")


@pytest.mark.django_db
def test_healthy_without_redis(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["redis"]["status"] == "not_configured"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_redis_unreachable_is_503_and_names_no_address(client, settings):
    settings.REDIS_URL = "redis://:hunter2secret@127.0.0.1:1/0"
    response = client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["redis"]["status"] == "error"
    assert body["checks"]["workers"]["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"
    assert "hunter2secret" not in response.content.decode()
    assert "127.0.0.1" not in response.content.decode()


@needs_redis
@pytest.mark.django_db
def test_redis_up_without_workers_is_503(client, settings):
    settings.REDIS_URL = REDIS_TEST_URL
    response = client.get("/health")
    body = response.json()
    assert body["checks"]["redis"]["status"] == "ok"
    assert body["checks"]["workers"] == {
        "status": "error",
        "count": 0,
        "ms": body["checks"]["workers"]["ms"],
    }
    assert response.status_code == 503


@needs_redis
@pytest.mark.slow
@pytest.mark.django_db
def test_redis_and_a_worker_up_is_200(client, settings):
    """A real worker on a broker of the test's own (Redis database 15) answers the ping."""
    settings.REDIS_URL = REDIS_TEST_URL
    env = {**os.environ, "REDIS_URL": REDIS_TEST_URL, "DJANGO_DEBUG": "1"}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "-n",
            "health-test@%h",
            "-Q",
            "health-test",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = {}
        for _attempt in range(30):
            response = client.get("/health")
            body = response.json()
            if response.status_code == 200:
                break
        assert body["status"] == "ok", body
        assert body["checks"]["workers"]["count"] >= 1
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.slow
def test_database_down_is_503():
    """With the database unreachable the portal still answers /health, with 503."""
    ((status, body),), output = get_with_the_database_down("/health")
    assert status == 503
    assert body["checks"]["database"]["status"] == "error"
    assert "s3cretpw" not in output
