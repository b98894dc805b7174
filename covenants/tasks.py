"""Celery tasks of the covenant: thin wrappers around services, taking dates, safe to run twice."""

import datetime

from celery import shared_task

from buildings.services.flags import today_in_amsterdam
from covenants.services import commitment_reminders_send


@shared_task(acks_late=True)  # type: ignore[untyped-decorator]
def commitment_reminders_weekly(on: str | None = None) -> int:
    """Remind those who report on commitments due within four weeks or overdue, and not done,
    for `on` (ISO date; default today in Europe/Amsterdam). Each recipient gets one reminder per
    commitment per week, so a redelivered or doubled run notifies nobody twice; hence acks_late.
    Returns the number of notifications created."""
    day = datetime.date.fromisoformat(on) if on else today_in_amsterdam()
    return commitment_reminders_send(on=day)
