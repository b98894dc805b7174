"""Celery tasks of the Leegstandwet register: thin wrappers around services, taking dates, safe
to run twice (each job is idempotent for a date)."""

import datetime

from celery import shared_task

from buildings.services.flags import today_in_amsterdam
from vacancy_law.services import vacancy_case_reminders_send, vacancy_cases_detect


@shared_task(acks_late=True)  # type: ignore[untyped-decorator]
def vacancy_cases_detect_daily(on: str | None = None) -> int:
    """Open cases for vacancy longer than the ordinance's reporting period without a report."""
    day = datetime.date.fromisoformat(on) if on else today_in_amsterdam()
    return vacancy_cases_detect(on=day)


@shared_task(acks_late=True)  # type: ignore[untyped-decorator]
def vacancy_case_reminders_daily(on: str | None = None) -> int:
    """Remind the officers of steps past their deadline (each step and deadline once)."""
    day = datetime.date.fromisoformat(on) if on else today_in_amsterdam()
    return vacancy_case_reminders_send(on=day)
