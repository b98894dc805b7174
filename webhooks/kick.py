"""After a commit that changed what the feed publishes, dispatch webhooks at once instead of
waiting for the beat's sweep.

The events are written by triggers, whoever writes, so no service call marks the moment. A
wrapper on the database connections notes a write statement on a table with event triggers
(or the end of a bulk change) and registers one dispatch per transaction with on_commit. It
reads the SQL text only; a write it misses (psql, a raw COPY) is dispatched by the sweep.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import ProgrammingError, transaction
from django.db.backends.signals import connection_created

# The tables whose triggers write published events (events/migrations/0002,
# vacancy_law/migrations/0003); and the call that
# closes a bulk change. (A table whose name starts with one of these kicks too, harmlessly.)
_TABLES = (
    "buildings_building",
    "buildings_vacancyrecord",
    "buildings_structuralvacancyflag",
    "buildings_transformationplan",
    "vacancy_law_vacancycase",
    "vacancy_law_vacancyreport",
    "vacancy_law_recorddispute",
    "vacancy_law_vacancyordinance",
)
_BULK_END = "events_bulk_end("
_WRITES = ("INSERT", "UPDATE")
# Kicks within this many seconds share one dispatch, sent that much later (with Redis).
DEBOUNCE_SECONDS = 1


def _dispatch_soon() -> None:
    from webhooks.models import Subscription
    from webhooks.tasks import webhooks_dispatch

    try:
        if not Subscription.objects.filter(status="active").exists():
            return
    except ProgrammingError:
        return  # a write during the migrations, before the subscriptions' table exists

    if settings.CELERY_TASK_ALWAYS_EAGER:
        webhooks_dispatch.delay()  # in-process, now
    elif cache.add("webhooks:dispatch-kick", 1, timeout=DEBOUNCE_SECONDS):
        webhooks_dispatch.apply_async(countdown=DEBOUNCE_SECONDS)


def _pending(connection: Any) -> bool:
    return any(func is _dispatch_soon for _ids, func, _robust in connection.run_on_commit)


def _publishes(sql: str) -> bool:
    head = sql.lstrip()[:6].upper()
    if head in _WRITES:
        return any(table in sql for table in _TABLES)
    if head.startswith("WITH"):  # a set-based writer's CTE (the flag job)
        upper = sql.upper()
        return ("INSERT INTO" in upper or "UPDATE " in upper) and any(t in sql for t in _TABLES)
    return _BULK_END in sql


def _wrapper(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    if _publishes(sql):
        connection = context["connection"]
        if not _pending(connection):
            transaction.on_commit(_dispatch_soon, using=connection.alias, robust=True)
    return result


def _install_on(sender: Any, connection: Any, **kwargs: Any) -> None:
    # First in the list, never last: a connection can open inside another wrapper's
    # `execute_wrapper()` block (pghistory's context), which pops the last entry when it ends.
    if _wrapper not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _wrapper)


def install() -> None:
    """Wrap every database connection (AppConfig.ready)."""
    connection_created.connect(_install_on, dispatch_uid="webhooks-kick")
