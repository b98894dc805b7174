"""GET /health: is the database reachable, and (with REDIS_URL) Redis and at least one Celery
worker? 200 when all is well, 503 otherwise. The answer names no host, URL or secret."""

import logging
import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# Seconds to wait for the workers' answer to a ping.
WORKER_PING_TIMEOUT = 1.0
OK, ERROR, NOT_CONFIGURED = "ok", "error", "not_configured"


def _timed(check: Any) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as error:
        # The log has the reason; the public answer only says which part failed.
        logger.warning("Health check %s failed: %s", check.__name__, type(error).__name__)
        result = {"status": ERROR}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": OK}


def _redis() -> dict[str, Any]:
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
    return {"status": OK}


_ping_apps: dict[str, Any] = {}


def _ping_app(url: str) -> Any:
    """A Celery app of its own on the broker at `url`, only to ping the workers (the portal's app
    may run tasks in-process)."""
    if url not in _ping_apps:
        from celery import Celery

        _ping_apps[url] = Celery(
            "kantorentop-health",
            broker=url,
            set_as_current=False,
            broker_connection_timeout=1,
            broker_connection_retry=False,
        )
    return _ping_apps[url]


def _workers() -> dict[str, Any]:
    replies = _ping_app(settings.REDIS_URL).control.inspect(timeout=WORKER_PING_TIMEOUT).ping()
    count = len(replies or {})
    return {"status": OK if count else ERROR, "count": count}


def health_status() -> tuple[bool, dict[str, Any]]:
    """(all well, the report)."""
    checks: dict[str, dict[str, Any]] = {"database": _timed(_database)}
    if getattr(settings, "REDIS_URL", ""):
        checks["redis"] = _timed(_redis)
        if checks["redis"]["status"] == OK:
            checks["workers"] = _timed(_workers)
        else:
            checks["workers"] = {"status": ERROR, "reason": "redis"}
    else:
        # Without Redis, tasks run inside the web process: there are no workers to ask.
        checks["redis"] = {"status": NOT_CONFIGURED}
        checks["workers"] = {"status": NOT_CONFIGURED}
    healthy = all(check["status"] in (OK, NOT_CONFIGURED) for check in checks.values())
    return healthy, {"status": OK if healthy else ERROR, "checks": checks}


@never_cache
@require_GET
def health_view(request: HttpRequest) -> JsonResponse:
    healthy, report = health_status()
    return JsonResponse(report, status=200 if healthy else 503)
