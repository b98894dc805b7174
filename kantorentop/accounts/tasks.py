"""Celery tasks of accounts: thin wrappers around services."""

from celery import shared_task

from kantorentop.accounts.services import notification_email, notifications_email_pending
from kantorentop.core.tasks import RecoverableTask


@shared_task(  # type: ignore[untyped-decorator]
    base=RecoverableTask,
    acks_late=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def notifications_email(notification_ids: list[int]) -> int:
    """E-mail notifications; idempotent (an e-mailed notification is skipped), so acks_late.

    Enqueued after commit; when that send fails, notifications_email_pending_sweep catches up.
    """
    return sum(notification_email(notification_id=pk) for pk in notification_ids)


@shared_task(base=RecoverableTask, acks_late=True)  # type: ignore[untyped-decorator]
def notifications_email_pending_sweep() -> int:
    """Every few minutes (beat): e-mail the notifications whose message never arrived."""
    return notifications_email_pending()
