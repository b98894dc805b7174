"""Beat's scheduler: django-celery-beat's (the schedule in the database), touching beat's
liveness file (kantorentop/core/heartbeat.py) on every tick, at least every five seconds. Apart
from the worker's boot step, which the Celery app loads before Django's models are ready."""

from __future__ import annotations

from typing import Any

from django_celery_beat.schedulers import DatabaseScheduler

from kantorentop.core.heartbeat import heartbeat_remove, heartbeat_touch


class HeartbeatScheduler(DatabaseScheduler):  # type: ignore[misc]
    """django-celery-beat's scheduler (the schedule in the database), touching beat's file on
    every tick."""

    def tick(self, *args: Any, **kwargs: Any) -> Any:
        heartbeat_touch("beat")
        return super().tick(*args, **kwargs)

    def close(self) -> None:
        heartbeat_remove("beat")
        super().close()
