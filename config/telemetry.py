"""OpenTelemetry traces of requests, SQL and Celery tasks, off unless the environment asks for them.

The standard `OTEL_*` variables configure it (docs/operations.md, "OpenTelemetry"). One departure
from the specification, on purpose: its default exporter is OTLP to localhost, which on a portal
without a collector would try to send every few seconds and log each failure. Here tracing starts
only when `OTEL_TRACES_EXPORTER` names an exporter (`otlp`, `console`) or an OTLP endpoint is set,
and `OTEL_SDK_DISABLED=true` turns it off whatever else is set.

`start_tracing()` runs once per process: in the web process from `config.wsgi` before Django loads
its middleware (the Django instrumentation inserts its own), in each Celery worker process from
`config.celery` (after the fork, as the batch processor's thread does not survive one). The Celery
instrumentation carries the trace context in the task message's headers, so a task enqueued by a
request continues the request's trace in the worker.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Mapping

from django.core.exceptions import ImproperlyConfigured
from opentelemetry import trace
from opentelemetry.instrumentation.celery import CeleryInstrumentor
from opentelemetry.instrumentation.django import DjangoInstrumentor
from opentelemetry.instrumentation.psycopg2 import Psycopg2Instrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter

SERVICE_NAME = "kantorentop"
# Probes and the Prometheus scrape answer every few seconds and tell nothing in a trace.
EXCLUDED_URLS = r"/healthz/,/health$,/metrics$"
OTLP_PROTOCOL = "http/protobuf"

_lock = threading.Lock()
_provider_started: TracerProvider | None = None


def _true(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def exporter_names(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The exporters the environment asks for; an empty list means tracing stays off."""
    if _true(environ.get("OTEL_SDK_DISABLED")):
        return []
    names = [n.strip().lower() for n in environ.get("OTEL_TRACES_EXPORTER", "").split(",")]
    names = [name for name in names if name]
    if not names and (
        environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        or environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    ):
        names = ["otlp"]
    return [name for name in names if name != "none"]


def span_exporters(environ: Mapping[str, str] = os.environ) -> list[SpanExporter]:
    """One exporter per name; an unknown name or an OTLP protocol other than HTTP stops the
    process at start, as a tracing setup that silently sends nothing is worse than none."""
    exporters: list[SpanExporter] = []
    for name in exporter_names(environ):
        if name == "console":
            # One JSON line per span on the process's own stdout: a Celery worker replaces
            # sys.stdout with a logger, which would wrap every line of a span in a log record.
            exporters.append(ConsoleSpanExporter(out=sys.__stdout__, formatter=_json_line))
        elif name == "otlp":
            exporters.append(_otlp_exporter(environ))
        else:
            raise ImproperlyConfigured(
                f"OTEL_TRACES_EXPORTER: unknown exporter {name!r}; use otlp, console or none"
            )
    return exporters


def _json_line(span: ReadableSpan) -> str:
    return span.to_json(indent=None) + "\n"


def _otlp_exporter(environ: Mapping[str, str]) -> SpanExporter:
    protocol = (
        environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
        or environ.get("OTEL_EXPORTER_OTLP_PROTOCOL")
        or OTLP_PROTOCOL
    )
    if protocol.strip().lower() != OTLP_PROTOCOL:
        raise ImproperlyConfigured(
            f"OTEL_EXPORTER_OTLP_PROTOCOL={protocol}: only {OTLP_PROTOCOL} is installed "
            "(the collector's HTTP port, 4318 by default)"
        )
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    # The exporter reads the endpoint, headers, timeout and certificates from OTEL_EXPORTER_OTLP_*.
    return OTLPSpanExporter()


def start_tracing(
    environ: Mapping[str, str] = os.environ,
    *,
    processors: Iterable[SpanProcessor] | None = None,
) -> bool:
    """Set up the tracer provider and instrument Django, psycopg2 and Celery, once per process.

    Without `processors` the exporters come from the environment, each behind a batch processor;
    a test passes its own (an in-memory exporter). Returns whether tracing is on.
    """
    global _provider_started
    with _lock:
        if _provider_started is not None:
            return True
        if processors is None:
            processors = [BatchSpanProcessor(exporter) for exporter in span_exporters(environ)]
        processors = list(processors)
        if not processors:
            return False
        provider = _provider(environ, processors)
        trace.set_tracer_provider(provider)
        _instrument(provider, environ)
        _provider_started = provider
        return True


def _provider(environ: Mapping[str, str], processors: list[SpanProcessor]) -> TracerProvider:
    # Resource.create reads OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME, which win over ours.
    attributes = {} if environ.get("OTEL_SERVICE_NAME") else {"service.name": SERVICE_NAME}
    provider = TracerProvider(resource=Resource.create(attributes))  # sampler: OTEL_TRACES_SAMPLER
    for processor in processors:
        provider.add_span_processor(processor)
    return provider


def _instrument(provider: TracerProvider, environ: Mapping[str, str]) -> None:
    excluded = environ.get("OTEL_PYTHON_DJANGO_EXCLUDED_URLS") or EXCLUDED_URLS
    DjangoInstrumentor().instrument(tracer_provider=provider, excluded_urls=excluded)
    # Statements without their parameters: a value can be personal data (ASVS 7.1.1).
    Psycopg2Instrumentor().instrument(tracer_provider=provider, capture_parameters=False)
    CeleryInstrumentor().instrument(tracer_provider=provider)


def stop_tracing() -> None:
    """Undo the instrumentation and shut the processors down (for tests). Database connections
    opened meanwhile keep their tracing cursors until they are closed."""
    global _provider_started
    with _lock:
        if _provider_started is None:
            return
        CeleryInstrumentor().uninstrument()
        Psycopg2Instrumentor().uninstrument()
        DjangoInstrumentor().uninstrument()
        _provider_started.shutdown()
        _provider_started = None
