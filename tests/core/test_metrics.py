"""Prometheus metrics at /metrics: requests, durations, tasks, queue lengths and active flags;
readable from this machine or with the bearer token only."""

import re

import pytest
import redis

from buildings.tasks import flag_reminders_weekly
from kantorentop.core import metrics
from tests.buildings.factories import FlagFactory
from tests.core.test_health import REDIS_TEST_URL, needs_redis

pytestmark = pytest.mark.django_db
LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture(autouse=True)
def _fresh_store(settings):
    settings.REDIS_URL = ""
    metrics.store.clear_local()
    metrics.store._redis_down_until = 0.0
    yield
    metrics.store.clear_local()


def _sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one series in an exposition, or None."""
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        match = re.fullmatch(r"([a-z_]+)(?:\{(.*)\})? (\S+)", line)
        if not match or match.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match.group(2) or ""))
        if found == labels:
            return float(match.group(3))
    return None


def test_readable_from_this_machine(client):
    response = client.get("/metrics", **LOCAL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")


@pytest.mark.parametrize(
    ("meta", "status"),
    [
        ({"REMOTE_ADDR": "203.0.113.5"}, 403),
        ({"REMOTE_ADDR": "::1"}, 200),
        # Through a proxy on this machine: the caller is elsewhere.
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}, 403),
        ({"REMOTE_ADDR": "203.0.113.5", "HTTP_AUTHORIZATION": "Bearer wrong-token"}, 403),
        ({"REMOTE_ADDR": "203.0.113.5", "HTTP_AUTHORIZATION": "Bearer s3cret-metrics-token"}, 200),
        ({"REMOTE_ADDR": "203.0.113.5", "HTTP_AUTHORIZATION": "Token s3cret-metrics-token"}, 403),
    ],
)
def test_access(client, settings, meta, status):
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    assert client.get("/metrics", **meta).status_code == status


def test_no_token_configured_means_no_remote_access(client, settings):
    settings.METRICS_TOKEN = ""
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.5", HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 403


def test_requests_are_counted_by_method_and_status(client):
    client.get("/health")
    client.get("/health")
    client.get("/bestaat-niet")
    text = client.get("/metrics", **LOCAL).content.decode()
    assert _sample(text, "kantorentop_http_requests_total", method="GET", status="200") == 2
    assert _sample(text, "kantorentop_http_requests_total", method="GET", status="404") == 1


def test_request_durations_are_a_cumulative_histogram(client):
    for _ in range(3):
        client.get("/health")
    text = client.get("/metrics", **LOCAL).content.decode()
    name = "kantorentop_http_request_duration_seconds"
    buckets = [
        _sample(text, f"{name}_bucket", view="health", le=str(bound))
        for bound in metrics.REQUEST_BUCKETS
    ]
    assert None not in buckets  # every bound is there, also the empty ones
    assert buckets == sorted(buckets)
    assert _sample(text, f"{name}_bucket", view="health", le="+Inf") == 3
    assert _sample(text, f"{name}_count", view="health") == 3
    assert _sample(text, f"{name}_sum", view="health") > 0


def test_task_durations(client):
    flag_reminders_weekly.delay("2024-01-01")
    text = client.get("/metrics", **LOCAL).content.decode()
    task = "buildings.tasks.flag_reminders_weekly"
    assert _sample(text, "kantorentop_celery_tasks_total", task=task, state="SUCCESS") == 1
    assert _sample(text, "kantorentop_celery_task_duration_seconds_count", task=task) == 1


def test_active_flags_are_counted(client):
    FlagFactory()
    FlagFactory()
    FlagFactory(status="plan_submitted")
    text = client.get("/metrics", **LOCAL).content.decode()
    from buildings.models import StructuralVacancyFlag

    open_count = StructuralVacancyFlag.objects.filter(status="open").count()
    assert _sample(text, "kantorentop_structural_vacancy_flags_active", status="open") == open_count
    assert open_count >= 2
    assert (
        _sample(text, "kantorentop_structural_vacancy_flags_active", status="plan_submitted")
        == StructuralVacancyFlag.objects.filter(status="plan_submitted").count()
    )


@pytest.fixture
def redis_db15(settings):
    settings.REDIS_URL = REDIS_TEST_URL
    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.delete(metrics.REDIS_HASH, *metrics.QUEUES)
    yield client
    client.delete(metrics.REDIS_HASH, *metrics.QUEUES)


@needs_redis
def test_with_redis_all_processes_share_the_numbers_and_queues_are_measured(client, redis_db15):
    assert client.get("/inloggen").status_code == 200
    # Another process (a second gunicorn worker, a Celery worker) adds to the same hash.
    other = metrics._Store()
    other.add([('kantorentop_http_requests_total{method="GET",status="200"}', 5.0)])
    redis_db15.rpush("imports", "a", "b")
    redis_db15.rpush("notifications", "c")
    text = client.get("/metrics", **LOCAL).content.decode()
    assert _sample(text, "kantorentop_http_requests_total", method="GET", status="200") == 6
    assert _sample(text, "kantorentop_celery_queue_length", queue="imports") == 2
    assert _sample(text, "kantorentop_celery_queue_length", queue="notifications") == 1
    assert _sample(text, "kantorentop_celery_queue_length", queue="celery") == 0
    assert _sample(text, "kantorentop_metrics_store_up") == 1


def test_with_redis_down_requests_still_succeed_and_are_counted_locally(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    assert client.get("/health").status_code == 503
    text = client.get("/metrics", **LOCAL).content.decode()
    assert _sample(text, "kantorentop_http_requests_total", method="GET", status="503") == 1
    assert _sample(text, "kantorentop_metrics_store_up") == 0
