"""Celery tasks of accounts: thin wrappers around services."""

from celery import shared_task

from kantorentop.accounts.services import notification_email


@shared_task(  # type: ignore[untyped-decorator]
    acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5
)
def notifications_email(notification_ids: list[int]) -> int:
    """E-mail notifications; idempotent (an e-mailed notification is skipped), so acks_late."""
    return sum(notification_email(notification_id=pk) for pk in notification_ids)
