"""Prometheus metrics at /metrics, in the plain-text exposition format (version 0.0.4).

Counters and histograms live in Redis when REDIS_URL is set, so every gunicorn worker, every
machine and every Celery worker add to the same numbers and one scrape sees them all; without
Redis they live in the process. prometheus_client keeps its samples per process (its
multiprocess mode shares files on one machine only), so the sums are stored here and a
prometheus_client collector turns them into metric families and the exposition text. Queue
lengths and open flags are measured at scrape time.

Readable from the machine itself (a request without X-Forwarded-For from a loopback address) or
with `Authorization: Bearer <METRICS_TOKEN>`.
"""

from __future__ import annotations

import atexit
import hmac
import ipaddress
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.metrics_core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.parser import text_string_to_metric_families

logger = logging.getLogger(__name__)

REDIS_HASH = "kantorentop:metrics"
# Seconds; the last bucket is +Inf.
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
TASK_BUCKETS = (0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0)
HISTOGRAM_BUCKETS = {
    "kantorentop_http_request_duration_seconds": REQUEST_BUCKETS,
    "kantorentop_celery_task_duration_seconds": TASK_BUCKETS,
}
QUEUES = ("celery", "imports", "notifications")
# After Redis fails, metrics are kept in the process for this long before Redis is tried again,
# so an outage never slows requests down by more than one short timeout.
REDIS_RETRY_AFTER_SECONDS = 10.0
FLUSH_SECONDS = 1.0
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4

HELP = {
    "kantorentop_http_requests_total": ("counter", "HTTP requests by method and status."),
    "kantorentop_http_request_duration_seconds": (
        "histogram",
        "Time to answer an HTTP request, by view.",
    ),
    "kantorentop_celery_tasks_total": ("counter", "Celery tasks run, by task and state."),
    "kantorentop_celery_task_duration_seconds": (
        "histogram",
        "Time a Celery task ran, by task.",
    ),
    "kantorentop_celery_queue_length": ("gauge", "Messages waiting in a Celery queue."),
    "kantorentop_structural_vacancy_flags_active": (
        "gauge",
        "Active structural-vacancy flags: open, or with a plan submitted.",
    ),
    "kantorentop_metrics_store_up": ("gauge", "1 when the shared metrics store (Redis) answers."),
}
# Label names of the stored metrics, in the order of their keys (sorted).
LABELS = {
    "kantorentop_http_requests_total": ("method", "status"),
    "kantorentop_http_request_duration_seconds": ("view",),
    "kantorentop_celery_tasks_total": ("state", "task"),
    "kantorentop_celery_task_duration_seconds": ("task",),
}


# A stored series is keyed as in the exposition, `name{label="value",...}` with its labels sorted
# and their values escaped, so every process agrees on the key and the library's parser reads it.
def _key(name: str, labels: dict[str, str]) -> str:
    body = ",".join(f'{k}="{_escape(v)}"' for k, v in sorted(labels.items()))
    return f"{name}{{{body}}}" if body else name


