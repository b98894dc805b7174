"""Fault: Redis is down for a while.

The portal (gunicorn) and a worker use a Redis of the test's own as broker and cache. While it is
down, pages and the API answer, a plan is submitted (the officer is to be notified), an import is
uploaded (a background job) and beat's send of the flag job fails. Redis comes back empty, as a
Redis without its append-only file does, and beat's sweeps run: every notification is e-mailed
once, the import job runs once, the flag job runs for its date once, and sweeping again changes
nothing.
"""

import datetime
import time

import pytest
import requests
from django.contrib.auth import get_user_model
from django.utils import timezone
from kombu.exceptions import OperationalError

from buildings.choices import ImportJobStatus
from buildings.models import FlagRun, ImportJob, StructuralVacancyFlag, VacancyRecord
from buildings.services.plans import plan_create
from buildings.services.recovery import FLAG_JOB_ENTRY, beat_entry_latest_due
from kantorentop.accounts.models import Notification
from tests.faults.servers import (
    database_url_of_test_database,
    process_env,
    start_portal,
    start_worker,
    wait_for,
)
from tests.faults.world import (
    cookie_header,
    portal_cookies,
    secret_key,
    sent_mail_recipients,
    world_create,
)

pytestmark = [pytest.mark.slow, pytest.mark.celery_worker]

CATCH_UP = "buildings.tasks.scheduled_jobs_catch_up_task"
EMAIL_SWEEP = "kantorentop.accounts.tasks.notifications_email_pending_sweep"


def _answers(response: requests.Response, status: int = 200) -> requests.Response:
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert "Traceback" not in response.text
    # The cache leaves Redis alone for a few seconds after a failure and a send gives up within
    # a second: no request waits long on Redis (the margin is for a busy machine).
    assert response.elapsed < datetime.timedelta(seconds=5), response.elapsed
    return response


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_redis_down_pages_answer_and_nothing_is_lost_or_doubled(tmp_path, redis_server, sender):
    world = world_create(flagged=1)
    users = get_user_model().objects
    owner, officer = users.get(pk=world.owner_user_id), users.get(pk=world.officer_user_id)
    plan = plan_create(user=owner, building=world.other_building, kind="demolition")
    owner_cookies = cookie_header(portal_cookies(owner))
    officer_cookies = cookie_header(portal_cookies(officer))
    api = {"Authorization": f"Token {world.api_key}"}
    mail_dir = tmp_path / "mail"
    env = process_env(
        database_url=database_url_of_test_database(),
        redis_url=redis_server.url(),
        DJANGO_SECRET_KEY=secret_key(),
        # Four slashes: django-environ drops the first of an absolute path.
        EMAIL_URL=f"filemail:///{mail_dir}",
    )
    worker = start_worker(env, tmp_path, name="redis-down", queues="celery,imports,notifications")
    try:
        portal, base = start_portal(env, tmp_path)
    except BaseException:
        worker.stop()
        raise
    try:
        wait_for(lambda: "ready" in worker.output(), timeout=60, message="worker not ready")
        _answers(requests.get(f"{base}/api/v1/provinces", timeout=10))

        # --- Redis goes down ---------------------------------------------------------------
        redis_server.kill()

        _answers(requests.get(f"{base}/", timeout=10))
        _answers(requests.get(f"{base}/api/v1/provinces", timeout=10))
        _answers(requests.get(f"{base}/api/v1/buildings", headers=api, timeout=10))
        _answers(requests.get(f"{base}/gebouwen", headers=officer_cookies, timeout=10))
        health = requests.get(f"{base}/health", timeout=10)
        assert health.status_code == 503 and health.json()["checks"]["redis"]["status"] == "error"

        # A write that notifies: the owner submits the plan; the officer is to be e-mailed.
        submitted = _answers(
            requests.post(
                f"{base}/api/v1/transformation-plans/{plan.pk}/_submit",
                headers=owner_cookies,
                timeout=10,
            )
        )
        assert submitted.json()["status"] == "submitted"
        # A write that enqueues a job: the officer uploads vacancy records.
        csv = "bagId,observedOn,vacantAreaM2,source\n"
        csv += f"{world.other_building.bag_id},2024-03-31,600,survey\n"
        uploaded = _answers(
            requests.post(
                f"{base}/importeren",
                headers=officer_cookies,
                data={"csrfmiddlewaretoken": officer_cookies["X-CSRFToken"]},
                files={"file": ("records.csv", csv.encode(), "text/csv")},
                allow_redirects=False,
                timeout=10,
            ),
            status=302,
        )
        job = ImportJob.objects.get()
        assert uploaded.headers["Location"].endswith(f"/importeren/{job.pk}")
        # Beat's send of the flag job at its hour fails, and beat moves on to the next day.
        with pytest.raises(OperationalError):
            sender.send_task("buildings.tasks.structural_vacancy_flags_daily", queue="celery")

        assert Notification.objects.filter(emailed_at__isnull=True).count() == 1
        assert ImportJob.objects.get().status == ImportJobStatus.PENDING
        assert not FlagRun.objects.exists()
        time.sleep(2)  # the worker keeps trying to reconnect meanwhile
        assert worker.alive(), worker.output()

        # --- Redis is back, empty ----------------------------------------------------------
        redis_server.start()
        # Ten minutes later, as the catch-up sees it: the job was left waiting that long.
        ImportJob.objects.update(updated_at=timezone.now() - datetime.timedelta(minutes=11))
        sender.send_task(CATCH_UP, queue="celery")

        def caught_up() -> bool:
            return (
                FlagRun.objects.exists()
                and ImportJob.objects.get().status == ImportJobStatus.SUCCEEDED
                and Notification.objects.count() == 3
            )

        wait_for(caught_up, timeout=120, message=f"no catch-up:\n{worker.output()[-3000:]}")
        sender.send_task(EMAIL_SWEEP, queue="notifications")
        wait_for(
            lambda: not Notification.objects.filter(emailed_at__isnull=True).exists(),
            timeout=60,
            message=f"notifications not e-mailed:\n{worker.output()[-3000:]}",
        )
        # Beat keeps sweeping: nothing happens twice.
        for _ in range(2):
            sender.send_task(CATCH_UP, queue="celery")
            sender.send_task(EMAIL_SWEEP, queue="notifications")
        time.sleep(5)
        _answers(requests.get(f"{base}/api/v1/provinces", timeout=10))
    finally:
        worker.stop()
        portal.stop()

    due = beat_entry_latest_due(FLAG_JOB_ENTRY, now=timezone.now()).date()
    assert list(FlagRun.objects.values_list("as_of", "created")) == [(due, 1)]
    flags = StructuralVacancyFlag.objects.all()
    assert [f.building_id for f in flags] == world.flagged_building_ids
    assert VacancyRecord.objects.filter(building=world.other_building).count() == 1
    notifications = sorted(
        (n.recipient.username, n.kind, n.emailed_at is not None)
        for n in Notification.objects.select_related("recipient")
    )
    assert notifications == [
        ("ambtenaar", "flag_created", True),
        ("ambtenaar", "plan_submitted", True),
        ("eigenaar", "flag_created", True),
    ]
    assert sent_mail_recipients(mail_dir) == [
        "ambtenaar@example.nl",
        "ambtenaar@example.nl",
        "eigenaar@example.nl",
    ]
    assert "Traceback" not in portal.output()
