"""The pieces the fault tests rely on, each in isolation (fast, no processes of their own)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import RequestFactory
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from buildings.models import FlagRun, ImportJob
from buildings.services.flags import FLAG_JOB_LOCK_KEY
from buildings.services.recovery import (
    FLAG_JOB_ENTRY,
    IMPORT_JOB_LOCK,
    REMINDERS_ENTRY,
    beat_entry_latest_due,
    flag_job_catch_up,
    import_jobs_requeue_stale,
)
from config.celery import app as celery_app
from kantorentop.accounts.models import Notification
from kantorentop.accounts.services import notifications_email_pending
from kantorentop.core.api.views import handler500
from kantorentop.core.cache import ResilientRedisCache
from tests.accounts.factories import UserFactory
from tests.faults.servers import free_port

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=AMSTERDAM)


@pytest.mark.parametrize(
    ("entry", "now", "due"),
    [
        (FLAG_JOB_ENTRY, _at(2026, 3, 4, 1, 59), _at(2026, 3, 3, 2, 0)),
        (FLAG_JOB_ENTRY, _at(2026, 3, 4, 2, 0), _at(2026, 3, 4, 2, 0)),
        (FLAG_JOB_ENTRY, _at(2026, 3, 29, 12, 0), _at(2026, 3, 29, 2, 0)),  # clocks go forward
        # Mondays at 07:00: a Sunday looks back six days, a Monday morning a week.
        (REMINDERS_ENTRY, _at(2026, 3, 8, 12, 0), _at(2026, 3, 2, 7, 0)),
        (REMINDERS_ENTRY, _at(2026, 3, 9, 6, 59), _at(2026, 3, 2, 7, 0)),
        (REMINDERS_ENTRY, _at(2026, 3, 9, 7, 1), _at(2026, 3, 9, 7, 0)),
    ],
)
def test_latest_due_moment_of_a_beat_entry(entry, now, due):
    assert beat_entry_latest_due(entry, now=now.astimezone(datetime.UTC)) == due


@pytest.mark.django_db
def test_flag_job_catch_up_runs_only_what_is_due_and_not_paused(django_capture_on_commit_callbacks):
    now = _at(2026, 3, 4, 9, 0)
    FlagRun.objects.create(as_of=datetime.date(2026, 3, 3))
    summary = flag_job_catch_up(now=now)
    assert summary is not None and summary.as_of == datetime.date(2026, 3, 4)
    assert flag_job_catch_up(now=now) is None  # ran for that date already

    PeriodicTask.objects.create(
        name=FLAG_JOB_ENTRY,
        task="buildings.tasks.structural_vacancy_flags_daily",
        crontab=CrontabSchedule.objects.create(hour="2", minute="0"),
        enabled=False,
    )
    assert flag_job_catch_up(now=now + datetime.timedelta(days=1)) is None  # paused in the admin


def _other_session():  # type: ignore[no-untyped-def]
    return connections.create_connection(DEFAULT_DB_ALIAS)


@pytest.mark.django_db
def test_flag_job_catch_up_leaves_a_running_flag_job_alone():
    other = _other_session()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [FLAG_JOB_LOCK_KEY])
        assert flag_job_catch_up(now=timezone.now()) is None
        assert not FlagRun.objects.exists()
    finally:
        other.close()


@pytest.mark.django_db
def test_stale_import_jobs_are_requeued_unless_a_worker_holds_them(
    django_capture_on_commit_callbacks,
):
    now = timezone.now()
    stale = ImportJob.objects.create(status="running", file="imports/x.csv")
    ImportJob.objects.create(status="pending", file="imports/y.csv")  # fresh
    held = ImportJob.objects.create(status="running", file="imports/z.csv")
    done = ImportJob.objects.create(status="succeeded", file="imports/w.csv")
    ImportJob.objects.filter(pk__in=[stale.pk, held.pk, done.pk]).update(
        updated_at=now - datetime.timedelta(minutes=11)
    )
    other = _other_session()
    try:
        with other.cursor() as cursor:  # a worker runs it
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [IMPORT_JOB_LOCK, held.pk])
        with django_capture_on_commit_callbacks() as enqueued:
            assert import_jobs_requeue_stale(now=now) == [stale.pk]
            # Touched: the next catch-up leaves it to this message for ten minutes.
            assert import_jobs_requeue_stale(now=now) == []
    finally:
        other.close()
    assert len(enqueued) == 1


@pytest.mark.django_db
def test_the_sweep_emails_each_pending_notification_once():
    user, without_email = UserFactory(), UserFactory(email="")
    now = timezone.now()
    for recipient, key in ((user, "a"), (user, "b"), (without_email, "c"), (user, "old")):
        Notification.objects.create(recipient=recipient, kind="flag_created", subject=key,
                                    body="", dedupe_key=key)  # fmt: skip
    Notification.objects.filter(dedupe_key="old").update(
        created_at=now - datetime.timedelta(days=8)
    )
    Notification.objects.filter(dedupe_key="b").update(emailed_at=now)
    assert notifications_email_pending() == 1
    assert notifications_email_pending() == 0
    assert [message.subject for message in mail.outbox] == ["a"]


def test_a_failed_send_of_a_recoverable_task_is_logged_not_raised(caplog):
    from kantorentop.accounts.tasks import notifications_email

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with celery_app.connection_for_write(f"redis://127.0.0.1:{free_port()}/0") as down:
            assert notifications_email.apply_async(([1],), connection=down) is None
    finally:
        celery_app.conf.task_always_eager = previous
    assert "Broker unreachable" in caplog.text


def test_the_cache_misses_while_redis_is_down():
    cache = ResilientRedisCache(f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {}})
    ResilientRedisCache._down_until = 0.0
    assert cache.get("key", "missing") == "missing"
    assert cache.set("key", 1) is None
    assert cache.get_many(["key"]) == {}
    with pytest.raises(ValueError):
        cache.incr("key")
    ResilientRedisCache._down_until = 0.0


def test_database_errors_are_503_pages():
    from django.db import OperationalError

    request = RequestFactory().get("/gebouwen")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = handler500(request)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert b"Traceback" not in response.content
    api_request = RequestFactory().get("/api/v1/buildings")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = handler500(api_request)
    assert response.status_code == 503 and response["Content-Type"] == "application/problem+json"
