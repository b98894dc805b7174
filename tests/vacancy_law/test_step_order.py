"""The steps' deadlines follow the order of the steps in every state a case can reach, and the
deadline a case waits for never lies before its opening (docs/adr/0032).

The states are drawn as the services would let them arise: a report opens a case on its date; the
job opens one only after the statutory reporting deadline; every step's date is on or after the
date of the step before it."""

import datetime
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from vacancy_law.choices import CaseStatus, CaseStep
from vacancy_law.periods import (
    CaseDates,
    days_left,
    next_step_and_deadline,
    statutory_report_deadline,
    step_deadline,
)

D = datetime.date
STEPS = [CaseStep.REPORT, CaseStep.CONSULTATION, CaseStep.DECISION, CaseStep.COMPLIANCE]
LATER_STATUSES = [CaseStatus.CONSULTED, CaseStatus.DECIDED, CaseStatus.COMPLIED]
MONTH_ENDS = [D(2020, 2, 29), D(2021, 8, 31), D(2023, 12, 31), D(2024, 1, 31), D(2024, 2, 29)]
days = st.integers(0, 800).map(lambda n: datetime.timedelta(days=n))


@dataclass(frozen=True)
class Periods:
    """An ordinance version's periods in months (vacancy_law.periods.Periods)."""

    reporting_period_months: int
    consultation_period_months: int
    designation_period_months: int
    compliance_period_months: int


_periods = Periods


@st.composite
def case_states(draw):
    """An ordinance version's periods, a case's status and the dates it carries."""
    periods = _periods(
        draw(st.integers(6, 12)),
        draw(st.integers(1, 6)),
        draw(st.integers(1, 24)),
        draw(st.integers(1, 6)),
    )
    vacant_since = draw(
        st.sampled_from(MONTH_ENDS) | st.dates(min_value=D(2015, 1, 1), max_value=D(2026, 6, 30))
    )
    # The municipality's ordinance came into force before or after the vacancy began (ADR 0038).
    ordinance_since = draw(st.none() | st.dates(min_value=D(2012, 1, 1), max_value=D(2026, 6, 30)))
    detected = draw(st.booleans())
    if detected:
        # The job opens a case the day after the reporting period ended, or later.
        statutory = statutory_report_deadline(
            periods=periods, vacant_since=vacant_since, ordinance_since=ordinance_since
        )
        opened_on = statutory + datetime.timedelta(days=1) + draw(days) * 3
        reported_on = draw(st.none() | days.map(lambda n: opened_on + n))
    else:
        # A report opens a case only under an ordinance in force.
        opened_on = reported_on = (
            max(vacant_since, ordinance_since or vacant_since) + draw(days) * 4
        )
    statuses = [CaseStatus.CLOSED, *LATER_STATUSES]
    statuses += [CaseStatus.REPORTED] if reported_on else [CaseStatus.DETECTED]
    status = draw(st.sampled_from(statuses))
    if status == CaseStatus.CLOSED:  # closed after any step
        reached = LATER_STATUSES[: draw(st.integers(0, len(LATER_STATUSES)))]
    elif status in LATER_STATUSES:
        reached = LATER_STATUSES[: LATER_STATUSES.index(status) + 1]
    else:
        reached = []
    step_dates = {}
    day = reported_on or opened_on
    for step_status, field in zip(
        LATER_STATUSES, ("consulted_on", "decided_on", "complied_on"), strict=True
    ):
        if step_status in reached:
            day = day + draw(days)
            step_dates[field] = day
    complied_on = step_dates.pop("complied_on", None)
    dates = CaseDates(
        vacant_since=vacant_since,
        opened_on=opened_on,
        reported_on=reported_on,
        ordinance_since=ordinance_since,
        **step_dates,
    )
    return periods, status, dates, complied_on


def _held_on(step: str, dates: CaseDates, complied_on: datetime.date | None):
    return {
        CaseStep.REPORT: dates.reported_on,
        CaseStep.CONSULTATION: dates.consulted_on,
        CaseStep.DECISION: dates.decided_on,
        CaseStep.COMPLIANCE: complied_on,
    }[step]


