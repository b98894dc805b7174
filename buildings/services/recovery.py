"""Catching up after a broker or worker fault (docs/adr/0007-fault-recovery.md).

Beat sends each scheduled job once; when Redis is down at that moment the message is lost, and a
worker killed halfway leaves its job undone. PostgreSQL knows what should have happened: a flag
run per date, a reminder mark per flag, an import job's status. `scheduled_jobs_catch_up` runs
every ten minutes and does what is due and not done; every step is idempotent, so a catch-up that
meets the regular run changes nothing.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from celery.schedules import crontab
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from buildings.choices import ImportJobStatus
from buildings.models import FlagRun, ImportJob, RegisterImport
from buildings.services.flag_notifications import flag_reminders_send
from buildings.services.flags import (
    AMSTERDAM,
    FLAG_JOB_LOCK_KEY,
    FlagRunSummary,
    structural_vacancy_flags_update,
)
from kantorentop.core.locks import job_lock_held

logger = logging.getLogger(__name__)

FLAG_JOB_ENTRY = "structural-vacancy-flags-daily"
REMINDERS_ENTRY = "flag-reminders-weekly"
# Namespace of the advisory locks that keep one worker per import job (kantorentop.core.locks).
IMPORT_JOB_LOCK = 7_301
# ... and per register import (BAG, EP-Online).
REGISTER_IMPORT_LOCK = 7_302
# An import job untouched this long while waiting or running has lost its message or its worker
# (a running import writes its progress more often). Older than a day, it is left alone.
IMPORT_JOB_STALE_AFTER = datetime.timedelta(minutes=10)
IMPORT_JOB_GIVE_UP_AFTER = datetime.timedelta(days=1)


@dataclass(frozen=True)
class CatchUpSummary:
    """What one catch-up did."""

    flag_run: FlagRunSummary | None = None
    reminders: int = 0
    requeued_import_jobs: list[int] = field(default_factory=list)
    requeued_register_imports: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        flags = f"flag job: {self.flag_run}" if self.flag_run else "flag job: nothing due"
        return (
            f"{flags}; reminders: {self.reminders}; "
            f"import jobs requeued: {len(self.requeued_import_jobs)}; "
            f"register imports requeued: {len(self.requeued_register_imports)}"
        )


def beat_entry_latest_due(entry: str, *, now: datetime.datetime) -> datetime.datetime:
    """The latest moment at or before `now` when the beat entry (a crontab in
    CELERY_BEAT_SCHEDULE, in Europe/Amsterdam) was due."""
    schedule = settings.CELERY_BEAT_SCHEDULE[entry]["schedule"]
    if not isinstance(schedule, crontab):
        raise TypeError(f"{entry} is not a crontab schedule")
    local = now.astimezone(AMSTERDAM)
    # Daily and weekly schedules are due within the last eight days.
    for days_back in range(8):
        day = local.date() - datetime.timedelta(days=days_back)
        if (
            day.isoweekday() % 7 not in schedule.day_of_week
            or day.day not in schedule.day_of_month
            or day.month not in schedule.month_of_year
        ):
            continue
        for hour in sorted(schedule.hour, reverse=True):
            for minute in sorted(schedule.minute, reverse=True):
                due = datetime.datetime.combine(day, datetime.time(hour, minute), AMSTERDAM)
                if due <= local:
                    return due
    raise ValueError(f"{entry} was not due in the last eight days")


def beat_entry_paused(entry: str) -> bool:
    """Whether an administrator paused the entry (django-celery-beat's admin)."""
    from django_celery_beat.models import PeriodicTask

    paused: bool = PeriodicTask.objects.filter(name=entry, enabled=False).exists()
    return paused


@transaction.atomic
def flag_job_catch_up(*, now: datetime.datetime) -> FlagRunSummary | None:
    """Run the flag job for its latest due date unless a run for that date (or later) exists or
    one is running now. Returns the run's summary, or None when nothing was due."""
    if beat_entry_paused(FLAG_JOB_ENTRY):
        return None
    as_of = beat_entry_latest_due(FLAG_JOB_ENTRY, now=now).date()
    with connection.cursor() as cursor:
        # The lock the flag job takes; held by another session, a run is on its way.
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [FLAG_JOB_LOCK_KEY])
        (locked,) = cursor.fetchone()
    if not locked or FlagRun.objects.filter(as_of__gte=as_of).exists():
        return None
    logger.warning("Flag job for %s missed; running it now", as_of)
    return structural_vacancy_flags_update(as_of=as_of)


def flag_reminders_catch_up(*, now: datetime.datetime) -> int:
    """Send the reminders of the latest due date that were not sent (each flag is reminded once,
    so a reminder the regular run sent is not sent again). Returns how many were created."""
    if beat_entry_paused(REMINDERS_ENTRY):
        return 0
    return flag_reminders_send(on=beat_entry_latest_due(REMINDERS_ENTRY, now=now).date())


def _requeue_stale(
    model: type[ImportJob] | type[RegisterImport], task: Any, lock: int, now: datetime.datetime
) -> list[int]:
    """Enqueue again the jobs of `model` that wait or run without a worker; see below."""
    candidates = model.objects.filter(
        status__in=[ImportJobStatus.PENDING, ImportJobStatus.RUNNING],
        updated_at__lt=now - IMPORT_JOB_STALE_AFTER,
        created_at__gte=now - IMPORT_JOB_GIVE_UP_AFTER,
    ).values_list("pk", flat=True)
    requeued = []
    for job_id in candidates:
        if job_lock_held(lock, job_id):
            continue
        # Touched, so the next catch-up leaves it to this message for a while.
        model.objects.filter(pk=job_id).update(updated_at=now)
        transaction.on_commit(partial(task.delay, job_id))
        requeued.append(job_id)
    if requeued:
        logger.warning("%s without a worker enqueued again: %s", model.__name__, requeued)
    return requeued


def import_jobs_requeue_stale(*, now: datetime.datetime) -> list[int]:
    """Enqueue again the import jobs that wait or run without a worker: their message was never
    sent or their worker died. A job whose advisory lock is held is running and is left alone;
    the task skips a finished job, so a message too many changes nothing. Returns their ids."""
    from buildings.tasks import vacancy_records_import_job  # tasks import this module

    return _requeue_stale(ImportJob, vacancy_records_import_job, IMPORT_JOB_LOCK, now)


def register_imports_requeue_stale(*, now: datetime.datetime) -> list[int]:
    """The same for register imports (BAG, EP-Online): a job left waiting or running by a lost
    message or a killed worker is enqueued again; its import is all or nothing, so it starts
    over. Returns their ids."""
    from buildings.tasks import register_import_job  # tasks import this module

    return _requeue_stale(RegisterImport, register_import_job, REGISTER_IMPORT_LOCK, now)


def scheduled_jobs_catch_up(*, now: datetime.datetime | None = None) -> CatchUpSummary:
    """Do what beat should have had done and did not: the flag job of its latest due date, the
    reminders of theirs, and the import jobs and register imports left without a worker."""
    now = now or timezone.now()
    return CatchUpSummary(
        flag_run=flag_job_catch_up(now=now),
        reminders=flag_reminders_catch_up(now=now),
        requeued_import_jobs=import_jobs_requeue_stale(now=now),
        requeued_register_imports=register_imports_requeue_stale(now=now),
    )
