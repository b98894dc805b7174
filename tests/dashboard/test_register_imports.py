"""The BAG and EP-Online upload page (issue 13 items 1 and 3): who may upload for which
municipality, a real generated extract through the page into buildings and a report in words, a
broken zip that writes nothing, the CSV, and progress that the page can read while it runs."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from buildings.bag.generator import Options, write_extract
from buildings.choices import ImportJobStatus
from buildings.models import Building, RegisterImport, RegisterImportLine
from buildings.selectors.register_imports import BAG_REASONS, MISSING_REASONS, reason_words
from buildings.services.bag_import import rules
from buildings.services.imports.jobs import JobProgress
from regions.models import Municipality
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.buildings.bag.conftest import bag_samples as bag_samples  # the fixture, shared
from tests.buildings.bag.test_import import case_panden
from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("dashboard:register-upload")
OPTIONS = Options(units=150, office_share=0.3)  # Doesburg, GM0221, every rule's case
CASES = case_panden(OPTIONS)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def extract(tmp_path_factory) -> Path:
    return write_extract(tmp_path_factory.mktemp("register-upload"), OPTIONS, "zip")


@pytest.fixture
def doesburg(db):
    return Municipality.objects.get(code="GM0221")


@pytest.fixture
def doesburg_officer(doesburg):
    membership = MembershipFactory(
        user=UserFactory(username="doesburg.ambtenaar"),
        organisation=OrganisationFactory(
            name="Gemeente Doesburg", kind="municipality", municipality=doesburg
        ),
        role="municipal_officer",
    )
    client = Client()
    client.force_login(membership.user)
    return client


@pytest.fixture
def admin_client_(db):
    client = Client()
    client.force_login(UserFactory(username="beheerder", is_staff=True, is_superuser=True))
    return client


def _upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


_RUN_ON_COMMIT = []


@pytest.fixture(autouse=True)
def _tasks_run_on_commit(django_capture_on_commit_callbacks):
    """The upload enqueues its task when its transaction commits: here, at the end of the
    request (the test's own transaction never commits)."""
    _RUN_ON_COMMIT.append(django_capture_on_commit_callbacks)
    yield
    _RUN_ON_COMMIT.clear()


def _post(client, upload, **fields):  # type: ignore[no-untyped-def]
    data = {"kind": "bag", "file": upload, **fields}
    with _RUN_ON_COMMIT[-1](execute=True):
        return client.post(UPLOAD, data)


# --- who may upload ---------------------------------------------------------------------------


def test_administrators_and_municipal_officers_get_the_page_others_404(
    client_as, admin_client_, users
):
    assert admin_client_.get(UPLOAD).status_code == 200
    page = client_as("utrecht").get(UPLOAD)
    assert page.status_code == 200
    # An officer picks only their own municipality, and may not force an older extract.
    assert list(page.context["form"].fields["municipality"].queryset) == [
        Municipality.objects.get(code="GM0344")
    ]
    assert "force" not in page.context["form"].fields
    assert "force" in admin_client_.get(UPLOAD).context["form"].fields
    for role in ("province", "national", "investor"):
        assert client_as(role).get(UPLOAD).status_code == 404, role
    anonymous = client_as(None).get(UPLOAD)
    assert anonymous.status_code == 302 and "/inloggen" in anonymous["Location"]


def test_an_officer_cannot_import_for_another_municipality(client_as, users, extract):
    response = _post(
        client_as("utrecht"),
        _upload(extract),
        municipality=Municipality.objects.get(code="GM0221").pk,
    )
    assert response.status_code == 400
    assert not RegisterImport.objects.exists()


def test_an_officers_upload_of_another_municipalitys_extract_is_refused(client_as, extract):
    # Doesburg's extract uploaded for Utrecht, "withdraw missing" ticked: it does not cover
    # Utrecht, so the job fails and Utrecht's buildings stay.
    utrecht = Municipality.objects.get(code="GM0344")
    stock = BuildingFactory(bag_id="0344100000000001", municipality=utrecht)
    response = _post(
        client_as("utrecht"), _upload(extract), municipality=utrecht.pk, withdraw_missing="on"
    )
    job = RegisterImport.objects.get()
    assert response.status_code == 302 and job.municipality == utrecht
    assert job.status == ImportJobStatus.FAILED
    assert "Dit extract dekt de gemeente Utrecht (0344) niet" in job.error
    assert "Doesburg (0221)" in job.error and " / " not in job.error
    stock.refresh_from_db()
    assert stock.withdrawn_on is None and Building.objects.count() == 1
    assert not job.lines.exists()
    page = client_as("utrecht").get(response["Location"]).content.decode()
    assert escape(job.error) in page


def test_a_zip_without_panden_fails_instead_of_succeeding(doesburg_officer, doesburg, bag_samples):
    relation = bag_samples / "gemeente-0221" / "GEM-WPL-RELATIE-15092020.zip"
    _post(doesburg_officer, _upload(relation), municipality=doesburg.pk)
    job = RegisterImport.objects.get()
    assert job.status == ImportJobStatus.FAILED
    assert job.error.startswith("Het bestand bevat geen panden")


def test_a_report_of_another_municipality_is_404(client_as, users, admin_client_, extract):
    amsterdam = Municipality.objects.get(code="GM0363")
    _post(client_as("amsterdam"), _upload(extract), municipality=amsterdam.pk)
    job = RegisterImport.objects.get()
    page = reverse("dashboard:register-import", args=[job.pk])
    csv = reverse("dashboard:register-import-csv", args=[job.pk])
    assert client_as("amsterdam").get(page).status_code == 200
    assert admin_client_.get(page).status_code == 200
    for role in ("utrecht", "province", "investor"):
        assert client_as(role).get(page).status_code == 404, role
        assert client_as(role).get(csv).status_code == 404, role
    assert client_as(None).get(page).status_code == 302
    # The upload page lists only the imports the user may read.
    assert list(client_as("utrecht").get(UPLOAD).context["recent"]) == []


# --- a real extract through the page -----------------------------------------------------------


def test_a_generated_extract_through_the_page_creates_buildings_and_a_report_in_words(
    doesburg_officer, doesburg, extract
):
    response = _post(doesburg_officer, _upload(extract), municipality=doesburg.pk)
    job = RegisterImport.objects.get()
    assert response["Location"] == reverse("dashboard:register-import", args=[job.pk])
    assert job.status == ImportJobStatus.SUCCEEDED, job.error
    assert job.progress == 100
    created = Building.objects.filter(municipality=doesburg).count()
    assert created > 10 and job.summary.startswith(f"created {created}, ")
    assert not job.file  # the upload is removed; the report stays

    page = doesburg_officer.get(response["Location"]).content.decode()
    assert f"{created} gebouwen aangemaakt" in page
    # Every skipped pand is listed with its reason in Dutch words.
    too_small = CASES["too_small_499"][0]
    assert job.lines.get(reference=too_small).reason == "too_small"
    assert too_small in page
    for words in (
        "te klein: minder dan 500 m2 kantoor",
        "in aanbouw",
        "fictieve oppervlakte (1, 9.999 of 999.999 m2)",
        "gemengd gebruik: kantoor is minder dan de helft van de oppervlakte",
        "gesloopt, buiten gebruik of nooit gebouwd",
    ):
        assert words in page, words
    assert "too_small" not in page


def test_missing_buildings_are_reported_or_withdrawn_as_chosen(doesburg_officer, doesburg, extract):
    gone = BuildingFactory(bag_id="0221100000999999", municipality=doesburg)
    _post(doesburg_officer, _upload(extract), municipality=doesburg.pk)
    job = RegisterImport.objects.get()
    assert job.lines.get(kind="missing").reference == gone.bag_id
    assert job.lines.get(kind="missing").reason == "reported"
    page = doesburg_officer.get(reverse("dashboard:register-import", args=[job.pk]))
    assert "niet in het extract: alleen gemeld" in page.content.decode()
    gone.refresh_from_db()
    assert gone.withdrawn_on is None

    _post(doesburg_officer, _upload(extract), municipality=doesburg.pk, withdraw_missing="on")
    second = RegisterImport.objects.order_by("-pk").first()
    assert second.lines.get(kind="missing").reason == "withdrawn"
    gone.refresh_from_db()
    assert gone.withdrawn_on is not None


def test_a_broken_zip_shows_its_error_and_writes_nothing(doesburg_officer, doesburg, extract):
    cut = SimpleUploadedFile(extract.name, extract.read_bytes()[: extract.stat().st_size // 2])
    response = _post(doesburg_officer, cut, municipality=doesburg.pk)
    job = RegisterImport.objects.get()
    assert job.status == ImportJobStatus.FAILED
    assert "Kapot zipbestand" in job.error and "\n" not in job.error
    page = doesburg_officer.get(response["Location"]).content.decode()
    assert "nothing was written" in page or "niets geschreven" in page
    assert escape(job.error) in page and " / " not in job.error
    assert not Building.objects.exists()
    assert not RegisterImportLine.objects.exists()


def test_the_wrong_kind_of_file_is_refused_before_anything_is_queued(doesburg_officer, doesburg):
    cases = [
        ("bag", SimpleUploadedFile("extract.pdf", b"%PDF-1.7")),
        ("bag", SimpleUploadedFile("extract.zip", b"not a zip at all")),
        ("bag", SimpleUploadedFile("bag-light.gpkg", b"PK\x03\x04 a zip named gpkg")),
        ("ep_online", SimpleUploadedFile("labels.csv", b"PK\x03\x04\x00\x00binary")),
        ("ep_online", SimpleUploadedFile("labels.zip", b"PK\x03\x04")),
        ("bag", SimpleUploadedFile("empty.zip", b"")),
    ]
    for kind, upload in cases:
        response = doesburg_officer.post(
            UPLOAD, {"kind": kind, "file": upload, "municipality": doesburg.pk}
        )
        assert response.status_code == 400, upload.name
        assert response.context["form"].errors["file"], upload.name
    assert not RegisterImport.objects.exists()


def test_a_file_over_the_limit_is_refused(doesburg_officer, doesburg, settings, extract):
    settings.REGISTER_UPLOAD_MAX_BYTES = extract.stat().st_size - 1
    response = _post(doesburg_officer, _upload(extract), municipality=doesburg.pk)
    assert response.status_code == 400
    assert "groter dan" in response.content.decode()
    assert not RegisterImport.objects.exists()


def test_the_csv_has_dutch_headers_and_every_line_in_words(doesburg_officer, doesburg, extract):
    _post(doesburg_officer, _upload(extract), municipality=doesburg.pk)
    job = RegisterImport.objects.get()
    response = doesburg_officer.get(reverse("dashboard:register-import-csv", args=[job.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Soort;BAG-id;Reden;Redencode"
    assert len(lines) == 1 + job.lines.count()
    assert f"overgeslagen;{CASES['under_construction'][0]};in aanbouw;construction" in lines


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_running_import_writes_its_progress_where_the_page_can_read_it(
    doesburg_officer, doesburg, tmp_path, monkeypatch
):
    """Read back through a connection of its own each time the import writes its progress: the
    import's transaction is open then, so what is read there is what a polling page sees."""
    path = write_extract(tmp_path, dataclasses.replace(OPTIONS, units=3000), "zip")
    seen: list[int] = []
    write = JobProgress.update

    def write_and_read_back(self, **values):  # type: ignore[no-untyped-def]
        write(self, **values)
        if "progress" in values:
            reader = connections.create_connection(DEFAULT_DB_ALIAS)
            try:
                with reader.cursor() as cursor:
                    cursor.execute(
                        "SELECT progress FROM buildings_registerimport WHERE id = %s",
                        [self.job.pk],
                    )
                    seen.append(cursor.fetchone()[0])
            finally:
                reader.close()

    monkeypatch.setattr(JobProgress, "update", write_and_read_back)
    _post(doesburg_officer, _upload(path), municipality=doesburg.pk)
    job = RegisterImport.objects.get()
    assert job.status == ImportJobStatus.SUCCEEDED, job.error
    assert seen == sorted(seen) and seen[0] == 0
    assert len(set(seen)) > 5 and max(seen) < 100
    assert job.progress == 100
    # The page shows the bar while it runs: an htmx poll of an unfinished job gets the bar.
    RegisterImport.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING, progress=42)
    poll = doesburg_officer.get(
        reverse("dashboard:register-import", args=[job.pk]), HTTP_HX_REQUEST="true"
    )
    assert b'value="42"' in poll.content and b"hx-trigger" in poll.content


def test_a_finished_job_makes_the_poll_reload_the_page(doesburg_officer, doesburg, extract):
    _post(doesburg_officer, _upload(extract), municipality=doesburg.pk)
    job = RegisterImport.objects.get()
    poll = doesburg_officer.get(
        reverse("dashboard:register-import", args=[job.pk]), HTTP_HX_REQUEST="true"
    )
    assert poll["HX-Refresh"] == "true"


# --- words for every reason -----------------------------------------------------------------


def test_every_reason_the_rules_produce_has_words_in_dutch_and_english():
    assert set(BAG_REASONS) == set(rules.REASONS)
    for line_kind, codes in (("skipped", rules.REASONS), ("missing", MISSING_REASONS)):
        for code in codes:
            with translation.override("en"):
                english = reason_words(kind="bag", line_kind=line_kind, code=code)
            with translation.override("nl"):
                dutch = reason_words(kind="bag", line_kind=line_kind, code=code)
            assert english != code and dutch != code, code
            assert dutch != english, f"{code} has no Dutch words"


# --- the zip itself: built here, not read from disk --------------------------------------------


def test_a_zip_without_bag_parts_fails_with_the_readers_message(doesburg_officer, doesburg):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    upload = SimpleUploadedFile("BAGGEM0221L-01112026.zip", buffer.getvalue())
    _post(doesburg_officer, upload, municipality=doesburg.pk)
    job = RegisterImport.objects.get()
    assert job.status == ImportJobStatus.FAILED
    assert job.error.startswith("Geen BAG 2.0-extract")
