"""docs/operations.md names every fault test, and docs/celery.md every beat entry."""

from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_every_fault_test_is_in_the_operations_guide():
    guide = (ROOT / "docs" / "operations.md").read_text()
    section = guide.split("## Faults", 1)[1].split("\n## ", 1)[0]
    fault_tests = {
        path.name
        for path in (ROOT / "tests" / "faults").glob("test_*.py")
        if path.name not in {"test_docs.py", "test_recovery.py"}
    }
    assert fault_tests == {"test_redis_down.py", "test_worker_killed.py",
                           "test_postgres_restart.py", "test_import_interrupted.py",
                           "test_webhook_worker_killed.py"}  # fmt: skip
    for name in fault_tests:
        assert f"`{name}`" in section, name


def test_every_beat_entry_is_described():
    celery_doc = (ROOT / "docs" / "celery.md").read_text()
    for entry in settings.CELERY_BEAT_SCHEDULE:
        if entry.endswith(("-daily", "-weekly")):
            continue  # described by their times
        assert f"`{entry}`" in celery_doc, entry
