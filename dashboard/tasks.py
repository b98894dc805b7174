"""Celery tasks of the dashboard: thin wrappers around services."""

from celery import shared_task

from dashboard.services import area_figures_warm_when_changed, data_change_log_compact


@shared_task(acks_late=True)  # type: ignore[untyped-decorator]
def data_change_log_compact_daily() -> int:
    """Daily (beat): keep the data-change log short. Idempotent, so acks_late."""
    return data_change_log_compact()


@shared_task(acks_late=True)  # type: ignore[untyped-decorator]
def area_figures_warm_task() -> int:
    """Every few minutes (beat): every area page's figures into the shared cache once the data
    changed, before a visitor asks for them. Idempotent, so acks_late."""
    return area_figures_warm_when_changed()
