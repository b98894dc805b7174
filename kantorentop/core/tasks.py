"""The base of tasks whose lost messages a sweep recovers; here, below the domain apps that
define such tasks, so they need not import the Celery app's wiring (config.celery)."""

import logging
from typing import Any

from celery import Task
from kombu.exceptions import OperationalError

logger = logging.getLogger("config.celery")


class RecoverableTask(Task):  # type: ignore[misc]  # celery ships no types
    """A task whose pending work PostgreSQL records, so that a periodic sweep finds it again
    (docs/adr/0007-fault-recovery.md).

    When the broker cannot take the message (Redis down), the send is logged and not raised: the
    request or job that enqueued it has committed its rows and carries on, and the sweep delivers
    the work once Redis is back. Use it only for tasks that such a sweep covers.
    """

    def apply_async(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().apply_async(*args, **kwargs)
        except OperationalError:
            if self.app.conf.task_always_eager:
                raise
            logger.warning("Broker unreachable: %s not sent; the sweep will catch up", self.name)
            return None
