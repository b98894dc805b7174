"""Celery tasks of the funds: thin wrappers around services, taking dates, safe to run twice."""

import datetime

from celery import shared_task

from buildings.services.flags import today_in_amsterdam
from funds.services.reminders import application_reminders_send


@shared_task(acks_late=True)  # type: ignore[untyped-decorator]
def application_reminders_weekly(on: str | None = None) -> int:
    """Remind the fund managers of applications waiting for their decision, for `on` (ISO
    date; default today in Europe/Amsterdam). One reminder per application and manager per
    week, so a redelivered or doubled run notifies nobody twice; hence acks_late. Returns the
    number of notifications created."""
    day = datetime.date.fromisoformat(on) if on else today_in_amsterdam()
    return application_reminders_send(on=day)
