"""The register in the API: ordinances, reports, cases with their `_` steps, disputes with
`disputed: true` on the record until decided; scopes answer 404 outside them."""

import datetime

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from kantorentop.accounts.services import api_client_create
from tests.api.helpers import assert_problem, invalid_names
from tests.vacancy_law.conftest import PDF, PNG
from vacancy_law.periods import add_months

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today().isoformat()


def _as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def province():
    client = APIClient()
    key = api_client_create(name="Provincie Utrecht", province_code="PV26")[1]
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


REPORT = {
    "bagId": "0344100000077777",
    "vacantSince": "2024-02-29",
    "vacantAreaM2": 2500,
    "contactName": "J. de Vries",
    "contactEmail": "j.devries@example.nl",
}


def test_ordinances_are_public_and_recorded_by_the_officers(officer, owner, utrecht_gm):
    body = {
        "municipality": "GM0344",
        "title": "Leegstandverordening Utrecht 2026",
        "adoptedOn": "2026-01-15",
        "inForceFrom": "2026-02-01",
        "buildingKinds": ["office", "shop"],
    }
    assert _as(owner).post("/api/v1/vacancy-ordinances", body, format="json").status_code == 403
    short = _as(officer).post(
        "/api/v1/vacancy-ordinances", {**body, "reportingPeriodMonths": 5}, format="json"
    )
    assert "reportingPeriodMonths" in invalid_names(short)
    created = _as(officer).post("/api/v1/vacancy-ordinances", body, format="json")
    assert created.status_code == 201, created.content
    listed = APIClient().get("/api/v1/vacancy-ordinances?municipality=GM0344").json()
    (row,) = listed["results"]
    assert (row["reportingPeriodMonths"], row["consultationPeriodMonths"]) == (6, 3)
    assert (row["designationPeriodMonths"], row["compliancePeriodMonths"]) == (12, 3)


def test_a_case_runs_through_its_steps(owner, officer, building, ordinance, province):
    report = _as(owner).post("/api/v1/vacancy-reports", REPORT, format="json")
    assert report.status_code == 201, report.content
    case_id = report.json()["case"]
    url = f"/api/v1/vacancy-cases/{case_id}"
    case = _as(owner).get(url).json()
    today = datetime.date.today()
    due = datetime.date.fromisoformat(case["nextDueOn"])
    assert (case["status"], case["nextStep"], case["daysLeft"]) == (
        "reported",
        "consultation",
        (due - today).days,
    )
    # A province reads aggregates only: no case, as if it did not exist.
    assert_problem(province.get(url), 404)
    assert province.get("/api/v1/vacancy-cases").json()["count"] == 0
    owner_consults = _as(owner).post(f"{url}/_consult", {"consultedOn": TODAY}, format="json")
    assert_problem(owner_consults, 403)
    minutes = SimpleUploadedFile("verslag overleg.pdf", PDF, content_type="application/pdf")
    consulted = _as(officer).post(
        f"{url}/_consult", {"consultedOn": TODAY, "minutes": minutes}, format="multipart"
    )
    assert consulted.status_code == 200, consulted.content
    assert consulted.json()["hasMinutes"] is True
    download = _as(owner).get(f"{url}/minutes")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    decided = _as(officer).post(
        f"{url}/_decide",
        {
            "decidedOn": TODAY,
            "decisionSummary": "Voordracht",
            "designatedUser": "Stichting Werkplaats",
        },
        format="json",
    )
    assert decided.json()["nextDueOn"] == add_months(datetime.date.today(), 3).isoformat()
    complied = _as(officer).post(f"{url}/_comply", {"compliedOn": TODAY}, format="json")
    assert complied.json()["nextStep"] == "closure"
    closed = _as(officer).post(
        f"{url}/_close", {"closedOn": TODAY, "closureReason": "In gebruik"}, format="json"
    )
    assert (closed.json()["status"], closed.json()["daysLeft"]) == ("closed", None)
    letters = closed.json()["letters"]
    assert [letter["step"] for letter in letters] == [
        "reported",
        "consulted",
        "decided",
        "complied",
        "closed",
    ]
    pdf_letter = _as(owner).get(letters[-1]["downloadUrl"])
    assert b"".join(pdf_letter.streaming_content).startswith(b"%PDF-")
    assert_problem(province.get(letters[-1]["downloadUrl"]), 404)
    again = _as(officer).post(
        f"{url}/_close", {"closedOn": TODAY, "closureReason": "x"}, format="json"
    )
    assert assert_problem(again, 400)["invalidParams"][0]["code"] == "invalid_transition"


def test_a_disputed_record_is_marked_until_corrected(owner, officer, building, record):
    records_url = f"/api/v1/buildings/{building.bag_id}/vacancy-records"
    assert _as(officer).get(records_url).json()["results"][0]["disputed"] is False
    evidence = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    body = {"bagId": building.bag_id, "observedOn": "2024-03-31", "reason": "Verhuurd per 1 maart"}
    disputed = _as(owner).post(
        "/api/v1/record-disputes", {**body, "evidence": evidence}, format="multipart"
    )
    assert disputed.status_code == 201, disputed.content
    assert disputed.json()["evidenceContentType"] == "image/png"
    assert _as(officer).get(records_url).json()["results"][0]["disputed"] is True
    bulk = _as(officer).get("/api/v1/vacancy-records?municipality=GM0344").json()["results"]
    assert [row["disputed"] for row in bulk] == [True]
    html = SimpleUploadedFile("foto.png", b"<svg/>", content_type="image/png")
    refused = _as(owner).post(
        "/api/v1/record-disputes", {**body, "evidence": html}, format="multipart"
    )
    assert assert_problem(refused, 400)
    url = f"/api/v1/record-disputes/{disputed.json()['id']}"
    decided = _as(officer).post(
        f"{url}/_decide",
        {"decision": "corrected", "reason": "Huurcontract gezien", "correctedVacantAreaM2": 0},
        format="json",
    )
    assert decided.status_code == 200, decided.content
    row = _as(owner).get(records_url).json()["results"][0]
    assert (row["vacantAreaM2"], row["source"], row["disputed"]) == (0, "municipality", False)
    history = apps.get_model("buildings", "VacancyRecordEvent").objects.filter(id=record.pk)
    assert [event.vacant_area_m2 for event in history] == [3000]
    assert _as(owner).get(url).json()["status"] == "corrected"
