"""Shared fixtures. Tests run on PostgreSQL (DATABASE_URL or the embedded server).

Celery tasks run in-process during tests, also when REDIS_URL is set, so a test sees the effect of
the task it enqueued; the one test that starts a real worker switches this off for itself.
"""

import pytest

from kantorentop.celery import app as celery_app


@pytest.fixture(autouse=True)
def _celery_in_process():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
