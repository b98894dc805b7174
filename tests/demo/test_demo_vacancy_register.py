"""The demo's Leegstandwet register: two municipalities with an ordinance, cases in every state
(written through the services, so each has its deadline), and disputes open, upheld and
corrected."""

import pytest
from django.utils import timezone

from kantorentop.core.models import AuditEvent
from vacancy_law.choices import CaseStatus, DisputeStatus
from vacancy_law.models import RecordDispute, VacancyCase, VacancyOrdinance
from vacancy_law.selectors import case_history

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_two_municipalities_have_an_ordinance_and_cases_in_every_state(demo_data):
    codes = set(VacancyOrdinance.objects.values_list("municipality__code", flat=True))
    assert codes == {"GM0344", "GM0363"}
    for code in codes:
        states = set(
            VacancyCase.objects.filter(building__municipality__code=code).values_list(
                "status", flat=True
            )
        )
        assert states == set(CaseStatus.values), code
    open_cases = VacancyCase.objects.open()
    # Every step but the decision and the closure has a deadline (ADR 0032).
    without_deadline = open_cases.filter(next_due_on__isnull=True)
    assert not without_deadline.exclude(status__in=["consulted", "complied"]).exists()
    assert not open_cases.filter(status="consulted", next_due_on__isnull=False).exists()


def test_disputes_are_open_upheld_and_corrected(demo_data):
    statuses = sorted(RecordDispute.objects.values_list("status", flat=True))
    assert statuses == sorted(DisputeStatus.values)


# The date field of a case that each step's events and letter carry.
STEP_DAYS = {
    "detected": "opened_on",
    "reported": "reported_on",
    "consulted": "consulted_on",
    "decided": "decided_on",
    "complied": "complied_on",
    "closed": "closed_on",
}


def _step(event: AuditEvent) -> str:
    action = event.action.rpartition(".")[2]
    if action == "letter":
        return event.details["step"]
    return "detected" if action == "opened" else event.details["status"]


def test_a_case_history_carries_the_dates_of_its_steps(demo_data):
    """The services wrote the history when the demo loaded; it shows the steps' own dates, newest
    first, and so do the letters."""
    for case in VacancyCase.objects.prefetch_related("letters"):
        events = AuditEvent.objects.filter(
            object_type="vacancy_law.vacancycase", object_id=str(case.pk)
        )
        assert events.exists(), case.pk
        for event in events:
            day = getattr(case, STEP_DAYS[_step(event)])
            assert timezone.localdate(event.occurred_at) == day, (case.pk, event.action)
        for letter in case.letters.all():
            assert timezone.localdate(letter.created_at) == getattr(case, STEP_DAYS[letter.step])
        shown = [timezone.localdate(entry.occurred_at) for entry in case_history(case=case)]
        assert shown == sorted(shown, reverse=True), case.pk