def _escape(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


class _Store:
    """Sums of samples: in Redis when configured, else (or while Redis is down) in the process."""

    def __init__(self) -> None:
        self._local: dict[str, float] = defaultdict(float)
        self._lock = threading.Lock()
        self._redis: Any = None
        self._redis_url: str | None = None
        self._redis_down_until = 0.0
        self._pending: dict[str, float] = defaultdict(float)
        self._flusher: threading.Thread | None = None

    def _client(self) -> Any:
        url = getattr(settings, "REDIS_URL", "")
        if not url or time.monotonic() < self._redis_down_until:
            return None
        if self._redis is None or self._redis_url != url:
            import redis

            self._redis = redis.Redis.from_url(
                url, socket_timeout=0.25, socket_connect_timeout=0.25
            )
            self._redis_url = url
        return self._redis

    def _redis_failed(self) -> None:
        self._redis_down_until = time.monotonic() + REDIS_RETRY_AFTER_SECONDS
        logger.warning("Metrics store (Redis) not reachable; keeping metrics in the process")

    def add(self, increments: Iterable[tuple[str, float]]) -> None:
        increments = list(increments)
        client = self._client()
        if client is not None:
            try:
                pipe = client.pipeline(transaction=False)
                for key, amount in increments:
                    pipe.hincrbyfloat(REDIS_HASH, key, amount)
                pipe.execute()
                return
            except Exception:
                self._redis_failed()
        with self._lock:
            for key, amount in increments:
                self._local[key] += amount

    def add_soon(self, increments: Iterable[tuple[str, float]]) -> None:
        """`add` within FLUSH_SECONDS, many requests' samples in one round trip (by a daemon
        thread): waiting for Redis in every request costs most on a busy machine."""
        with self._lock:
            for key, amount in increments:
                self._pending[key] += amount
            if self._flusher is None or not self._flusher.is_alive():
                self._flusher = threading.Thread(target=self._flush_loop, daemon=True)
                self._flusher.start()

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, defaultdict(float)
        if pending:
            self.add(pending.items())  # add() keeps them in the process when Redis fails

    def _flush_loop(self) -> None:
        while True:
            time.sleep(FLUSH_SECONDS)
            self.flush()

    def snapshot(self) -> tuple[dict[str, float], bool | None]:
        """All sums (Redis's plus this process's), and whether Redis answered (None: no Redis)."""
        with self._lock:
            values = dict(self._local)
            for key, amount in self._pending.items():
                values[key] = values.get(key, 0.0) + amount
        client = self._client()
        up: bool | None = None if not getattr(settings, "REDIS_URL", "") else False
        if client is not None:
            try:
                for key, value in client.hgetall(REDIS_HASH).items():
                    name = key.decode()
                    values[name] = values.get(name, 0.0) + float(value)
                up = True
            except Exception:
                self._redis_failed()
        return values, up

    def clear_local(self) -> None:
        with self._lock:
            self._local.clear()
            self._pending.clear()


store = _Store()
atexit.register(store.flush)  # a killed process loses at most FLUSH_SECONDS of samples


def counter_inc(name: str, labels: dict[str, str], amount: float = 1.0) -> None:
    store.add([(_key(name, labels), amount)])


def histogram_observe(
    name: str, labels: dict[str, str], value: float, buckets: tuple[float, ...]
) -> None:
    """Stores the one bucket the value falls in and the sum; the collector makes the buckets
    cumulative, and the count is the +Inf bucket."""
    store.add(_histogram_increments(name, labels, value, buckets))


def _histogram_increments(
    name: str, labels: dict[str, str], value: float, buckets: tuple[float, ...]
) -> list[tuple[str, float]]:
    upper = next((str(b) for b in buckets if value <= b), "+Inf")
    return [
        (_key(f"{name}_bucket", {**labels, "le": upper}), 1.0),
        (_key(f"{name}_sum", labels), value),
    ]


# --- collection ---------------------------------------------------------------------------------


class MetricsMiddleware:
    """Counts requests and measures their duration. Place it first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None and match.view_name else "unmatched"
        method = request.method if request.method in _METHODS else "other"
        try:
            # Batched: no round trip to the store in the request (add_soon).
            labels = {"method": method, "status": str(response.status_code)}
            counter = _key("kantorentop_http_requests_total", labels)
            name = "kantorentop_http_request_duration_seconds"
            duration = _histogram_increments(name, {"view": view}, elapsed, REQUEST_BUCKETS)
            store.add_soon([(counter, 1.0), *duration])
        except Exception:
            logger.exception("Request metrics not recorded")
        return response


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_task_started: dict[str, float] = {}


def _task_prerun(task_id: str | None = None, **kwargs: Any) -> None:
    if task_id:
        _task_started[task_id] = time.perf_counter()


def _task_postrun(
    task_id: str | None = None, task: Any = None, state: str | None = None, **kwargs: Any
) -> None:
    started = _task_started.pop(task_id or "", None)
    name = getattr(task, "name", "unknown")
    try:
        counter_inc("kantorentop_celery_tasks_total", {"task": name, "state": state or "UNKNOWN"})
        if started is not None:
            histogram_observe(
                "kantorentop_celery_task_duration_seconds",
                {"task": name},
                time.perf_counter() - started,
                TASK_BUCKETS,
            )
    except Exception:
        logger.exception("Task metrics not recorded")


def connect_task_signals() -> None:
    """Measure Celery tasks (CoreConfig.ready; runs in the workers too)."""
    from celery.signals import task_postrun, task_prerun

    task_prerun.connect(_task_prerun, dispatch_uid="metrics-task-prerun", weak=False)
    task_postrun.connect(_task_postrun, dispatch_uid="metrics-task-postrun", weak=False)


# --- exposition ---------------------------------------------------------------------------------


def _queue_lengths() -> dict[str, float] | None:
    if not getattr(settings, "REDIS_URL", ""):
        return None
    client = store._client()
    if client is None:
        return None
    try:
        pipe = client.pipeline(transaction=False)
        for queue in QUEUES:
            pipe.llen(queue)
        return {queue: float(n) for queue, n in zip(QUEUES, pipe.execute(), strict=True)}
    except Exception:
        store._redis_failed()
        return None


# Gauges measured at scrape time from a domain app's data, by metric name: the label and the
# function that gives each label value its number. The ground floor imports no domain app, so the
# app that owns the data registers its function here (in its AppConfig.ready).
_scrape_gauges: dict[str, tuple[str, Callable[[], dict[str, float]]]] = {}


def scrape_gauge_register(
    *, name: str, label: str, measure: Callable[[], dict[str, float]]
) -> None:
    """Measure the gauge `name` (one of HELP's) with `measure` at every scrape."""
    if HELP.get(name, ("",))[0] != "gauge":
        raise ValueError(f"{name} is not a gauge of HELP")
    _scrape_gauges[name] = (label, measure)


def _stored(values: dict[str, float]) -> dict[str, list[tuple[dict[str, str], float]]]:
    """The stored sums by sample name, each with its labels (unescaped by the library's parser)."""
    by_name: dict[str, list[tuple[dict[str, str], float]]] = defaultdict(list)
    text = "".join(f"{key} {value!r}\n" for key, value in values.items())
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            by_name[sample.name].append((sample.labels, sample.value))
    return by_name


def _histogram(name: str, stored: dict[str, list[tuple[dict[str, str], float]]]) -> Metric:
    """Cumulative buckets (every bound, also the empty ones) from the stored per-bucket counts."""
    names = LABELS[name]
    per_bucket: dict[tuple[str, ...], dict[str, float]] = defaultdict(dict)
    for labels, value in stored.get(f"{name}_bucket", []):
        per_bucket[tuple(labels.get(n, "") for n in names)][labels.get("le", "+Inf")] = value
    sums = {
        tuple(labels.get(n, "") for n in names): v for labels, v in stored.get(f"{name}_sum", [])
    }
    family = HistogramMetricFamily(name, HELP[name][1], labels=names)
    for series, counts in sorted(per_bucket.items()):
        total, buckets = 0.0, []
        for bound in (*(str(b) for b in HISTOGRAM_BUCKETS[name]), "+Inf"):
            total += counts.get(bound, 0.0)
            buckets.append((bound, total))
        family.add_metric(list(series), buckets, sums.get(series, 0.0))
    return family


class _Collector:
    """Every metric, read from the store, the queues and the database at scrape time."""

    def collect(self) -> Iterator[Metric]:
        values, redis_up = store.snapshot()
        stored = _stored(values)
        for name, (kind, text) in HELP.items():
            if kind == "histogram":
                yield _histogram(name, stored)
            elif kind == "counter":
                family = CounterMetricFamily(name, text, labels=LABELS[name])
                for labels, value in sorted(
                    stored.get(name, []), key=lambda s: sorted(s[0].items())
                ):
                    family.add_metric([labels.get(n, "") for n in LABELS[name]], value)
                yield family
        queues = _queue_lengths()
        if queues is not None:
            yield _gauge("kantorentop_celery_queue_length", "queue", queues)
        for name, (label, measure) in _scrape_gauges.items():
            yield _gauge(name, label, measure())
        if redis_up is not None:
            name = "kantorentop_metrics_store_up"
            yield GaugeMetricFamily(name, HELP[name][1], value=int(redis_up))


def _gauge(name: str, label: str, values: dict[str, float]) -> Metric:
    family = GaugeMetricFamily(name, HELP[name][1], labels=[label])
    for value_label, value in values.items():
        family.add_metric([value_label], value)
    return family


registry = CollectorRegistry(auto_describe=False)
registry.register(_Collector())


def metrics_text() -> str:
    """The exposition of every metric."""
    return generate_latest(registry).decode()


def _is_local(request: HttpRequest) -> bool:
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False  # came through a proxy: not this machine's own scraper
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _has_token(request: HttpRequest) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    scheme, _, given = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given, token)


def metrics_view(request: HttpRequest) -> HttpResponse:
    """GET /metrics: from the machine itself, or with the bearer token; else 403."""
    if not (_is_local(request) or _has_token(request)):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    response = HttpResponse(metrics_text(), content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response
