"""Fault: an import of 15,000 vacancy records is interrupted halfway, and writes nothing.

Halfway, for certain: the test locks the existing record of a building in the middle (by id, the
order the import writes in), so the import has inserted about half of its rows, in its open
transaction, when it waits. Then the import is interrupted: the worker running an import job is
SIGKILLed, and the database session of a synchronous API import is terminated. Neither leaves a
record behind; the job is caught up and succeeds, the API call answers 503 and succeeds when sent
again, each writing every record once.
"""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from buildings.choices import ImportJobStatus
from buildings.models import Building, ImportJob, VacancyRecord
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory
from tests.faults.servers import (
    backends_waiting_for_a_lock,
    connect_to_test_database,
    database_url_of_test_database,
    process_env,
    start_portal,
    start_worker,
    wait_for,
)
from tests.faults.world import secret_key, world_create

pytestmark = [pytest.mark.slow, pytest.mark.celery_worker]

BUILDINGS = 5_000
DATES = [datetime.date(2020, 3, 31), datetime.date(2021, 3, 31), datetime.date(2022, 3, 31)]
ROWS = BUILDINGS * len(DATES) + len(DATES)  # and the world's other building


def _dataset(world) -> tuple[bytes, VacancyRecord]:  # type: ignore[no-untyped-def]
    """BUILDINGS buildings in the world's municipality, the CSV of their records on DATES, and
    the one existing record (of the middle building) the import replaces."""
    municipality = world.other_building.municipality
    Building.objects.bulk_create(
        BuildingFactory.build(municipality=municipality, lettable_floor_area_m2=2000)
        for _ in range(BUILDINGS)
    )
    buildings = list(
        Building.objects.filter(municipality=municipality)
        .order_by("pk")
        .values_list("pk", "bag_id")
    )
    middle = Building.objects.get(pk=buildings[len(buildings) // 2][0])
    existing = VacancyRecordFactory(
        building=middle, observed_on=DATES[0], vacant_area_m2=100, source="survey"
    )
    lines = ["bagId,observedOn,vacantAreaM2,source"]
    lines += [f"{bag_id},{day},1000,survey" for _, bag_id in buildings for day in DATES]
    assert len(lines) == ROWS + 1
    return ("\n".join(lines) + "\n").encode(), existing


def _lock_record(locker, record: VacancyRecord) -> None:  # type: ignore[no-untyped-def]
    with locker.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM buildings_vacancyrecord WHERE id = %s FOR UPDATE", [record.pk]
        )


def _import_waiting() -> int:
    """The pid of the import's session, once it waits for the locked record."""
    for pid, query in backends_waiting_for_a_lock():
        if "INSERT INTO buildings_vacancyrecord" in query:
            return pid
    return 0


def _records_table_bytes() -> int:
    """The size of the records table's file: rows inserted by an open transaction are in it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size('buildings_vacancyrecord')")
        return int(cursor.fetchone()[0])


def _assert_halfway(size_before: int) -> None:
    """About half of the rows (some 7,500 of 100 bytes or more) are inserted, uncommitted."""
    assert _records_table_bytes() - size_before > 500_000
    assert VacancyRecord.objects.count() == 1


def _nothing_written(existing: VacancyRecord) -> None:
    assert list(VacancyRecord.objects.values_list("pk", "vacant_area_m2")) == [
        (existing.pk, existing.vacant_area_m2)
    ]


def _everything_written_once() -> None:
    assert VacancyRecord.objects.count() == ROWS
    assert set(VacancyRecord.objects.values_list("vacant_area_m2", flat=True)) == {1000}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_import_job_whose_worker_is_killed_halfway_writes_nothing_and_reruns(
    tmp_path, settings, redis_server, sender
):
    world = world_create(flagged=0)
    body, existing = _dataset(world)
    settings.MEDIA_ROOT = tmp_path / "media"
    job = ImportJob(original_name="records.csv", created_by_id=world.officer_user_id)
    job.file.save("records.csv", ContentFile(body))
    env = process_env(
        database_url=database_url_of_test_database(),
        redis_url=redis_server.url(),
        DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    locker = connect_to_test_database()
    workers = []
    try:
        _lock_record(locker, existing)
        size_before = _records_table_bytes()
        workers.append(start_worker(env, tmp_path, name="importer", queues="imports"))
        # As import_job_create enqueues it once the upload commits.
        sender.send_task(
            "buildings.tasks.vacancy_records_import_job", args=[job.pk], queue="imports"
        )
        wait_for(
            _import_waiting,
            timeout=120,
            message=f"the import did not reach the locked record:\n{workers[0].output()[-3000:]}",
        )
        _assert_halfway(size_before)
        job.refresh_from_db()
        assert (job.status, job.total_rows) == (ImportJobStatus.RUNNING, ROWS)

        workers[0].kill()
        locker.rollback()
        wait_for(lambda: not _import_waiting(), timeout=30, message="the import still waits")
        _nothing_written(existing)
        job.refresh_from_db()
        # The worker died before it could say so: the job looks running, and nobody runs it.
        assert job.status == ImportJobStatus.RUNNING

        # Ten minutes on, beat's catch-up finds the job without a worker and enqueues it again.
        ImportJob.objects.update(updated_at=timezone.now() - datetime.timedelta(minutes=11))
        workers.append(start_worker(env, tmp_path, name="catch-up", queues="celery,imports"))
        sender.send_task("buildings.tasks.scheduled_jobs_catch_up_task", queue="celery")
        wait_for(
            lambda: ImportJob.objects.get().status == ImportJobStatus.SUCCEEDED,
            timeout=180,
            message=f"the job was not rerun:\n{workers[1].output()[-3000:]}",
        )
    finally:
        locker.close()
        for worker in workers:
            worker.stop()

    job.refresh_from_db()
    assert (job.created_count, job.updated_count, job.errors) == (ROWS - 1, 1, [])
    _everything_written_once()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_api_import_whose_session_is_terminated_halfway_writes_nothing(tmp_path):
    world = world_create(flagged=0)
    body, existing = _dataset(world)
    env = process_env(database_url=database_url_of_test_database(), DJANGO_SECRET_KEY=secret_key())
    locker = connect_to_test_database()
    portal, base = start_portal(env, tmp_path)

    def post() -> requests.Response:
        return requests.post(
            f"{base}/api/v1/vacancy-records/_import",
            data=body,
            headers={"Authorization": f"Token {world.api_key}", "Content-Type": "text/csv"},
            timeout=180,
        )

    try:
        _lock_record(locker, existing)
        size_before = _records_table_bytes()
        with ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(post)
            pid = wait_for(
                _import_waiting,
                timeout=120,
                message=f"the import did not reach the locked record:\n{portal.output()[-3000:]}",
            )
            _assert_halfway(size_before)
            with locker.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            response = future.result()
        locker.rollback()
        assert response.status_code == 503, response.text[:500]
        assert response.headers["Content-Type"] == "application/problem+json"
        assert "Traceback" not in response.text
        _nothing_written(existing)

        # Sent again, as Retry-After says: every record once.
        retried = post()
        assert retried.status_code == 200, retried.text[:500]
        assert retried.json() == {"created": ROWS - 1, "updated": 1, "unchanged": 0}
    finally:
        locker.close()
        portal.stop()
    _everything_written_once()
