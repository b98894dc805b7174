"""The liveness of a real Celery worker and of beat: each touches its file while it runs, the
check (python -m kantorentop.core.heartbeat) passes while the file is fresh and fails when it is
old or gone."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
import redis
from django.conf import settings

from kantorentop.core.heartbeat import heartbeat_age, heartbeat_path, main
from tests.faults.servers import Process, database_url_of_test_database, wait_for

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def _redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def _check(kind: str, directory, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kantorentop.core.heartbeat", kind, *extra],
        cwd=settings.BASE_DIR,
        env={**os.environ, "KANTORENTOP_HEARTBEAT_DIR": str(directory)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_check_passes_on_a_fresh_file_only(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KANTORENTOP_HEARTBEAT_DIR", str(tmp_path))
    assert main(["worker"]) == 1  # no file: never started, or stopped
    heartbeat_path("worker").touch()
    assert main(["worker", "--max-age", "30"]) == 0
    old = time.time() - 120
    os.utime(heartbeat_path("worker"), (old, old))
    assert main(["worker", "--max-age", "60"]) == 1
    assert "hung" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.skipif(not _redis_available(), reason="no Redis on 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_and_beat_touch_their_files_while_they_run(tmp_path, monkeypatch):
    monkeypatch.setenv("KANTORENTOP_HEARTBEAT_DIR", str(tmp_path))
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url_of_test_database(),
        "REDIS_URL": REDIS_TEST_URL,
        "KANTORENTOP_HEARTBEAT_DIR": str(tmp_path),
        "KANTORENTOP_HEARTBEAT_SECONDS": "1",
    }
    celery = [sys.executable, "-m", "celery", "-A", "config"]
    worker = Process(
        "worker",
        [*celery, "worker", "--pool=solo", "-Q", "heartbeat-test", "-n", "heartbeat@%h",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env,
        tmp_path,
    )  # fmt: skip
    beat = Process(
        "beat", [*celery, "beat", "--schedule", str(tmp_path / "beat-schedule")], env, tmp_path
    )
    try:
        for kind, process in (("worker", worker), ("beat", beat)):
            wait_for(
                lambda kind=kind: heartbeat_age(kind) is not None,
                timeout=90,
                message=f"no {kind} heartbeat:\n{process.output()[-2000:]}",
            )
        first = heartbeat_path("worker").stat().st_mtime
        # Touched again and again, not once at start.
        wait_for(
            lambda: heartbeat_path("worker").stat().st_mtime > first,
            timeout=30,
            message="the worker's heartbeat was not renewed",
        )
        assert _check("worker", tmp_path, "--max-age", "30").returncode == 0
        assert _check("beat", tmp_path, "--max-age", "30").returncode == 0
    finally:
        worker.stop()
        beat.stop()
    # A worker that stops removes its file: the check fails at once.
    assert _check("worker", tmp_path).returncode == 1
