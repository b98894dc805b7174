"""The API, the pages, the flag job, the catch-up sweep and the imports (records CSV, BAG,
EP-Online) through PgBouncer in transaction pooling, round robin over a warm pool (conftest):
each answers as without it, and none leaves a session setting or an advisory lock on a server
connection for the next client."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from rest_framework.test import APIClient

from buildings.bag.generator import write_extract
from buildings.choices import ImportJobStatus
from buildings.ep_online.generator import Row, write_file
from buildings.models import (
    Building,
    FlagRun,
    ImportJob,
    RegisterImport,
    StructuralVacancyFlag,
    VacancyRecord,
)
from buildings.tasks import (
    register_import_job,
    scheduled_jobs_catch_up_task,
    structural_vacancy_flags_daily,
    vacancy_records_import_job,
)
from kantorentop.accounts.services import api_client_create
from regions.models import Municipality
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.buildings.bag.conftest import SMALL
from tests.buildings.factories import BuildingFactory, UnitFactory, VacancyRecordFactory

# Committed, as behind a pooler; the migrations' reference data is restored after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

READS = [
    "/api/v1/provinces",
    "/api/v1/municipalities?province=PV26",
    "/api/v1/office-regions",
    "/api/v1/buildings",
    "/api/v1/buildings?province=PV26&ordering=-vacancyPercentage&minVacancyPercentage=0",
    "/api/v1/buildings/0344100000000001",
    "/api/v1/buildings/0344100000000001/vacancy-records",
    "/api/v1/vacancy-records?province=PV26",
    "/api/v1/structural-vacancy-flags",
    "/api/v1/structural-vacancy-watchlist?date=2024-06-30",
    "/api/v1/vacancy-statistics?province=PV26&date=2024-06-30",
    "/api/v1/transformation-plans",
    "/api/v1/events",
    "/api/v1/openapi.json",
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def stock() -> list[Building]:
    utrecht = Municipality.objects.get(code="GM0344")
    buildings = [
        BuildingFactory(municipality=utrecht, bag_id=f"034410000000000{n}") for n in (1, 2, 3)
    ]
    for building in buildings:
        for year in (2020, 2021, 2022, 2023, 2024):
            VacancyRecordFactory(
                building=building, observed_on=datetime.date(year, 6, 30), vacant_area_m2=5500
            )
    return buildings


def test_the_api_reads_and_writes_through_pgbouncer(pooled, stock):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_client_create(name='Landelijk')[1]}")
    for url in READS:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        # The ETag's data version, read again: a conditional GET answers 304.
        if response.has_header("ETag"):
            again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
            assert again.status_code == 304, url
    rows = [
        {"bagId": b.bag_id, "observedOn": "2025-06-30", "vacantAreaM2": 10, "source": "survey"}
        for b in stock
    ]
    imported = client.post("/api/v1/vacancy-records/_import", rows, format="json")
    assert imported.json() == {"created": 3, "updated": 0, "unchanged": 0}, imported.content
    record = client.post(
        f"/api/v1/buildings/{stock[0].bag_id}/vacancy-records",
        {"observedOn": "2025-12-31", "vacantAreaM2": 20, "source": "survey"},
        format="json",
    )
    assert record.status_code == 201, record.content
    assert VacancyRecord.objects.filter(observed_on__year=2025).count() == 4
    pooled.assert_clean()


def test_the_pages_answer_through_pgbouncer(pooled, stock):
    utrecht = Municipality.objects.get(code="GM0344")
    membership = MembershipFactory(
        user=UserFactory(username="utrecht.ambtenaar"),
        organisation=OrganisationFactory(kind="municipality", municipality=utrecht),
        role="municipal_officer",
    )
    browser = Client()
    browser.force_login(membership.user)
    for url in ("/", "/gemeenten/GM0344", "/provincies/PV26", f"/gebouwen/{stock[0].bag_id}"):
        response = browser.get(url, follow=True)
        assert response.status_code == 200, url
    pooled.assert_clean()


def test_the_flag_job_and_the_catch_up_sweep_through_pgbouncer(pooled, stock):
    summary = structural_vacancy_flags_daily("2024-07-01")
    assert summary.startswith("created 3,"), summary
    # Run again for the same date, under the same lock: nothing changes.
    assert structural_vacancy_flags_daily("2024-07-01").startswith("created 0,")
    assert StructuralVacancyFlag.objects.count() == 3
    assert FlagRun.objects.count() == 1  # one run per date
    scheduled_jobs_catch_up_task()
    pooled.assert_clean()


def test_a_records_import_job_through_pgbouncer(pooled, stock):
    body = "bagId,observedOn,vacantAreaM2,source\n" + "".join(
        f"{b.bag_id},2025-06-30,{100 + n},survey\n" for n, b in enumerate(stock)
    )
    job = ImportJob(original_name="records.csv", api_client=api_client_create(name="Landelijk")[0])
    job.file.save("records.csv", ContentFile(body.encode()))
    assert vacancy_records_import_job(job.pk) == ImportJobStatus.SUCCEEDED
    job.refresh_from_db()
    assert (job.total_rows, job.processed_rows) == (3, 3)
    # A second message for the finished job: its lock is free again, and it changes nothing.
    assert vacancy_records_import_job(job.pk) == ImportJobStatus.SUCCEEDED
    assert VacancyRecord.objects.filter(observed_on=datetime.date(2025, 6, 30)).count() == 3
    pooled.assert_clean()


def test_bag_and_ep_online_imports_through_pgbouncer(pooled, tmp_path):
    extract = write_extract(tmp_path / "extract", SMALL, "zip")
    bag = RegisterImport(kind="bag", original_name=extract.name)
    bag.file.save(extract.name, ContentFile(extract.read_bytes()))
    assert register_import_job(bag.pk) == ImportJobStatus.SUCCEEDED
    assert Building.objects.exists()

    unit = UnitFactory(building=BuildingFactory(), bag_id="0344010000000001")
    row = Row(unit_id=unit.bag_id, energy_class="B", recorded_on=datetime.date(2025, 1, 15))
    labels = write_file(tmp_path / "ep.csv", [row])
    ep = RegisterImport(kind="ep_online", original_name=labels.name)
    ep.file.save(labels.name, ContentFile(labels.read_bytes()))
    assert register_import_job(ep.pk) == ImportJobStatus.SUCCEEDED, ep.lines.values()
    ep.refresh_from_db()
    assert ep.progress == 100
    pooled.assert_clean()


def test_server_side_cursors_are_off_behind_pgbouncer(pooled, stock):
    """A server-side cursor lives in the session that declared it: behind the pooler the next
    fetch reaches another server connection, which has no such cursor. DATABASE_POOLED turns
    them off, and .iterator() reads in chunks from a client-side cursor instead."""
    import psycopg2
    from django.db import DatabaseError, connection

    assert len(list(Building.objects.iterator(chunk_size=1))) == 3
    connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = False
    # Fetching fails, and so does closing it (its error is psycopg2's own).
    with pytest.raises((DatabaseError, psycopg2.DatabaseError), match="cursor .* does not exist"):
        list(Building.objects.iterator(chunk_size=1))


def test_database_pooled_turns_server_side_cursors_off():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; "
        "django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'])"
    )
    for pooled, expected in (("1", "True"), ("0", "False")):
        result = subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "DATABASE_POOLED": pooled},
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip() == expected
