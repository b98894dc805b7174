"""The heartbeats of the Celery worker and of beat (kantorentop/core/heartbeat.py checks them).

The worker's file is touched by a timer of the worker's own event loop, the one that takes
messages from the broker, so a worker whose loop hangs stops touching it. (With the solo pool a
task runs in that loop: its probe's --max-age must then be longer than the longest task; the
prefork pool, the default, runs tasks in child processes.) Beat's file: kantorentop/core/beat.py.
"""

from __future__ import annotations

from typing import Any

from celery import bootsteps

from kantorentop.core.heartbeat import (
    INTERVAL_SECONDS,
    heartbeat_remove,
    heartbeat_touch,
)


class WorkerHeartbeat(bootsteps.StartStopStep):  # type: ignore[misc]  # celery ships no types
    """A worker boot step: touches the worker's file now and every INTERVAL_SECONDS; removes it
    when the worker stops."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker: Any, **kwargs: Any) -> None:
        super().__init__(worker, **kwargs)
        self.timer_entry: Any = None

    def start(self, worker: Any) -> None:
        heartbeat_touch("worker")
        self.timer_entry = worker.timer.call_repeatedly(
            INTERVAL_SECONDS, heartbeat_touch, ("worker",), priority=10
        )

    def stop(self, worker: Any) -> None:
        if self.timer_entry is not None:
            self.timer_entry.cancel()
        heartbeat_remove("worker")
