"""Celery tasks of the dashboard: thin wrappers around services."""

from celery import shared_task

from dashboard.services import data_change_log_compact


@shared_task(acks_late=True)  # type: ignore[untyped-decorator]
def data_change_log_compact_daily() -> int:
    """Daily (beat): keep the data-change log short. Idempotent, so acks_late."""
    return data_change_log_compact()
