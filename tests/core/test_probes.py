"""/healthz/live and /healthz/ready (kantorentop/core/probes.py): cheap, unauthenticated, for any
Host header, naming no host or secret; ready only with the database, the cache and every
migration."""

import pytest
from django.conf import settings as django_settings
from django.db import connection

from kantorentop.core import probes
from tests.core.database_down import get_with_the_database_down

POD_ADDRESS = "10.42.0.17:8000"  # the kubelet's Host header: in no ALLOWED_HOSTS


@pytest.fixture(autouse=True)
def _migrations_asked_again(monkeypatch):
    monkeypatch.setattr(probes, "_migrated", False)


@pytest.mark.django_db
def test_live_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live", HTTP_HOST=POD_ADDRESS)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_with_database_cache_and_migrations(client):
    response = client.get("/healthz/ready", HTTP_HOST=POD_ADDRESS)
    assert response.status_code == 200, response.content
    checks = response.json()["checks"]
    assert {name: check["status"] for name, check in checks.items()} == {
        "database": "ok",
        "cache": "ok" if django_settings.REDIS_URL else "not_configured",
        "migrations": "ok",
    }
    # Asked once: the second probe reads no migration table.
    assert probes._migrated


@pytest.mark.django_db
def test_a_migration_not_applied_is_not_ready(client):
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute("DELETE FROM django_migrations WHERE app = 'buildings'")
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"]["status"] == "error"


@pytest.mark.django_db
def test_an_unreachable_cache_is_not_ready_and_named_nowhere(client, settings):
    settings.REDIS_URL = "redis://:hunter2secret@127.0.0.1:1/0"
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "error"
    assert "hunter2secret" not in response.content.decode()
    assert "127.0.0.1" not in response.content.decode()


def test_other_methods_are_refused(client):
    response = client.post("/healthz/live")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.slow
def test_database_down_is_live_but_not_ready():
    answers, output = get_with_the_database_down("/healthz/live", "/healthz/ready")
    (live, _), (ready, body) = answers
    assert (live, ready) == (200, 503)
    assert body["checks"]["database"]["status"] == "error"
    assert body["checks"]["migrations"] == {"status": "error", "reason": "database"}
    assert "s3cretpw" not in output
