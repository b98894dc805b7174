"""Fault: a Celery worker is killed (SIGKILL) in the middle of a webhook delivery, while the
receiver holds the POST. The delivery is pending still; the task is acks_late, so Redis hands
it to the next worker after the visibility timeout, and that worker sends the same CloudEvent
again, with the same id: at least once."""

import pytest

from buildings.models import Building
from events.models import Event
from kantorentop.accounts.scopes import scope_for_api_client
from kantorentop.accounts.services import api_client_create
from regions.models import Municipality
from tests.faults.servers import database_url_of_test_database, process_env, start_worker, wait_for
from tests.webhooks.receiver import Receiver, Reply
from webhooks import kick
from webhooks.choices import DeliveryStatus
from webhooks.models import Delivery
from webhooks.services.subscriptions import subscription_create

pytestmark = [pytest.mark.slow, pytest.mark.celery_worker]

VISIBILITY_TIMEOUT = 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_killed_in_a_delivery_sends_it_again_with_the_same_id(
    tmp_path, redis_server, sender, settings, monkeypatch
):
    monkeypatch.setattr(kick, "_dispatch_soon", lambda: None)  # the test sends the task
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    receiver = Receiver(lambda event, count: Reply(204, delay=60 if count == 0 else 0)).start()
    client, _key = api_client_create(name="Landelijk")
    subscription_create(
        scope=scope_for_api_client(client),
        callback_url=receiver.url,
        types=["nl.kantorentop.building.created"],
    )
    Building.objects.create(
        bag_id="0344100000000701",
        municipality=Municipality.objects.get(code="GM0344"),
        lettable_floor_area_m2=900,
    )
    env = process_env(
        database_url=database_url_of_test_database(),
        redis_url=redis_server.url(),
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        KANTORENTOP_WEBHOOK_ALLOW_LOOPBACK="1",
        KANTORENTOP_WEBHOOK_TIMEOUT_SECONDS="120",
        KANTORENTOP_BASE_URL="https://kantorentop.test",
    )
    workers = []
    try:
        workers.append(start_worker(env, tmp_path, name="first", queues="celery"))
        # As beat would, until the event is stable (ADR 0017: every older transaction on the
        # server has ended, other test runs' too) and sent.
        try:
            wait_for(
                lambda: (
                    sender.send_task("webhooks.tasks.webhooks_deliver_due", queue="celery")
                    and receiver.posts()
                ),
                timeout=600,
                interval=3,
                message="nothing was sent",
            )
        except AssertionError as error:
            stable = Event.objects.stable().filter(subject="0344100000000701").exists()
            raise AssertionError(
                f"{error}; stable {stable}:\n{workers[0].output()[-3000:]}"
            ) from error
        workers[0].kill()  # while the receiver holds the POST
        delivery = Delivery.objects.get()
        assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 0

        workers.append(start_worker(env, tmp_path, name="second", queues="celery"))
        wait_for(
            lambda: Delivery.objects.filter(status=DeliveryStatus.DELIVERED).exists(),
            timeout=120,
            message=f"not sent again:\n{workers[1].output()[-3000:]}",
        )
    finally:
        for worker in workers:
            worker.stop()
        receiver.stop()

    first, second = receiver.events()
    assert first == second  # the same CloudEvent, the same id
    assert first["id"] == str(Event.objects.get(subject="0344100000000701").event_id)
    assert Delivery.objects.get().attempts == 1
