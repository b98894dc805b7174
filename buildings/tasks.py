"""Celery tasks of buildings: thin wrappers around services, taking ids, safe to run twice."""

import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from buildings.choices import ImportJobStatus
from buildings.models import ImportJob, RegisterImport
from buildings.services.energy_labels import import_energy_labels
from buildings.services.errors import ImportRejected, OutOfScope
from buildings.services.flag_notifications import flag_reminders_send
from buildings.services.flags import structural_vacancy_flags_update, today_in_amsterdam
from buildings.services.imports import vacancy_records_import
from buildings.services.recovery import (
    IMPORT_JOB_LOCK,
    REGISTER_IMPORT_LOCK,
    scheduled_jobs_catch_up,
)
from buildings.services.register_imports import register_import_run
from kantorentop.accounts.scopes import PUBLIC, scope_for_api_client, scope_for_user
from kantorentop.core.locks import job_lock
from kantorentop.core.tasks import RecoverableTask


def _vacancy_records_import_run(job_id: int) -> str:
    """The import of a job whose lock this worker holds; returns the job's status."""
    job = ImportJob.objects.select_related("created_by", "api_client__province").get(pk=job_id)
    if job.status in (ImportJobStatus.SUCCEEDED, ImportJobStatus.FAILED):
        return job.status
    # The scope is that of whoever uploaded the file, as it stands now.
    if job.api_client is not None:
        scope = scope_for_api_client(job.api_client)
    elif job.created_by is not None:
        scope = scope_for_user(job.created_by)
    else:
        scope = PUBLIC
    try:
        with job.file.open("rb") as source:
            vacancy_records_import(
                source=source,
                scope=scope,
                user=job.created_by,
                api_client=job.api_client,
                job=job,
            )
    except ImportRejected:
        pass  # the service wrote the errors on the job
    except OutOfScope:
        job.status = ImportJobStatus.FAILED
        job.errors = [
            {"row": 0, "field": None, "code": "out_of_scope", "reason": str(OutOfScope())}
        ]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "errors", "finished_at", "updated_at"])
    return job.status


@shared_task(base=RecoverableTask, acks_late=True)  # type: ignore[untyped-decorator]
def vacancy_records_import_job(job_id: int) -> str:
    """Run an import job. A finished job is not run again; a second worker on the same job (a
    redelivered message) leaves it to the first. Returns the job's status.

    A message that never reached Redis, or a worker that died, leaves the job waiting or running:
    scheduled_jobs_catch_up_task enqueues it again."""
    with job_lock(IMPORT_JOB_LOCK, job_id) as locked:
        if not locked:
            return "locked"
        return _vacancy_records_import_run(job_id)


@shared_task(base=RecoverableTask, acks_late=True)  # type: ignore[untyped-decorator]
def register_import_job(job_id: int) -> str:
    """Run an uploaded BAG or EP-Online import (buildings.services.register_imports). A finished
    job is not run again; a second worker on the same job leaves it to the first; the sweep
    (scheduled_jobs_catch_up_task) enqueues a job whose message or worker was lost. Returns the
    job's status."""
    with job_lock(REGISTER_IMPORT_LOCK, job_id) as locked:
        if not locked:
            return "locked"
        job = RegisterImport.objects.select_related("municipality", "created_by").get(pk=job_id)
        if job.status not in (ImportJobStatus.SUCCEEDED, ImportJobStatus.FAILED):
            register_import_run(job=job)
        return job.status


@shared_task(acks_late=True)  # type: ignore[untyped-decorator]
def structural_vacancy_flags_daily(as_of: str | None = None) -> str:
    """The flag job for `as_of` (ISO date; default today in Europe/Amsterdam).

    Idempotent for a date and serialised by an advisory lock, so a redelivered or doubled run
    changes nothing; hence acks_late.
    """
    on = datetime.date.fromisoformat(as_of) if as_of else today_in_amsterdam()
    summary = structural_vacancy_flags_update(as_of=on)
    return f"created {summary.created}, resolved {summary.resolved}, active {summary.active}"


@shared_task(acks_late=True)  # type: ignore[untyped-decorator]
def flag_reminders_weekly(on: str | None = None) -> int:
    """Remind owners and officers of flags open six months without a plan (each flag once)."""
    day = datetime.date.fromisoformat(on) if on else today_in_amsterdam()
    return flag_reminders_send(on=day)


@shared_task(base=RecoverableTask, acks_late=True)  # type: ignore[untyped-decorator]
def scheduled_jobs_catch_up_task() -> str:
    """Every ten minutes (beat): the flag job, reminders and import jobs that a lost message or
    a killed worker left undone. Idempotent, like each of them."""
    return str(scheduled_jobs_catch_up())


@shared_task(acks_late=True)  # type: ignore[untyped-decorator]
def import_energy_labels_task(path: str, user_id: int | None = None, force: bool = False) -> str:
    """Import EP-Online's monthly file at `path` (as uploaded) for the user `user_id`; returns
    the summary. Safe to run twice: the same file changes nothing the second time, and imports
    serialise on an advisory lock; hence acks_late. A file that is not one raises
    EnergyLabelFileError with its one line, having written nothing."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id is not None else None
    return import_energy_labels(path=path, user=user, force=force).summary
