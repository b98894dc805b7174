"""The statutory clocks of a case: every step's deadline, in one function.

docs/adr/0018-leegstandwet-periods.md gives each period's source, docs/adr/0032 the order of the
steps' deadlines and the report a detected case asks for, docs/adr/0038 the reporting period's
start no earlier than the ordinance. A period of n months ends on
the same day of the month n months later, or on the last day of that month when it is shorter
(2024-02-29 + 6 months = 2024-08-29; 2025-08-31 + 3 months = 2025-11-30). A step is overdue on
the days after its deadline.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol

from dateutil.relativedelta import relativedelta

from vacancy_law.choices import CaseStatus, CaseStep


class Periods(Protocol):
    """The periods of an ordinance version (VacancyOrdinance has them)."""

    reporting_period_months: int
    consultation_period_months: int
    designation_period_months: int
    compliance_period_months: int


@dataclass(frozen=True)
class CaseDates:
    """The dates of a case that the deadlines count from."""

    vacant_since: datetime.date
    opened_on: datetime.date
    reported_on: datetime.date | None = None
    consulted_on: datetime.date | None = None
    decided_on: datetime.date | None = None
    complied_on: datetime.date | None = None
    # The day the municipality's ordinance came into force (its first version): no duty to
    # report runs before it (ADR 0038). None: the ordinance was in force before the vacancy.
    ordinance_since: datetime.date | None = None


@dataclass(frozen=True)
class StepDates:
    """One step of a case's timeline: its date, the day it was taken (if it was), and whether
    the date is a deadline ("by") or the day from which the step can be taken ("from")."""

    step: CaseStep
    due_on: datetime.date | None
    done_on: datetime.date | None
    due_is_deadline: bool = True


# Steps whose date is the day from which they can be taken, not a deadline: the law sets the
# municipality no term for the decision (ADR 0032). Every other step's date is a deadline.
STEPS_DATED_FROM = frozenset({CaseStep.DECISION})

# The step a case in each status waits for.
NEXT_STEP = {
    CaseStatus.DETECTED: CaseStep.REPORT,
    CaseStatus.REPORTED: CaseStep.CONSULTATION,
    CaseStatus.CONSULTED: CaseStep.DECISION,
    CaseStatus.DECIDED: CaseStep.COMPLIANCE,
    CaseStatus.COMPLIED: CaseStep.CLOSURE,
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole calendar months; the 29th to 31st become the last day of a shorter
    month."""
    result: datetime.date = day + relativedelta(months=months)
    return result


def statutory_report_deadline(
    *, periods: Periods, vacant_since: datetime.date, ordinance_since: datetime.date | None
) -> datetime.date:
    """The last day of vacancy the owner need not report yet (art. 3(1): reported once the
    vacancy lasts longer than the reporting period); the job opens a case on the days after.
    The period counts from the later of the vacancy's start and the day the municipality's
    ordinance came into force (`ordinance_since`): the duty to report is the ordinance's, so a
    building vacant before it had none (ADR 0038)."""
    start = vacant_since if ordinance_since is None else max(vacant_since, ordinance_since)
    return add_months(start, periods.reporting_period_months)


def _opened_before_report(dates: CaseDates) -> bool:
    """The municipality opened the case before the owner's report (the job found the vacancy)."""
    return dates.reported_on is None or dates.reported_on > dates.opened_on


def _consultation_due(periods: Periods, dates: CaseDates) -> datetime.date:
    start = max(dates.opened_on, dates.reported_on or dates.opened_on)
    return add_months(start, periods.consultation_period_months)


def step_deadline(*, step: str, periods: Periods, dates: CaseDates) -> datetime.date | None:
    """The date by which `step` is due, counted from the case's dates and its ordinance's
    periods; None when the step has no statutory term (closure) or the date it counts from is
    not known yet. A step is never due before the step it depends on.

    - report: the statutory deadline (the later of the vacancy start and the ordinance's entry
      into force, plus the reporting period). A case opened
      before the owner's report asks for it by the end of the consultation term from the
      opening, or by the consultation when that was held sooner: the owner's delay before the
      opening is shown, not counted as the register's;
    - consultation: the later of the report and the opening (without a report, the opening)
      plus the consultation period;
    - decision: after the consultation (the day it was held, or else its deadline) and once the
      vacancy lasted the designation period, whichever is later;
    - compliance: the decision plus the compliance period.
    """
    if step == CaseStep.REPORT:
        statutory = statutory_report_deadline(
            periods=periods, vacant_since=dates.vacant_since, ordinance_since=dates.ordinance_since
        )
        if not _opened_before_report(dates):
            return statutory
        asked_by = add_months(dates.opened_on, periods.consultation_period_months)
        if dates.consulted_on is not None:
            asked_by = min(asked_by, dates.consulted_on)
        return max(statutory, asked_by)
    if step == CaseStep.CONSULTATION:
        return _consultation_due(periods, dates)
    if step == CaseStep.DECISION:
        designable = add_months(dates.vacant_since, periods.designation_period_months)
        consulted = dates.consulted_on or _consultation_due(periods, dates)
        return max(designable, consulted)
    if step == CaseStep.COMPLIANCE:
        if dates.decided_on is None:
            return None
        return add_months(dates.decided_on, periods.compliance_period_months)
    return None


def case_timeline(*, periods: Periods, dates: CaseDates) -> list[StepDates]:
    """Report, consultation, decision and compliance with their dates and the days they were
    taken, for the case page: each step's date (taken, or else due) is on or after the one of
    the step before it. The decision's date says from when, the others' by when."""
    done = {
        CaseStep.REPORT: dates.reported_on,
        CaseStep.CONSULTATION: dates.consulted_on,
        CaseStep.DECISION: dates.decided_on,
        CaseStep.COMPLIANCE: dates.complied_on,
    }
    return [
        StepDates(
            step,
            step_deadline(step=step, periods=periods, dates=dates),
            done_on,
            due_is_deadline=step not in STEPS_DATED_FROM,
        )
        for step, done_on in done.items()
    ]


def next_step_and_deadline(
    *, status: str, periods: Periods, dates: CaseDates
) -> tuple[str, datetime.date | None]:
    """The step a case in `status` waits for and its deadline ("" and None once closed). A
    step dated "from" (the decision) has no deadline: None, so that no list, countdown, count
    or reminder takes its date for one (ADR 0032)."""
    step = NEXT_STEP.get(CaseStatus(status))
    if step is None:
        return "", None
    if step in STEPS_DATED_FROM:
        return step.value, None
    return step.value, step_deadline(step=step, periods=periods, dates=dates)


def days_left(*, due_on: datetime.date | None, today: datetime.date) -> int | None:
    """Days until `due_on` (negative once overdue), for the countdown."""
    return None if due_on is None else (due_on - today).days
