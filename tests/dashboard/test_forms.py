"""Writes from the dashboard: an observation, a flag dismissal and a CSV upload."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from buildings.models import ImportJob, StructuralVacancyFlag, VacancyRecord


def _observation(**values):
    data = {"observed_on": "2013-03-31", "vacant_area_m2": "4000", "source": "municipality"}
    data.update(values)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["utrecht", "investor"])
def test_record_an_observation(client_as, utrecht_building, role):
    url = f"/gebouwen/{utrecht_building.bag_id}"
    assert 'name="vacant_area_m2"' in client_as(role).get(url).text
    response = client_as(role).post(url, _observation(source="owner"))
    assert response.status_code == 302
    record = VacancyRecord.objects.get(building=utrecht_building, observed_on="2013-03-31")
    assert record.vacant_area_m2 == 4000
    assert record.recorded_by.username in {"utrecht.ambtenaar", "belegger"}


@pytest.mark.django_db
def test_an_invalid_observation_shows_the_error_next_to_the_field(client_as, utrecht_building):
    response = client_as("utrecht").post(
        f"/gebouwen/{utrecht_building.bag_id}", _observation(vacant_area_m2="9000")
    )
    assert response.status_code == 400
    assert 'id="id_vacant_area_m2-error"' in response.text
    assert "8.000 m2" in response.text  # the lettable area in the message, in Dutch notation
    assert not VacancyRecord.objects.filter(observed_on="2013-03-31").exists()


@pytest.mark.django_db
def test_a_future_observation_is_refused_on_its_field(client_as, utrecht_building):
    future = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    response = client_as("utrecht").post(
        f"/gebouwen/{utrecht_building.bag_id}", _observation(observed_on=future)
    )
    assert response.status_code == 400
    assert 'id="id_observed_on-error"' in response.text


@pytest.mark.django_db
def test_an_officer_of_another_municipality_cannot_record(client_as, utrecht_building):
    response = client_as("amsterdam").post(f"/gebouwen/{utrecht_building.bag_id}", _observation())
    assert response.status_code == 404
    assert not VacancyRecord.objects.filter(observed_on="2013-03-31").exists()


@pytest.mark.django_db
def test_dismiss_a_flag_with_a_reason(client_as, utrecht_building):
    flag = StructuralVacancyFlag.objects.create(
        building=utrecht_building,
        vacant_since=datetime.date(2009, 6, 30),
        flagged_on=datetime.date(2012, 6, 30),
    )
    client = client_as("utrecht")
    page = client.get("/signaleringen").text
    assert utrecht_building.name in page
    client.post(f"/signaleringen/{flag.pk}/afwijzen", {"reason": ""})
    flag.refresh_from_db()
    assert flag.status == "open"
    client.post(f"/signaleringen/{flag.pk}/afwijzen", {"reason": "Wordt gesloopt in 2013"})
    flag.refresh_from_db()
    assert flag.status == "dismissed"
    assert flag.dismissal_reason == "Wordt gesloopt in 2013"


@pytest.mark.django_db
def test_an_officer_cannot_dismiss_a_flag_outside_their_area(client_as, amsterdam_building):
    flag = StructuralVacancyFlag.objects.create(
        building=amsterdam_building,
        vacant_since=datetime.date(2009, 6, 30),
        flagged_on=datetime.date(2012, 6, 30),
    )
    response = client_as("utrecht").post(f"/signaleringen/{flag.pk}/afwijzen", {"reason": "x"})
    assert response.status_code == 404
    flag.refresh_from_db()
    assert flag.status == "open"


def _upload(client, text):
    return client.post(
        "/importeren",
        {"file": SimpleUploadedFile("records.csv", text.encode(), content_type="text/csv")},
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upload_records_as_a_job(client_as, utrecht_building):
    client = client_as("utrecht")
    response = _upload(
        client,
        "bagId,observedOn,vacantAreaM2,source\n0344100000000001,2013-06-30,1000,municipality\n",
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == f"/importeren/{job.pk}"
    partial = client.get(f"/importeren/{job.pk}", headers={"HX-Request": "true"}).text
    assert partial.lstrip().startswith('<div id="import-progress"')
    assert "hx-trigger" not in partial  # finished: the polling stops
    assert VacancyRecord.objects.filter(observed_on="2013-06-30", vacant_area_m2=1000).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upload_with_bad_rows_gives_an_error_report(client_as, utrecht_building):
    client = client_as("utrecht")
    _upload(
        client,
        "bagId,observedOn,vacantAreaM2,source\n"
        "0344100000000001,2013-06-30,99999,municipality\n"
        "0344100000000001,2013-09-30,10,municipality\n",
    )
    job = ImportJob.objects.get()
    assert job.status == "failed"
    report = b"".join(client.get(f"/importeren/{job.pk}/fouten.csv").streaming_content)
    lines = report.decode("utf-8-sig").splitlines()
    assert lines[0] == "Rij;Veld;Code;Reden"
    assert lines[1].startswith("1;")
    assert not VacancyRecord.objects.filter(observed_on="2013-09-30").exists()
    # Another user cannot read the job.
    assert client_as("amsterdam").get(f"/importeren/{job.pk}").status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upload_with_bare_carriage_returns_is_read(client_as, utrecht_building):
    """Old Mac line ends (a carriage return alone) end rows as any other line end does."""
    response = _upload(
        client_as("utrecht"),
        "bagId,observedOn,vacantAreaM2,source\r0344100000000001,2013-06-30,1000,municipality\r",
    )
    assert response.status_code == 302
    assert ImportJob.objects.get().status == "succeeded"
    assert VacancyRecord.objects.filter(observed_on="2013-06-30", vacant_area_m2=1000).exists()


@pytest.mark.django_db
def test_the_error_report_writes_a_quoted_input_as_text(client_as, users):
    reason = '=HYPERLINK("https://evil.example") is geen geldige bron'
    job = ImportJob.objects.create(
        file="imports/test.csv",
        created_by=users["utrecht"],
        status="failed",
        errors=[{"row": 1, "field": "source", "code": "invalid", "reason": reason}],
    )
    response = client_as("utrecht").get(f"/importeren/{job.pk}/fouten.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffRij;Veld;Code;Reden\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[1] == ["1", "source", "invalid", "'" + reason]


@pytest.mark.django_db
def test_a_note_longer_than_the_limit_is_refused(client_as, utrecht_building):
    url = f"/gebouwen/{utrecht_building.bag_id}"
    response = client_as("utrecht").post(url, _observation(note="x" * 1001))
    assert response.status_code == 400
    assert 'id="id_note-error"' in response.text
    assert not VacancyRecord.objects.filter(observed_on="2013-03-31").exists()
    assert 'maxlength="1000"' in client_as("utrecht").get(url).text