@given(case_states())
def test_the_deadlines_follow_the_order_of_the_steps(state):
    """Along report, consultation, decision and compliance, each step's date (the day it was
    taken, or else its deadline) is never before the one of the step before it."""
    periods, _status, dates, complied_on = state
    timeline = []
    for step in STEPS:
        held_on = _held_on(step, dates, complied_on)
        due_on = step_deadline(step=step, periods=periods, dates=dates)
        if held_on or due_on:
            timeline.append((step, held_on or due_on))
    for (before, before_on), (after, after_on) in zip(timeline, timeline[1:], strict=False):
        assert before_on <= after_on, f"{after} {after_on} before {before} {before_on}"


@given(case_states())
def test_the_deadline_a_case_waits_for_is_never_before_its_opening(state):
    """A case is never overdue on the day it opens: the delay before the municipality opened
    it is not a delay of the register's next step."""
    periods, status, dates, _complied_on = state
    step, due_on = next_step_and_deadline(status=status, periods=periods, dates=dates)
    if due_on is not None:
        assert due_on >= dates.opened_on, (step, due_on)


def test_the_demo_case_detected_years_after_its_report_was_due():
    """Amsterdam's demo case 7: vacant since 31-12-2021, so the owner had to report by
    30-06-2022; the portal found it on 30-09-2026. The owner is asked to report by the end of the
    consultation term from the opening; the consultation and a decision follow from there."""
    periods = _periods(6, 2, 12, 3)
    dates = CaseDates(vacant_since=D(2021, 12, 31), opened_on=D(2026, 9, 30))
    deadlines = [step_deadline(step=step, periods=periods, dates=dates) for step in STEPS]
    assert deadlines == [D(2026, 11, 30), D(2026, 11, 30), D(2026, 11, 30), None]
    step, due_on = next_step_and_deadline(status="detected", periods=periods, dates=dates)
    assert (step, due_on) == ("report", D(2026, 11, 30))
    assert days_left(due_on=due_on, today=D(2026, 12, 6)) == -6


def test_a_late_report_of_a_detected_case_moves_the_consultation_not_the_past():
    periods = _periods(6, 2, 12, 3)
    dates = CaseDates(
        vacant_since=D(2021, 12, 31), opened_on=D(2026, 9, 30), reported_on=D(2026, 12, 15)
    )
    assert step_deadline(step="consultation", periods=periods, dates=dates) == D(2027, 2, 15)
    assert step_deadline(step="decision", periods=periods, dates=dates) == D(2027, 2, 15)


def test_a_consultation_before_the_report_ends_the_wait_for_it():
    """Consulted without a report (detected → consulted): the report was asked for by the
    consultation, so its deadline is that day when the consultation came sooner."""
    periods = _periods(6, 3, 12, 3)
    dates = CaseDates(
        vacant_since=D(2021, 12, 31), opened_on=D(2026, 9, 30), consulted_on=D(2026, 10, 20)
    )
    assert step_deadline(step="report", periods=periods, dates=dates) == D(2026, 10, 20)
    assert step_deadline(step="decision", periods=periods, dates=dates) == D(2026, 10, 20)


def test_a_decision_waits_for_the_consultation_deadline_and_the_designation_period():
    periods = _periods(6, 3, 12, 3)
    reported = CaseDates(
        vacant_since=D(2025, 1, 31), opened_on=D(2025, 8, 31), reported_on=D(2025, 8, 31)
    )
    # Twelve months of vacancy end on 31-01-2026, after the consultation's deadline 30-11-2025.
    assert step_deadline(step="consultation", periods=periods, dates=reported) == D(2025, 11, 30)
    assert step_deadline(step="decision", periods=periods, dates=reported) == D(2026, 1, 31)
    # Detected after years of vacancy: no decision before the consultation's deadline.
    detected = CaseDates(vacant_since=D(2020, 1, 31), opened_on=D(2025, 8, 31))
    assert step_deadline(step="decision", periods=periods, dates=detected) == D(2025, 11, 30)
