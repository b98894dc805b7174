"""Every step's deadline from one function, around month ends and leap days."""

import datetime

import pytest

from vacancy_law.models import VacancyOrdinance
from vacancy_law.periods import (
    CaseDates,
    add_months,
    case_timeline,
    next_step_and_deadline,
    statutory_report_deadline,
    step_deadline,
)

D = datetime.date


@pytest.fixture
def periods():
    return VacancyOrdinance(
        reporting_period_months=6,
        consultation_period_months=3,
        designation_period_months=12,
        compliance_period_months=3,
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 2, 29), 6, D(2024, 8, 29)),
        (D(2025, 8, 31), 3, D(2025, 11, 30)),
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
        (D(2023, 8, 31), 6, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2024, 12, 31), 3, D(2025, 3, 31)),
        (D(2024, 11, 30), 3, D(2025, 2, 28)),
    ],
)
def test_months_end_on_the_same_day_or_the_last_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def test_each_step_counts_from_its_own_date(periods):
    dates = CaseDates(
        vacant_since=D(2024, 2, 29),
        opened_on=D(2025, 8, 31),
        reported_on=D(2025, 8, 31),
        consulted_on=D(2025, 10, 15),
        decided_on=D(2025, 11, 30),
    )
    assert step_deadline(step="report", periods=periods, dates=dates) == D(2024, 8, 29)
    assert step_deadline(step="consultation", periods=periods, dates=dates) == D(2025, 11, 30)
    # Twelve months of vacancy passed before the consultation: due from the consultation on.
    assert step_deadline(step="decision", periods=periods, dates=dates) == D(2025, 10, 15)
    assert step_deadline(step="compliance", periods=periods, dates=dates) == D(2026, 2, 28)
    assert step_deadline(step="closure", periods=periods, dates=dates) is None


def test_a_decision_waits_for_the_designation_period(periods):
    dates = CaseDates(
        vacant_since=D(2024, 2, 29), opened_on=D(2024, 9, 1), consulted_on=D(2024, 10, 1)
    )
    assert step_deadline(step="decision", periods=periods, dates=dates) == D(2025, 2, 28)


def test_the_timeline_tells_a_deadline_from_the_decision_s_from_date(periods):
    """The law sets the municipality no term for the decision: its date is the day from which
    it can be taken, the other steps' dates are deadlines (ADR 0032)."""
    dates = CaseDates(vacant_since=D(2024, 2, 29), opened_on=D(2024, 9, 1))
    timeline = case_timeline(periods=periods, dates=dates)
    assert [(row.step, row.due_is_deadline) for row in timeline] == [
        ("report", True),
        ("consultation", True),
        ("decision", False),
        ("compliance", True),
    ]


def test_a_detected_case_counts_its_consultation_from_its_opening(periods):
    dates = CaseDates(vacant_since=D(2024, 1, 31), opened_on=D(2024, 11, 30))
    assert step_deadline(step="consultation", periods=periods, dates=dates) == D(2025, 2, 28)


def test_the_periods_of_the_ordinance_version_count(periods):
    periods.reporting_period_months = 9
    dates = CaseDates(
        vacant_since=D(2024, 5, 31), opened_on=D(2025, 3, 1), reported_on=D(2025, 3, 1)
    )
    assert step_deadline(step="report", periods=periods, dates=dates) == D(2025, 2, 28)
    statutory = statutory_report_deadline(
        periods=periods, vacant_since=D(2024, 5, 31), ordinance_since=D(2012, 1, 1)
    )
    assert statutory == D(2025, 2, 28)


def test_the_next_step_follows_the_status(periods):
    dates = CaseDates(vacant_since=D(2024, 2, 29), opened_on=D(2024, 9, 2))
    # Detected after the statutory deadline (29-08-2024): the report is asked for by the end of
    # the consultation term from the opening.
    assert next_step_and_deadline(status="detected", periods=periods, dates=dates) == (
        "report",
        D(2024, 12, 2),
    )
    assert next_step_and_deadline(status="closed", periods=periods, dates=dates) == ("", None)
