"""The audit event of a vacancy-record import: exactly one per successful import, with or without
an ImportJob, through the service, the job's task and the API's synchronous path."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from buildings.models import ImportJob
from buildings.services.errors import ImportRejected
from buildings.services.imports import import_job_create, vacancy_records_import
from kantorentop.accounts.scopes import Scope
from kantorentop.accounts.services import api_client_create
from kantorentop.core.models import AuditEvent, AuditOutcome
from regions.models import Province
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.buildings.factories import BuildingFactory
from tests.regions.factories import MunicipalityFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

NATIONAL = Scope(national=True)
ACTION = "buildings.vacancyrecord.imported"
A = "0344100000000001"
B = "0344100000000002"
HEADER = "bagId,observedOn,vacantAreaM2,source,note\n"


@pytest.fixture(autouse=True)
def _local_cache(settings):
    # API throttle counters stay out of any shared Redis.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def events():
    """The import events recorded from here on (the append-only trail may hold older ones)."""
    first = (AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    return lambda: list(AuditEvent.objects.filter(action=ACTION, id__gte=first).order_by("id"))


@pytest.fixture
def buildings():
    municipality = MunicipalityFactory(province=ProvinceFactory(code="PV26"))
    for bag_id in (A, B):
        BuildingFactory(bag_id=bag_id, municipality=municipality, lettable_floor_area_m2=1000)


def _rows(vacant_b: int = 20) -> list[dict]:
    common = {"observed_on": "2020-06-30", "source": "survey"}
    return [
        {**common, "bag_id": A, "vacant_area_m2": 10},
        {**common, "bag_id": B, "vacant_area_m2": vacant_b},
    ]


def _counts(event: AuditEvent) -> tuple[int, int, int, int]:
    d = event.details
    return d["total_rows"], d["created"], d["updated"], d["unchanged"]


def test_an_import_without_a_job_records_one_event_per_import(buildings, events):
    user = UserFactory()
    vacancy_records_import(source=_rows(), scope=NATIONAL, user=user)
    vacancy_records_import(source=_rows(vacant_b=30), scope=NATIONAL, user=user)
    first, second = events()
    assert _counts(first) == (2, 2, 0, 0)
    assert _counts(second) == (2, 0, 1, 1)
    assert (second.outcome, second.actor_user_id) == (AuditOutcome.SUCCESS, user.pk)
    assert second.actor_username == user.get_username()
    assert second.details["errors"] == 0


def test_an_import_with_a_job_records_one_event(buildings, events):
    user = UserFactory()
    job = ImportJob.objects.create(file="imports/test.csv", created_by=user)
    vacancy_records_import(source=_rows(), scope=NATIONAL, user=user, job=job)
    (event,) = events()
    assert (event.object_type, event.object_id) == ("buildings.importjob", str(job.pk))
    assert _counts(event) == (2, 2, 0, 0)
    assert event.actor_user_id == user.pk


def test_an_uploaded_job_run_by_its_task_records_one_event(
    buildings, events, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory()
    organisation = OrganisationFactory(kind="province", province=Province.objects.get(code="PV26"))
    MembershipFactory(user=user, organisation=organisation, role="provincial_officer")
    upload = SimpleUploadedFile("leegstand.csv", (HEADER + f"{A},2020-06-30,10,survey,\n").encode())
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(
            uploaded_file=upload, scope=Scope(province_codes=frozenset({"PV26"})), user=user
        )
    job.refresh_from_db()
    assert job.status == "succeeded"
    (event,) = events()
    assert _counts(event) == (1, 1, 0, 0)
    assert event.object_id == str(job.pk)


def test_the_apis_synchronous_import_records_one_event_naming_the_client(buildings, events):
    api_client, key = api_client_create(name="Landelijk systeem")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    rows = [{"bagId": A, "observedOn": "2020-06-30", "vacantAreaM2": 10, "source": "survey"}]
    response = client.post("/api/v1/vacancy-records/_import", rows, format="json")
    assert response.status_code == 200, response.content
    (event,) = events()
    assert _counts(event) == (1, 1, 0, 0)
    assert event.api_client_id == api_client.pk
    assert event.details["api_client_id"] == api_client.pk
    assert event.request_id  # the request's


def test_a_rejected_import_without_a_job_records_no_success(buildings, events):
    with pytest.raises(ImportRejected):
        vacancy_records_import(source=[*_rows(), {"bag_id": "x"}], scope=NATIONAL)
    assert events() == []
