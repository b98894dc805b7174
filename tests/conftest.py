"""Shared fixtures. Tests run on PostgreSQL (DATABASE_URL or the embedded server).

Celery tasks run in-process during tests, also when REDIS_URL is set, so a test sees the effect of
the task it enqueued; the one test that starts a real worker switches this off for itself.
"""

import copy
import uuid
from pathlib import Path

import pytest

from config.celery import app as celery_app

# The workflow tests' actors (`world`, `building_a`), which the tests of several apps use.
pytest_plugins = ["tests.actors"]

TESTS = Path(__file__).resolve().parent
# Folders whose every test is slow (`make check` leaves them to `make test`): a browser, injected
# faults, benchmarks, the demo dataset.
SLOW_FOLDERS = {"e2e", "faults", "bench", "demo"}
# Modules slow as a whole: the API fuzzed (schemathesis), the flag rule against its reference
# (hypothesis), bandit, mypy and pip-audit, the permission matrix (every test builds plans,
# funds and Leegstandwet cases with their PDFs), and the operations tests of the wiring and the
# ground (a real Celery worker or HTTP server, the deployment's tools, the process's health).
SLOW_MODULES = {
    "accounts/test_permission_matrix.py",
    "api/test_schemathesis.py",
    "buildings/test_rule_property.py",
    "checks/test_code_checks.py",
    "config/test_celery_worker.py",
    "config/test_deployment.py",
    "config/test_devdb.py",
    "config/test_gunicorn.py",
    "config/test_make_run.py",
    "config/test_operations_doc.py",
    "config/test_tracing.py",
    "config/test_tracing_config.py",
    "config/test_tracing_processes.py",
    "core/test_health.py",
    "core/test_heartbeat.py",
    "core/test_logging.py",
    "core/test_metrics.py",
    "core/test_metrics_library.py",
    "core/test_probes.py",
}


def _slow_path(path: Path) -> bool:
    relative = path.resolve().relative_to(TESTS)
    return relative.parts[0] in SLOW_FOLDERS or relative.as_posix() in SLOW_MODULES


def _transactional(item: pytest.Item) -> bool:
    """A test on committed data: its end empties the database and the next one restores the
    migrations' data (seconds each), and it may not share a reused database's state."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    fixtures = getattr(item, "fixturenames", ())
    return bool({"transactional_db", "live_server"} & set(fixtures))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark as `slow` what the fast loop skips: the slow folders, transactional tests and tests
    with a real Celery worker; modules mark their own slow tests with `pytest.mark.slow`."""
    for item in items:
        if (
            _slow_path(item.path)
            or _transactional(item)
            or item.get_closest_marker("celery_worker")
        ):
            item.add_marker(pytest.mark.slow)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """With `-m "not slow"` (`make check`) the slow folders and modules are not even imported
    (Playwright, schemathesis's schema, the checks' tools): collecting them would cost the fast
    loop seconds for tests it deselects."""
    path = collection_path.resolve()
    if config.getoption("markexpr", "") != "not slow" or path == TESTS:
        return None
    return True if path.is_relative_to(TESTS) and _slow_path(path) else None


@pytest.fixture(scope="session", autouse=True)
def _migrations_data_kept_for_a_reused_database(django_db_setup, django_db_blocker):
    """A transactional test empties the database at its end; the next test restores the
    migrations' data, but after the session's last one nothing would, and a run with
    `--reuse-db` (`make check`) would start without municipalities. Restore it once at the end.
    """
    yield
    from django.db import connections

    from regions.models import Municipality

    with django_db_blocker.unblock():
        for alias in connections:
            connection = connections[alias]
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents and not Municipality.objects.using(alias).exists():
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Passwords hashed in tests with a fast hasher first (Django's advice for test speed): the
    production hasher takes most of a second per user, and the fixtures make users by the
    hundred. Stored hashes of the production hashers still verify; bench/sessions measures the
    login against the production hasher itself.
    """
    from django.conf import settings
    from django.test import override_settings

    fast = "django.contrib.auth.hashers.MD5PasswordHasher"
    with override_settings(PASSWORD_HASHERS=[fast, *settings.PASSWORD_HASHERS]):
        yield


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


@pytest.fixture(autouse=True)
def _nothing_kept_by_other_tests():
    """The API and the area pages keep what they built under the data version
    (kantorentop.core.kept). A test's events roll back with it, so the next test can meet the
    same version over other rows (a province of a factory under another id): start each test
    with nothing kept."""
    from kantorentop.core.kept import kept_objects

    kept_objects.clear()
