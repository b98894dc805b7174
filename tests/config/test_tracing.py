"""One trace from a request to the Celery task it enqueued, with the SQL of both (issue 17, item 4).

The request is a real HTTP request to a WSGI server in a thread; the task runs in a real Celery
worker (celery.contrib.testing, in a thread of this process so the in-memory exporter sees its
spans) that takes the message from Redis. The trace context travels in the message's headers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
import requests
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.test import Client
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from buildings.choices import ImportJobStatus
from buildings.models import ImportJob
from config import telemetry
from config.celery import app as celery_app
from regions.models import Municipality
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.buildings.factories import BuildingFactory

pytestmark = [pytest.mark.slow, pytest.mark.celery_worker]

TASK = "buildings.tasks.vacancy_records_import_job"


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    memory = InMemorySpanExporter()
    assert telemetry.start_tracing(processors=[SimpleSpanProcessor(memory)])
    yield memory
    telemetry.stop_tracing()
    connections.close_all()  # the next tests get connections without tracing cursors


@pytest.fixture
def portal(exporter) -> Iterator[str]:
    """The portal behind a WSGI server in a thread; its handler is built after the instrumentation
    added its middleware, as config.wsgi builds it."""
    server: WSGIServer = make_server("127.0.0.1", 0, WSGIHandler(), handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture
def worker(exporter) -> Iterator[None]:
    if not str(celery_app.conf.broker_url).startswith("redis://"):
        pytest.fail("REDIS_URL is not set: this test needs the Redis broker")
    celery_app.conf.task_always_eager = False  # conftest's fixture puts it back
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_purge("imports")  # a message left by an earlier run
    with start_worker(
        celery_app, pool="solo", queues=["imports"], perform_ping_check=False, shutdown_timeout=30
    ):
        yield


def _officer_cookies() -> dict[str, str]:
    utrecht = Municipality.objects.get(code="GM0344")
    membership = MembershipFactory(
        user=UserFactory(username="utrecht.ambtenaar"),
        organisation=OrganisationFactory(kind="municipality", municipality=utrecht),
        role="municipal_officer",
    )
    BuildingFactory(bag_id="0344100000000001", municipality=utrecht, lettable_floor_area_m2=8000)
    client = Client()
    client.force_login(membership.user)
    token = "t" * 32
    return {
        settings.SESSION_COOKIE_NAME: client.session.session_key,
        settings.CSRF_COOKIE_NAME: token,
    }


def _upload(base: str, cookies: dict[str, str]) -> requests.Response:
    csv = "bagId,observedOn,vacantAreaM2,source\n0344100000000001,2024-03-31,600,survey\n"
    return requests.post(
        f"{base}/importeren",
        cookies=cookies,
        headers={"X-CSRFToken": cookies[settings.CSRF_COOKIE_NAME]},
        files={"file": ("records.csv", csv.encode(), "text/csv")},
        allow_redirects=False,
        timeout=30,
    )


def _wait_for_the_task_span(exporter: InMemorySpanExporter) -> list[ReadableSpan]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        spans = list(exporter.get_finished_spans())
        if any(s.kind == SpanKind.CONSUMER and s.name.endswith(TASK) for s in spans):
            return spans
        time.sleep(0.2)
    raise AssertionError(f"no span of the task within 60 s: {[s.name for s in spans]}")


def _ancestors(span: ReadableSpan, by_id: dict[int, ReadableSpan]) -> list[ReadableSpan]:
    chain = []
    while span.parent is not None and span.parent.span_id in by_id:
        span = by_id[span.parent.span_id]
        chain.append(span)
    return chain


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_request_and_the_task_it_enqueued_are_one_trace(exporter, portal, worker):
    response = _upload(portal, _officer_cookies())
    assert response.status_code == 302, response.text[:500]
    spans = _wait_for_the_task_span(exporter)
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.SUCCEEDED, job.errors

    (request,) = [s for s in spans if s.kind == SpanKind.SERVER]
    (publish,) = [s for s in spans if s.kind == SpanKind.PRODUCER and s.name.endswith(TASK)]
    (run,) = [s for s in spans if s.kind == SpanKind.CONSUMER and s.name.endswith(TASK)]
    assert request.attributes.get("http.method", request.attributes.get("http.request.method"))
    # One trace: the run continues the publish, which the request made. (The test's own setup
    # has traces of its own, one per statement.)
    trace = [s for s in spans if s.context.trace_id == request.context.trace_id]
    assert publish in trace and run in trace
    by_id = {s.context.span_id: s for s in trace}
    assert request in _ancestors(publish, by_id)
    assert publish in _ancestors(run, by_id)

    sql = [s for s in trace if s.kind == SpanKind.CLIENT and s.attributes.get("db.system")]
    in_request = [s for s in sql if run not in _ancestors(s, by_id)]
    in_task = [s for s in sql if run in _ancestors(s, by_id)]
    assert any("import" in str(s.attributes.get("db.statement", "")) for s in in_request)
    assert any("vacancy" in str(s.attributes.get("db.statement", "")) for s in in_task)
    # Statements are recorded without their parameters: no value of the file in a span.
    assert not any("600" in str(s.attributes.get("db.statement", "")) for s in sql)
