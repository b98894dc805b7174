"""Kubernetes (Haven) probes of a web process, answered before every other middleware:

- GET /healthz/live: the process answers (no database, no cache). Restart it when this fails.
- GET /healthz/ready: the database and the cache answer and every migration is applied. Send it
  no traffic while this fails. The Celery workers are not asked: a web process serves pages
  without them (GET /health asks them, for monitoring).

Unauthenticated, never cached, naming no host or secret (the log has the reason). Answered here,
before the host check, because the kubelet asks by the pod's address, which no ALLOWED_HOSTS
lists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

from kantorentop.core.health import ERROR, NOT_CONFIGURED, OK, _database, _redis, _timed

LIVE_PATH = "/healthz/live"
READY_PATH = "/healthz/ready"

# Once every migration is applied, it stays so for this process's code: asked once, not per probe.
_migrated = False


def _migrations() -> dict[str, Any]:
    global _migrated
    if not _migrated:
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return {"status": OK if _migrated else ERROR}


def _cache() -> dict[str, Any]:
    if not getattr(settings, "REDIS_URL", ""):
        return {"status": NOT_CONFIGURED}  # the in-process cache cannot be unreachable
    return _redis()


def readiness() -> tuple[bool, dict[str, Any]]:
    """(ready, the report): database, cache, migrations."""
    checks = {"database": _timed(_database)}
    checks["cache"] = _timed(_cache)
    if checks["database"]["status"] == OK:
        checks["migrations"] = _timed(_migrations)
    else:
        checks["migrations"] = {"status": ERROR, "reason": "database"}
    ready = all(check["status"] in (OK, NOT_CONFIGURED) for check in checks.values())
    return ready, {"status": OK if ready else ERROR, "checks": checks}


def _answer(body: dict[str, Any], status: int) -> HttpResponse:
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    return response


class ProbeMiddleware:
    """Answers the probes' two paths; passes every other request on. Place it first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path not in (LIVE_PATH, READY_PATH):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = _answer({"status": ERROR}, 405)
            response["Allow"] = "GET, HEAD"
            return response
        if request.path == LIVE_PATH:
            return _answer({"status": OK}, 200)
        ready, report = readiness()
        return _answer(report, 200 if ready else 503)
