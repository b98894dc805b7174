"""A real Celery worker, on Redis, runs the flag job end to end against the test database."""

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.db import connection

from buildings.models import FlagRun, StructuralVacancyFlag
from kantorentop.accounts.models import Notification
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def _database_url_of_test_database() -> str:
    settings = connection.settings_dict
    options = settings.get("OPTIONS", {})
    if options.get("host"):  # the embedded server listens on a Unix socket
        return (
            f"postgres://{settings['USER']}@/{settings['NAME']}"
            f"?host={options['host']}&port={options.get('port', 5432)}"
        )
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}"
        f"/{settings['NAME']}"
    )


def _require_redis() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL}: start redis-server to run the worker test")


@pytest.mark.slow
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_worker_runs_the_flag_job_once_with_notifications():
    _require_redis()
    owner = OrganisationFactory(kind="investor")
    MembershipFactory(user=UserFactory(username="eigenaar"), organisation=owner, role="investor")
    building = BuildingFactory(owner=owner, lettable_floor_area_m2=8000)
    for observed_on in (datetime.date(2011, 3, 31), datetime.date(2013, 3, 31)):
        VacancyRecordFactory(building=building, observed_on=observed_on, vacant_area_m2=7000)

    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url_of_test_database(),
        "REDIS_URL": REDIS_URL,
        "DJANGO_DEBUG": "1",
        "EMAIL_URL": "consolemail://",
    }
    worker = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            f"{queue},notifications",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sender = Celery(broker=REDIS_URL)
    try:
        # Sent twice: the job is idempotent for a date, so the second run changes nothing.
        for _ in range(2):
            sender.send_task(
                "buildings.tasks.structural_vacancy_flags_daily", args=["2014-04-01"], queue=queue
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            run = FlagRun.objects.filter(as_of=datetime.date(2014, 4, 1)).first()
            if run is not None and run.finished_at and Notification.objects.exists():
                break
            if worker.poll() is not None:
                pytest.fail(f"the worker stopped:\n{worker.stdout.read()}")
            time.sleep(0.5)
        else:
            pytest.fail("the worker did not finish the flag job within 90 seconds")
        time.sleep(2)  # let the second message be handled too
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
        sender.close()

    flags = list(StructuralVacancyFlag.objects.filter(building=building))
    assert len(flags) == 1, output
    assert flags[0].status == "open"
    assert flags[0].vacant_since == datetime.date(2011, 3, 31)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["eigenaar"]
