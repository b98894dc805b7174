"""The Celery app. Without REDIS_URL tasks run in-process (eagerly), see settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("kantorentop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The worker's liveness file (docs/operations.md, "Health probes").
from kantorentop.core.celery_liveness import WorkerHeartbeat  # noqa: E402

app.steps["worker"].add(WorkerHeartbeat)
