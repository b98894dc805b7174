"""The Celery app. Without REDIS_URL tasks run in-process (eagerly), see settings."""

import os
from typing import Any

from celery import Celery
from celery.signals import setup_logging, worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("kantorentop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect(weak=False)
def _log_through_django_settings(**_: Any) -> None:
    """A receiver here tells Celery to leave logging alone: without it the worker gives its task
    and multiprocessing loggers stderr handlers of its own, which do not redact secrets
    (settings.LOGGING's handler does)."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


# The worker's liveness file (docs/operations.md, "Health probes").
from kantorentop.core.celery_liveness import WorkerHeartbeat  # noqa: E402

app.steps["worker"].add(WorkerHeartbeat)


@worker_process_init.connect(weak=False)
def _trace_each_pool_process(**_: Any) -> None:
    """Tracing (off unless OTEL_* asks for it) starts in each pool process after the fork: the
    batch span processor's thread and the database connections do not cross a fork."""
    from config.telemetry import start_tracing

    start_tracing()


@worker_init.connect(weak=False)
def _trace_a_worker_without_pool_processes(sender: Any = None, **_: Any) -> None:
    """A solo or threads pool runs tasks in the worker's own process, which no pool process
    init reaches."""
    pool = getattr(sender, "pool_cls", "")
    name = pool if isinstance(pool, str) else getattr(pool, "__module__", "")
    if name.rsplit(".", 1)[-1] != "prefork":
        from config.telemetry import start_tracing

        start_tracing()
