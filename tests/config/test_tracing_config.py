"""Tracing is off by default and on with the standard OTEL_* variables (config/telemetry.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace.export import ConsoleSpanExporter

from config.telemetry import exporter_names, span_exporters

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("environ", "names"),
    [
        ({}, []),
        ({"OTEL_TRACES_EXPORTER": "none"}, []),
        ({"OTEL_TRACES_EXPORTER": "console"}, ["console"]),
        ({"OTEL_TRACES_EXPORTER": "otlp, console"}, ["otlp", "console"]),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, ["otlp"]),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/v1/traces"}, ["otlp"]),
        ({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_SDK_DISABLED": "true"}, []),
        ({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_SDK_DISABLED": "false"}, ["otlp"]),
    ],
)
def test_the_exporters_come_from_the_standard_variables(environ, names):
    assert exporter_names(environ) == names


def test_the_exporters_are_made():
    environ = {"OTEL_TRACES_EXPORTER": "otlp,console"}
    otlp, console = span_exporters(environ)
    assert isinstance(otlp, OTLPSpanExporter) and isinstance(console, ConsoleSpanExporter)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"OTEL_TRACES_EXPORTER": "zipkin"}, "unknown exporter 'zipkin'"),
        ({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, "http/protobuf"),
        (
            {"OTEL_EXPORTER_OTLP_ENDPOINT": "x", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "grpc"},
            "http/protobuf",
        ),
    ],
)
def test_an_exporter_that_is_not_there_stops_the_start(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        span_exporters(environ)


_PROBE = """
from django.conf import settings
from opentelemetry import trace
import config.wsgi
middleware = [m for m in settings.MIDDLEWARE if "opentelemetry" in m]
print(type(trace.get_tracer_provider()).__name__, len(middleware))
"""


def _wsgi_with(**variables: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env.update(variables)
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def test_config_wsgi_traces_only_when_asked():
    """The entry point gunicorn loads: no tracer provider and no middleware by default; with an
    exporter named, the SDK's provider and the Django middleware, inserted before the handler
    read the middleware list."""
    assert _wsgi_with() == "ProxyTracerProvider 0"
    assert _wsgi_with(OTEL_TRACES_EXPORTER="console") == "TracerProvider 1"
    assert _wsgi_with(OTEL_TRACES_EXPORTER="console", OTEL_SDK_DISABLED="true") == (
        "ProxyTracerProvider 0"
    )
