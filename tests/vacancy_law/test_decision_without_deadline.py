"""The law sets the municipality no term for the decision (ADR 0032): a case awaiting it has the
decision as its next step without a deadline, on the case page ("Besluit, vanaf ..."), in the
worklist, the API, the counts of overdue cases, the reminders and the consultation's letter."""

import datetime
import importlib
import re

import pytest
from django.apps import apps as global_apps
from django.test import Client
from rest_framework.test import APIClient

from kantorentop.accounts.models import Notification
from kantorentop.accounts.scopes import Scope
from kantorentop.core.models import AuditEvent
from tests.vacancy_law.factories import report_submitted
from vacancy_law import selectors, services
from vacancy_law.models import VacancyCase
from vacancy_law.services.letters import letter_text

D = datetime.date
pytestmark = pytest.mark.django_db
# Vacant since 29-02-2024, reported 31-08-2025, consulted 15-10-2025: a decision can be taken
# from 15-10-2025 on (the designation period ended on 28-02-2025), long before today.
DECIDABLE_FROM = D(2025, 10, 15)


@pytest.fixture
def consulted(owner, officer, building, ordinance):
    report = report_submitted(owner, building)
    return services.vacancy_case_consult(
        case=report.case, user=officer, consulted_on=DECIDABLE_FROM
    )


def test_a_case_awaiting_the_decision_stores_no_deadline_and_is_not_reminded(consulted):
    assert (consulted.next_step, consulted.next_due_on) == ("decision", None)
    assert services.vacancy_case_reminders_send(on=D(2026, 6, 1)) == 0
    assert not Notification.objects.filter(kind="vacancy_case_overdue").exists()
    assert not AuditEvent.objects.filter(action="vacancy_law.vacancycase.reminded").exists()
    (counts,) = selectors.case_counts_per_municipality(scope=Scope(national=True), on=D(2026, 6, 1))
    assert (counts.open_cases, counts.overdue) == (1, 0)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def test_the_case_page_and_the_worklist_give_the_decision_no_deadline(consulted, officer):
    client = Client()
    client.force_login(officer)
    page = client.get(f"/leegstandwet/zaken/{consulted.pk}").content.decode()
    next_step = re.search(r"<dt>Volgende stap</dt><dd>(.*?)</dd>", page, flags=re.S).group(1)
    assert _text(next_step) == f"Besluit, vanaf {DECIDABLE_FROM:%d-%m-%Y}"
    worklist = client.get("/leegstandwet").content.decode()
    row = re.search(rf'zaken/{consulted.pk}".*?</tr>', worklist, flags=re.S).group(0)
    cells = [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
    assert cells[:3] == ["–", "Besluit", "–"], cells  # countdown, next step, due on


def test_the_consultation_letter_sets_the_decision_no_date(consulted):
    _subject, text = letter_text(consulted)
    assert "uiterlijk" not in text
    assert "Daarna volgt ons besluit; de Leegstandwet stelt daarvoor geen termijn." in text


def test_the_api_gives_the_decision_no_deadline(consulted, officer):
    client = APIClient()
    client.force_authenticate(officer)
    case = client.get(f"/api/v1/vacancy-cases/{consulted.pk}").json()
    assert (case["nextStep"], case["nextDueOn"], case["daysLeft"]) == ("decision", None, None)


def test_the_migration_clears_a_stored_decision_date(consulted):
    VacancyCase.objects.update(next_due_on=DECIDABLE_FROM)  # as the services stored it before
    migration = importlib.import_module("vacancy_law.migrations.0007_decision_without_deadline")
    migration.clear(global_apps, None)
    assert VacancyCase.objects.get().next_due_on is None
