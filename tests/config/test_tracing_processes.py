"""Tracing as production switches it on: OTEL_TRACES_EXPORTER=console in the environment of
gunicorn (config.wsgi) and of a prefork Celery worker (config.celery's worker_process_init), each
a process of its own. The request's span and the task's span, printed by different processes,
carry the same trace id: the context crossed Redis in the message's headers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from django.contrib.auth import get_user_model

from buildings.choices import ImportJobStatus
from buildings.models import ImportJob
from tests.faults.servers import (
    Process,
    RedisServer,
    database_url_of_test_database,
    process_env,
    start_portal,
    start_worker,
    wait_for,
)
from tests.faults.world import cookie_header, portal_cookies, secret_key, world_create

pytestmark = [pytest.mark.slow, pytest.mark.celery_worker]

TASK = "buildings.tasks.vacancy_records_import_job"


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


def _spans(process: Process) -> list[dict]:
    """The spans the console exporter printed: one JSON object a line."""
    spans = []
    for line in process.output().splitlines():
        if line.startswith('{"name"'):
            spans.append(json.loads(line))
    return spans


def _named(process: Process, kind: str, suffix: str) -> dict | None:
    for span in _spans(process):
        if span["kind"] == f"SpanKind.{kind}" and span["name"].endswith(suffix):
            return span
    return None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gunicorn_and_a_prefork_worker_trace_one_request_and_its_task(
    tmp_path: Path, redis_server: RedisServer
):
    world = world_create(flagged=0)
    officer = get_user_model().objects.get(pk=world.officer_user_id)
    cookies = cookie_header(portal_cookies(officer))
    env = process_env(
        database_url=database_url_of_test_database(),
        redis_url=redis_server.url(),
        DJANGO_SECRET_KEY=secret_key(),
        OTEL_TRACES_EXPORTER="console",
        OTEL_BSP_SCHEDULE_DELAY="100",
    )
    worker = start_worker(env, tmp_path, name="traced", queues="imports", pool="prefork")
    portal, base = start_portal(env, tmp_path, workers=1)
    try:
        csv = "bagId,observedOn,vacantAreaM2,source\n"
        csv += f"{world.other_building.bag_id},2024-03-31,600,survey\n"
        uploaded = requests.post(
            f"{base}/importeren",
            headers=cookies,
            data={"csrfmiddlewaretoken": cookies["X-CSRFToken"]},
            files={"file": ("records.csv", csv.encode(), "text/csv")},
            allow_redirects=False,
            timeout=30,
        )
        assert uploaded.status_code == 302, uploaded.text[:500]
        run = wait_for(
            lambda: _named(worker, "CONSUMER", TASK),
            timeout=90,
            message=f"no span of the task from the worker:\n{worker.output()[-3000:]}",
        )
        request = wait_for(
            lambda: _named(portal, "SERVER", "importeren"),
            timeout=30,
            message=f"no span of the request from gunicorn:\n{portal.output()[-3000:]}",
        )
    finally:
        portal.stop()
        worker.stop()
    assert ImportJob.objects.get().status == ImportJobStatus.SUCCEEDED
    assert run["context"]["trace_id"] == request["context"]["trace_id"]
    publish = _named(portal, "PRODUCER", TASK)
    assert publish and run["parent_id"] == publish["context"]["span_id"]
    # SQL of the task, in the task's trace.
    assert any(
        span["kind"] == "SpanKind.CLIENT"
        and span["attributes"].get("db.system") == "postgresql"
        and span["context"]["trace_id"] == run["context"]["trace_id"]
        for span in _spans(worker)
    )
