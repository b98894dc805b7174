"""docs/operations.md stays true to the code: queues, body size, metrics, environment variables."""

import re
from pathlib import Path

from django.conf import settings

from kantorentop.core import metrics

DOC = (Path(settings.BASE_DIR) / "docs" / "operations.md").read_text()
ENV_EXAMPLE = (Path(settings.BASE_DIR) / ".env.example").read_text()


def test_every_queue_has_a_worker_command():
    queues = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert queues == {"imports", "notifications"}
    for queue in [*queues, "celery"]:
        assert re.search(rf"worker -Q [\w,]*\b{queue}\b", DOC), queue
    assert "exactly one" in DOC.lower() and "celery -A config beat" in DOC


def test_the_proxy_allows_the_import_body_size_and_forwards_the_scheme():
    megabytes = re.search(r"client_max_body_size (\d+)m;", DOC)
    assert megabytes and int(megabytes.group(1)) * 1_000_000 >= settings.API_MAX_BODY_BYTES
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in DOC
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")


def test_database_replica_backups_and_restore_drill_are_described():
    for phrase in ("pg_basebackup", "archive_command", "pg_dump --format=custom", "pg_restore"):
        assert phrase in DOC
    assert "tests/demo/test_restore_drill.py" in DOC
    assert "appendonly yes" in DOC


def test_every_metric_is_documented():
    for name in metrics.HELP:
        assert f"`{name}`" in DOC, name


def test_every_variable_named_exists_in_env_example():
    named = set(
        re.findall(r"\b((?:DJANGO|KANTORENTOP)_[A-Z_]+|DATABASE_URL|REDIS_URL|EMAIL_URL)\b", DOC)
    )
    # Setting names, not environment variables.
    named -= {"DJANGO_SETTINGS_MODULE"}
    defined = set(re.findall(r"^([A-Z_]+)=", ENV_EXAMPLE, re.MULTILINE))
    assert named <= defined, named - defined


def test_the_cookies_are_described_as_they_are():
    # The session cookie is HttpOnly; the CSRF cookie is not (and need not be), and the text
    # must not say it is.
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CSRF_COOKIE_HTTPONLY is False
    assert "the session cookie also HttpOnly" in DOC
    assert "The CSRF cookie is not HttpOnly" in DOC
