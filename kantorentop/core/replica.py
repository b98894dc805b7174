"""Reads from a streaming replica, writes to the primary (DATABASE_REPLICA_URL; docs/adr/0026).

Only pages and API reads (GET, HEAD, OPTIONS) of a caller who has not written in the last
seconds read from the replica; everything else reads from the primary: writes, anything inside a
transaction, background work (Celery, beat, management commands), and who may do what (sessions,
users, memberships, API keys, lockouts), so that a revoked key or a sign-out holds at once.

Read your own writes: a request that may write (POST, PUT, PATCH, DELETE) marks its caller, with a
cookie for browsers and a cache entry for an API key, and the caller's reads go to the primary
for DATABASE_REPLICA_READ_YOUR_WRITES_SECONDS.

A replica that cannot be reached is left alone for REPLICA_RETRY_SECONDS and its reads go to the
primary; a safe request that met it failing halfway is answered again from the primary.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Apps whose rows decide who may do what: always read from the primary.
PRIMARY_APPS = frozenset({"auth", "sessions", "axes", "accounts", "contenttypes"})
COOKIE = "kt_read_primary"
REPLICA_RETRY_SECONDS = 10.0

_use_replica: ContextVar[bool] = ContextVar("use_replica", default=False)
_replica_failed: ContextVar[bool] = ContextVar("replica_failed", default=False)
# Per process: until when the replica is left alone after a failure (time.monotonic()).
_down_until = 0.0


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_down() -> bool:
    return time.monotonic() < _down_until


def replica_mark_down(reason: BaseException) -> None:
    global _down_until
    if not replica_down():
        # The reason's class only: a connection error names the host.
        logger.warning("Replica unreachable (%s); reading from the primary", type(reason).__name__)
    _down_until = time.monotonic() + REPLICA_RETRY_SECONDS


def read_alias() -> str:
    """The database this request's reads go to now."""
    if (
        _use_replica.get()
        and not replica_down()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    ):
        return REPLICA
    return DEFAULT_DB_ALIAS


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside it go where a page's go: to the replica when one is configured and
    reachable. For work outside a request that fills what pages read: the dashboard's cache
    keys name the server their data version was read on (dashboard/cache.py)."""
    if not _replica_usable():
        yield
        return
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


def read_connection() -> Any:
    """The connection for a read in raw SQL (the ORM's reads go through ReplicaRouter)."""
    return connections[read_alias()]


class ReplicaRouter:
    """Django's database router: reads as read_alias() says, writes and migrations on the
    primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        if model._meta.app_label in PRIMARY_APPS:
            return DEFAULT_DB_ALIAS
        return read_alias()

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def _marks_failure(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    try:
        return execute(sql, params, many, context)
    except DatabaseError as error:
        raw = context["connection"].connection
        if raw is not None and not raw.closed:
            raise  # an error of the query, not of the replica
        replica_mark_down(error)
        _replica_failed.set(True)
        raise


def _watch_replica(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.alias == REPLICA and _marks_failure not in connection.execute_wrappers:
        connection.execute_wrappers.append(_marks_failure)


connection_created.connect(_watch_replica, dispatch_uid="kantorentop.replica.watch")


def _key_marker(request: HttpRequest) -> str | None:
    """The cache key that marks an API key's recent write (None without one)."""
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    if not authorization:
        return None
    return "read-primary:" + hashlib.sha256(authorization.encode()).hexdigest()


def _replica_usable() -> bool:
    """A replica is configured, not left alone after a failure, and answers now."""
    return replica_configured() and not replica_down() and _replica_reachable()


def _replica_reachable() -> bool:
    replica = connections[REPLICA]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError as error:
        replica_mark_down(error)
        return False
    return True


class ReplicaMiddleware:
    """Sends a request's reads to the replica when it may (see the module docstring). Place it
    before anything that reads the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            self._mark_writer(request, response)
            return response
        if self._wrote_lately(request) or not _replica_usable():
            return self.get_response(request)
        use_token, failed_token = _use_replica.set(True), _replica_failed.set(False)
        try:
            response = self.get_response(request)
            if _replica_failed.get():
                # The replica went away halfway: the read again, from the primary.
                _use_replica.set(False)
                response = self.get_response(request)
        finally:
            _use_replica.reset(use_token)
            _replica_failed.reset(failed_token)
        return response

    @staticmethod
    def _wrote_lately(request: HttpRequest) -> bool:
        if COOKIE in request.COOKIES:
            return True
        key = _key_marker(request)
        return key is not None and cache.get(key) is not None

    @staticmethod
    def _mark_writer(request: HttpRequest, response: HttpResponse) -> None:
        seconds = settings.DATABASE_REPLICA_READ_YOUR_WRITES_SECONDS
        response.set_cookie(
            COOKIE,
            "1",
            max_age=seconds,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        key = _key_marker(request)
        if key is not None:
            cache.set(key, 1, timeout=seconds)
