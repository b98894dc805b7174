"""Shared fixtures. Tests run on PostgreSQL (DATABASE_URL or the embedded server).

Celery tasks run in-process during tests, also when REDIS_URL is set, so a test sees the effect of
the task it enqueued; the one test that starts a real worker switches this off for itself.
"""

import copy
import uuid

import pytest

from config.celery import app as celery_app


@pytest.fixture(autouse=True)
def _celery_in_process():
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(scope="session", autouse=True)
def _serialized_contents_on_every_connection(django_db_setup):
    """Let `serialized_rollback` find the migrations' data on every connection object.

    setup_databases stores the serialized data on the connection objects of that moment. Once an
    event loop has run in this thread (Playwright, an async client), Django keeps connections per
    context and a test can get a new connection object without it; a transactional test's flush
    then re-creates the content types under new ids and the next test's restore fails on them.
    A class attribute reaches every connection object of the test database.
    """
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents


@pytest.fixture(autouse=True)
def _cache_keys_of_this_test(settings):
    """Each test has cache keys of its own. With REDIS_URL the cache is a Redis that outlives the
    test database: a rolled-back test, or an earlier run on a re-created database, can leave an
    entry under the same data version (dashboard.cache) that another test would read.
    """
    caches = copy.deepcopy(settings.CACHES)
    for config in caches.values():
        config["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches
