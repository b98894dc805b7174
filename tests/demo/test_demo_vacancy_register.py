"""The demo's Leegstandwet register: two municipalities with an ordinance, cases in every state
(written through the services, so each has its deadline), and disputes open, upheld and
corrected."""

import pytest

from vacancy_law.choices import CaseStatus, DisputeStatus
from vacancy_law.models import RecordDispute, VacancyCase, VacancyOrdinance

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
