"""The officer confirms the owner's report up to the decision: a decided or closed case neither
offers "De melding bevestigen" nor accepts it, on the page or in the API."""

import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.api.helpers import assert_problem
from tests.vacancy_law.factories import report_submitted
from vacancy_law import services

D = datetime.date
pytestmark = pytest.mark.django_db
CONFIRM_BUTTON = "De melding bevestigen"
REFUSED = "De melding kan niet meer worden bevestigd"


def _reported(owner, building):
    return report_submitted(owner, building)


def _decided(owner, officer, building):
    report = _reported(owner, building)
    case = services.vacancy_case_consult(
        case=report.case, user=officer, consulted_on=D(2025, 10, 1)
    )
    services.vacancy_case_decide(
        case=case,
        user=officer,
        decided_on=D(2025, 10, 2),
        decision_summary="Noodzakelijke voorzieningen",
        necessary_works="Brandveiligheid op orde brengen",
    )
    report.refresh_from_db()
    return report


def _page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_report_is_confirmed_while_the_case_awaits_consultation_or_decision(
    owner, officer, building, ordinance
):
    report = _reported(owner, building)
    page = _page_client(officer).get(f"/leegstandwet/zaken/{report.case.pk}").content.decode()
    assert CONFIRM_BUTTON in page
    services.vacancy_case_consult(case=report.case, user=officer, consulted_on=D(2025, 10, 1))
    page = _page_client(officer).get(f"/leegstandwet/zaken/{report.case.pk}").content.decode()
    assert CONFIRM_BUTTON in page
    assert services.vacancy_report_confirm(report=report, user=officer).status == "confirmed"


def test_a_decided_case_neither_offers_nor_accepts_the_confirmation(
    owner, officer, building, ordinance
):
    report = _decided(owner, officer, building)
    client = _page_client(officer)
    url = f"/leegstandwet/zaken/{report.case.pk}"
    assert CONFIRM_BUTTON not in client.get(url).content.decode()
    response = client.post(f"/leegstandwet/meldingen/{report.pk}/bevestigen", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(url, 302)]
    assert REFUSED in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"


def test_the_api_refuses_to_confirm_the_report_of_a_closed_case(
    owner, officer, building, ordinance
):
    report = _decided(owner, officer, building)
    services.vacancy_case_close(
        case=report.case, user=officer, closed_on=D(2025, 10, 3), closure_reason="Verhuurd"
    )
    client = APIClient()
    client.force_authenticate(officer)
    response = client.post(f"/api/v1/vacancy-reports/{report.pk}/_confirm", format="json")
    problem = assert_problem(response, 400)
    assert problem["invalidParams"][0]["code"] == "case_past_decision"
    report.refresh_from_db()
    assert report.status == "submitted"
