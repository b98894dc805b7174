"""No password, token or API key in any log line: a failed sign-in, API calls with a key and
create_api_client are logged through the configured handlers, and the output is searched."""

import io
import json
import logging

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from kantorentop.accounts.services import api_client_create
from kantorentop.core.logging import JsonFormatter, RedactSecretsFilter, redact
from tests.accounts.factories import UserFactory

SECRET_PASSWORD = "Zeer-Geheim-Wachtwoord-8231"  # noqa: S105


@pytest.fixture
def log_output():
    """Everything the configured handlers write, while the test runs (at DEBUG level)."""
    buffer = io.StringIO()
    root = logging.getLogger()
    handlers = [
        h for h in root.handlers if any(isinstance(f, RedactSecretsFilter) for f in h.filters)
    ]
    assert handlers, "settings.LOGGING configures no redacting handler on the root logger"
    previous = [(h, h.setStream(buffer), h.formatter) for h in handlers]
    for handler in handlers:
        handler.setFormatter(JsonFormatter())
    level = root.level
    root.setLevel(logging.DEBUG)
    yield buffer
    root.setLevel(level)
    for handler, stream, formatter in previous:
        handler.setStream(stream)
        handler.setFormatter(formatter)


def _assert_absent(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text
        # Nor a recognisable part of it.
        assert secret[-12:] not in text


def test_every_handler_redacts():
    """Every handler of every configured logger carries the filter (pytest's own excepted)."""
    loggers = [logging.getLogger()] + [
        logging.getLogger(name)
        for name, item in logging.root.manager.loggerDict.items()
        if isinstance(item, logging.Logger)
    ]
    handlers = {
        h
        for logger in loggers
        for h in logger.handlers
        if not type(h).__module__.startswith("_pytest") and not isinstance(h, logging.NullHandler)
    }
    assert handlers
    for handler in handlers:
        assert any(isinstance(f, RedactSecretsFilter) for f in handler.filters), handler


@pytest.mark.django_db
def test_a_failed_sign_in_logs_no_password(log_output, caplog):
    UserFactory(username="k.jansen")
    Client().post("/inloggen", {"username": "k.jansen", "password": SECRET_PASSWORD})
    assert log_output.getvalue()  # axes and django.request did log the attempt
    _assert_absent(log_output.getvalue(), SECRET_PASSWORD)
    _assert_absent(caplog.text, SECRET_PASSWORD)


@pytest.mark.django_db
def test_api_calls_with_a_key_log_no_key(log_output, caplog, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _client, key = api_client_create(name="Provincie Utrecht", province_code="PV26")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/buildings").status_code == 200
    assert api.get("/api/v1/buildings/0000100000000000").status_code == 404
    wrong = key[:-4] + "AAAA"
    api.credentials(HTTP_AUTHORIZATION=f"Token {wrong}")
    assert api.get("/api/v1/buildings").status_code == 401
    _assert_absent(log_output.getvalue(), key, wrong)
    _assert_absent(caplog.text, key, wrong)


@pytest.mark.django_db
def test_create_api_client_prints_the_key_once_and_logs_it_nowhere(log_output, caplog):
    stdout = io.StringIO()
    call_command("create_api_client", "Rijksoverheid", "--national", stdout=stdout)
    key = stdout.getvalue().strip().splitlines()[-1]
    assert key.startswith("kt_")
    _assert_absent(log_output.getvalue(), key)
    _assert_absent(caplog.text, key)


@pytest.mark.django_db
def test_secrets_that_reach_a_log_call_are_redacted(log_output):
    """Should code log a secret after all, the handler's filter removes it."""
    _client, key = api_client_create(name="Noord-Holland", province_code="PV27")
    log = logging.getLogger("kantorentop.test")
    log.warning("Retrying with Authorization: Token %s", key)
    log.warning("Request body: %s", json.dumps({"username": "a", "password": SECRET_PASSWORD}))
    log.warning("connect redis://u@h?password=%s&db=1", SECRET_PASSWORD)
    log.warning("key in the wild %s", key)
    log.warning("headers", extra={"headers": {"Authorization": f"Bearer {SECRET_PASSWORD}"}})
    log.warning("client", extra={"api_key": key, "secret": SECRET_PASSWORD})
    try:
        raise ValueError(f"bad password={SECRET_PASSWORD}")
    except ValueError:
        log.exception("failed")
    text = log_output.getvalue()
    _assert_absent(text, key, SECRET_PASSWORD)
    assert text.count("[redacted]") >= 7
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert any(line.get("api_key") == "[redacted]" for line in lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("password=hunter2hunter2", "password=[redacted]"),
        ('{"token": "abc123def456"}', '{"token": "[redacted]"}'),
        ("Authorization: Bearer abcdefghijkl", "Authorization: Bearer [redacted]"),
        ("X-Api-Key: kt_0a1b2c3d.Zz-09_x", "X-Api-Key: [redacted]"),
        ("secret_key='s3cr3t'", "secret_key='[redacted]'"),
        ("GET /api/v1/buildings?page=2 200", "GET /api/v1/buildings?page=2 200"),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


def test_a_worker_logs_only_through_redacting_handlers():
    """Celery's own logging setup (as a worker runs it) adds no handler of its own."""
    from celery.utils.log import get_multiprocessing_logger, get_task_logger

    from config.celery import app

    type(app.log)._setup = False
    app.log.setup(loglevel="INFO")
    for logger in (logging.getLogger(), get_task_logger("x").parent, get_multiprocessing_logger()):
        for handler in logger.handlers if logger else []:
            if isinstance(handler, logging.NullHandler):
                continue
            assert any(isinstance(f, RedactSecretsFilter) for f in handler.filters), handler


def test_redis_clients_log_through_the_redacting_handler():
    """redis-py sets up a "push_response" logger with a bare stderr handler when nothing has."""
    from redis.utils import _set_info_logger

    _set_info_logger()
    assert not logging.getLogger("push_response").handlers
