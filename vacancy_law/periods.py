"""The statutory clocks of a case: every step's deadline, in one function.

docs/adr/0018-leegstandwet-periods.md gives each period's source. A period of n months ends on
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


def step_deadline(*, step: str, periods: Periods, dates: CaseDates) -> datetime.date | None:
    """The date by which `step` is due, counted from the case's dates and its ordinance's
    periods; None when the step has no statutory term (closure) or the date it counts from is
    not known yet.

    - report: the vacancy start plus the reporting period (art. 3(1): reported once the vacancy
      lasts longer than it);
    - consultation: the report (for a detected case without one, its opening) plus the
      consultation period;
    - decision: the vacancy start plus the designation period, or the consultation when that is
      later (a user can be designated from then on, after consultation);
    - compliance: the decision plus the compliance period.
    """
    if step == CaseStep.REPORT:
        return add_months(dates.vacant_since, periods.reporting_period_months)
    if step == CaseStep.CONSULTATION:
        start = dates.reported_on or dates.opened_on
        return add_months(start, periods.consultation_period_months)
    if step == CaseStep.DECISION:
        earliest = add_months(dates.vacant_since, periods.designation_period_months)
        if dates.consulted_on is None:
            return earliest
        return max(earliest, dates.consulted_on)
    if step == CaseStep.COMPLIANCE:
        if dates.decided_on is None:
            return None
        return add_months(dates.decided_on, periods.compliance_period_months)
    return None


def next_step_and_deadline(
    *, status: str, periods: Periods, dates: CaseDates
) -> tuple[str, datetime.date | None]:
    """The step a case in `status` waits for and its deadline ("" and None once closed)."""
    step = NEXT_STEP.get(CaseStatus(status))
    if step is None:
        return "", None
    return step.value, step_deadline(step=step, periods=periods, dates=dates)


def days_left(*, due_on: datetime.date | None, today: datetime.date) -> int | None:
    """Days until `due_on` (negative once overdue), for the countdown."""
    return None if due_on is None else (due_on - today).days
