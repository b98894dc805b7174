"""The portal as production runs it behind PgBouncer: gunicorn (two workers) and a Celery
worker, each with DATABASE_URL at the tests' pgbouncer and DATABASE_POOLED=1, several clients of
one pool. The API answers, and an import job and the flag job sent through Redis run to the end,
leaving no setting or lock on a server connection."""

from __future__ import annotations

import datetime

import pytest
import requests
from celery import Celery
from django.core.files.base import ContentFile
from django.db import connections

from buildings.choices import ImportJobStatus
from buildings.models import FlagRun, ImportJob, VacancyRecord
from kantorentop.accounts.services import api_client_create
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory
from tests.core.conftest import Pooled
from tests.faults.servers import RedisServer, process_env, start_portal, start_worker, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_gunicorn_and_a_worker_through_pgbouncer(pgbouncer, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    utrecht = Municipality.objects.get(code="GM0344")
    buildings = [BuildingFactory(municipality=utrecht) for _ in range(3)]
    for building in buildings:
        for year in (2020, 2021, 2022, 2023, 2024):
            VacancyRecordFactory(
                building=building, observed_on=datetime.date(year, 6, 30), vacant_area_m2=5500
            )
    client, key = api_client_create(name="Landelijk")
    body = "bagId,observedOn,vacantAreaM2,source\n" + "".join(
        f"{b.bag_id},2025-06-30,100,survey\n" for b in buildings
    )
    job = ImportJob(original_name="records.csv", api_client=client)
    job.file.save("records.csv", ContentFile(body.encode()))

    database = connections["default"].settings_dict["NAME"]
    redis_server = RedisServer(tmp_path)
    redis_server.start()
    env = process_env(
        database_url=pgbouncer.url(database),
        redis_url=redis_server.url(),
        DATABASE_POOLED="1",
        DJANGO_CONN_MAX_AGE="60",
        DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    portal, base = start_portal(env, tmp_path, workers=2)
    worker = start_worker(env, tmp_path, name="pooled", queues="imports,celery")
    sender = Celery(broker=redis_server.url(), set_as_current=False)
    try:
        headers = {"Authorization": f"Token {key}"}
        for path in ("buildings", "vacancy-records?province=PV26", "structural-vacancy-flags",
                     "vacancy-statistics?province=PV26&date=2024-06-30", "events"):  # fmt: skip
            for _ in range(3):  # over several server connections
                response = requests.get(f"{base}/api/v1/{path}", headers=headers, timeout=60)
                assert response.status_code == 200, (path, response.text[:300])
        sender.send_task(
            "buildings.tasks.vacancy_records_import_job", args=[job.pk], queue="imports"
        )
        sender.send_task(
            "buildings.tasks.structural_vacancy_flags_daily", args=["2024-07-01"], queue="celery"
        )

        def done() -> bool:
            job.refresh_from_db()
            return job.status == ImportJobStatus.SUCCEEDED and FlagRun.objects.exists()

        wait_for(done, timeout=120, message=f"the jobs did not finish:\n{worker.output()[-3000:]}")
        assert VacancyRecord.objects.filter(observed_on=datetime.date(2025, 6, 30)).count() == 3
        assert requests.get(f"{base}/healthz/ready", timeout=30).status_code == 200
    finally:
        sender.close()
        worker.stop()
        portal.stop()
        redis_server.kill()
    assert "Traceback" not in portal.output()
    Pooled(pgbouncer, database).assert_clean()
