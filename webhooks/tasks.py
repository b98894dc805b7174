"""Celery tasks of webhooks: thin wrappers around the services, safe to run twice.

Without Redis (CELERY_TASK_ALWAYS_EAGER) they run in-process after the commit that wrote the
events; the retries that fall due later come from `manage.py deliver_webhooks` (ADR 0023).
"""

from celery import shared_task
from django.conf import settings

from kantorentop.core.tasks import RecoverableTask
from webhooks.services.dispatch import subscriptions_dispatch
from webhooks.services.sending import subscription_deliver

# A retry due within this many seconds is sent as a task with a countdown; later ones are
# left to the beat's minutely sweep (a long countdown would sit unacknowledged in a worker).
COUNTDOWN_LIMIT = 60


@shared_task(base=RecoverableTask, acks_late=True)  # type: ignore[untyped-decorator]
def webhooks_deliver(subscription_id: str) -> None:
    """Send a subscription's due deliveries; enqueue itself again for a retry due soon."""
    wait = subscription_deliver(subscription_id=subscription_id)
    if wait is None or settings.CELERY_TASK_ALWAYS_EAGER:
        return
    if wait < COUNTDOWN_LIMIT:
        webhooks_deliver.apply_async(args=[subscription_id], countdown=wait)


@shared_task(base=RecoverableTask, acks_late=True)  # type: ignore[untyped-decorator]
def webhooks_dispatch() -> int:
    """Turn new events into deliveries and send a task for every subscription with deliveries
    due. After a commit that wrote events (webhooks.kick), and every minute by beat."""
    due = subscriptions_dispatch()
    for subscription_id in due:
        webhooks_deliver.delay(str(subscription_id))
    return len(due)


@shared_task(base=RecoverableTask, acks_late=True)  # type: ignore[untyped-decorator]
def webhooks_deliver_due() -> int:
    """Every minute (beat): the sweep that makes up for lost messages, killed workers and
    retries due later than a countdown reaches."""
    return int(webhooks_dispatch())
