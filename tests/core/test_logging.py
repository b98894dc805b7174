"""Structured logs: one JSON object per line with the request id, which the response returns in
X-Request-ID (the caller's, when it sent a valid one)."""

import io
import json
import logging

import pytest

from kantorentop.core.logging import JsonFormatter, RedactSecretsFilter


@pytest.fixture
def json_lines():
    buffer = io.StringIO()
    root = logging.getLogger()
    handler = next(
        h for h in root.handlers if any(isinstance(f, RedactSecretsFilter) for f in h.filters)
    )
    stream, formatter = handler.setStream(buffer), handler.formatter
    handler.setFormatter(JsonFormatter())
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]
    handler.setStream(stream)
    handler.setFormatter(formatter)


def test_production_logs_are_json(settings):
    handler = settings.LOGGING["handlers"]["console"]
    assert settings.LOGGING["formatters"]["json"]["()"] == "kantorentop.core.logging.JsonFormatter"
    assert "request_id" in handler["filters"] and "redact_secrets" in handler["filters"]


@pytest.mark.django_db
def test_a_request_gets_an_id_returned_in_the_header(client):
    first = client.get("/health")["X-Request-ID"]
    second = client.get("/health")["X-Request-ID"]
    assert len(first) == 32 and first != second


@pytest.mark.django_db
def test_the_callers_request_id_is_kept(client):
    response = client.get("/health", HTTP_X_REQUEST_ID="proxy-4f2a.77")
    assert response["X-Request-ID"] == "proxy-4f2a.77"


@pytest.mark.django_db
def test_an_invalid_request_id_is_replaced(client):
    response = client.get("/health", HTTP_X_REQUEST_ID='x" injected\nline')
    assert response["X-Request-ID"] != 'x" injected\nline'
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_log_lines_of_a_request_carry_its_id(client, json_lines):
    response = client.get("/bestaat-niet", HTTP_X_REQUEST_ID="trace-123")
    assert response.status_code == 404
    lines = [line for line in json_lines() if line["logger"] == "django.request"]
    assert lines, json_lines()
    assert lines[0]["request_id"] == "trace-123"
    assert lines[0]["level"] == "WARNING"
    assert lines[0]["time"].endswith("+00:00")
    assert "Not Found" in lines[0]["message"]


def test_log_lines_outside_a_request(json_lines):
    logging.getLogger("kantorentop.test").info("hello %s", "world", extra={"rows": 3})
    (line,) = [line for line in json_lines() if line["logger"] == "kantorentop.test"]
    assert line["message"] == "hello world"
    assert line["request_id"] == "-"
    assert line["rows"] == 3
