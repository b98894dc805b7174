"""Register imports in the background (buildings.services.register_imports, the task, the
sweep): a job runs once, a lost one is run again by the sweep, a failure writes nothing."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from buildings.bag.generator import write_extract
from buildings.choices import ImportJobStatus
from buildings.models import Building, RegisterImport
from buildings.services.recovery import REGISTER_IMPORT_LOCK, register_imports_requeue_stale
from buildings.tasks import register_import_job
from tests.buildings.bag.conftest import SMALL

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _job(tmp_path, **values) -> RegisterImport:  # type: ignore[no-untyped-def]
    path = write_extract(tmp_path / "extract", SMALL, "zip")
    job = RegisterImport(kind="bag", original_name=path.name, size_bytes=path.stat().st_size)
    for name, value in values.items():
        setattr(job, name, value)
    with path.open("rb") as handle:
        job.file.save(path.name, File(handle), save=False)
    job.save()
    return job


def test_a_job_runs_once_and_a_second_message_changes_nothing(tmp_path):
    job = _job(tmp_path)
    assert register_import_job(job.pk) == ImportJobStatus.SUCCEEDED
    job.refresh_from_db()
    created = Building.objects.count()
    assert created > 10 and job.progress == 100 and job.lines.exists()
    lines = job.lines.count()
    assert register_import_job(job.pk) == ImportJobStatus.SUCCEEDED
    assert Building.objects.count() == created and job.lines.count() == lines


def test_a_job_another_worker_holds_is_left_to_it(tmp_path):
    job = _job(tmp_path)
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [REGISTER_IMPORT_LOCK, job.pk])
        assert register_import_job(job.pk) == "locked"
    finally:
        other.close()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.PENDING and not Building.objects.exists()


def test_the_sweep_runs_a_job_whose_message_was_lost(tmp_path, django_capture_on_commit_callbacks):
    job = _job(tmp_path)
    fresh = _job(tmp_path / "fresh")
    now = timezone.now()
    RegisterImport.objects.filter(pk=job.pk).update(updated_at=now - datetime.timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        assert register_imports_requeue_stale(now=now) == [job.pk]
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == ImportJobStatus.SUCCEEDED and Building.objects.exists()
    assert fresh.status == ImportJobStatus.PENDING  # not stale yet: its message is on its way


def test_an_older_extract_fails_in_one_line_unless_forced(tmp_path):
    newer = write_extract(
        tmp_path / "newer", dataclasses.replace(SMALL, date=datetime.date(2026, 12, 1)), "zip"
    )
    first = RegisterImport(kind="bag", original_name=newer.name, size_bytes=1)
    with newer.open("rb") as handle:
        first.file.save(newer.name, File(handle), save=False)
    first.save()
    register_import_job(first.pk)
    before = Building.objects.count()
    older = _job(tmp_path)
    assert register_import_job(older.pk) == ImportJobStatus.FAILED
    older.refresh_from_db()
    assert "ouder dan het laatst ingelezen" in older.error and "\n" not in older.error
    assert not older.lines.exists() and not older.file
    assert Building.objects.count() == before
    forced = _job(tmp_path / "forced", force=True)
    assert register_import_job(forced.pk) == ImportJobStatus.SUCCEEDED
