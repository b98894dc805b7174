"""1,000 changes in a burst, written by concurrent writers while a sender runs, with three
subscribers: every event reaches each of them; the two that answer 2xx at once get them in the
feed's order, each once; the one that fails now and then gets every event in the end."""

import random
import threading

import pytest
from django.db import connection

from events.models import Event
from kantorentop.accounts.scopes import scope_for_api_client
from kantorentop.accounts.services import api_client_create
from tests.webhooks.conftest import building, deliver_pass, deliver_until, make_due
from tests.webhooks.receiver import Reply
from webhooks.choices import DeliveryStatus
from webhooks.models import Delivery
from webhooks.services.subscriptions import subscription_create

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("webhook_settings", "no_kick"),
]

CHANGES, WRITERS = 1000, 4
TYPE = "nl.kantorentop.building.created"


def _write(writer: int, failures: list[BaseException]) -> None:
    try:
        for number in range(CHANGES // WRITERS):
            building("GM0344", f"034410{writer}{number:09d}")  # one transaction each
    except BaseException as error:  # noqa: BLE001 - reported by the test
        failures.append(error)
    finally:
        connection.close()


def _send_while(running: threading.Event) -> None:
    try:
        while running.is_set():
            deliver_pass()
    finally:
        connection.close()


def test_a_burst_reaches_every_subscriber_in_order(receivers):
    flaky_random = random.Random(15)
    steady, slow = receivers(), receivers(lambda e, n: Reply(200, delay=0.002))
    flaky = receivers(lambda e, n: Reply(503 if n == 0 and flaky_random.random() < 0.2 else 204))
    for number, receiver in enumerate((steady, slow, flaky)):
        client, _key = api_client_create(name=f"Abonnee {number}")
        subscription_create(
            scope=scope_for_api_client(client), callback_url=receiver.url, types=[TYPE]
        )

    running = threading.Event()
    running.set()
    sender = threading.Thread(target=_send_while, args=[running])
    sender.start()
    failures: list[BaseException] = []
    writers = [threading.Thread(target=_write, args=[n, failures]) for n in range(WRITERS)]
    try:
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
    finally:
        running.clear()
        sender.join()
    assert not failures

    def everything_delivered() -> bool:
        make_due()
        delivered = Delivery.objects.filter(status=DeliveryStatus.DELIVERED).count()
        return delivered == 3 * CHANGES

    deliver_until(everything_delivered, timeout=900)
    deliver_pass()
    expected = list(
        Event.objects.filter(type=TYPE).order_by("sequence").values_list("sequence", flat=True)
    )
    assert len(expected) == CHANGES
    for receiver in (steady, slow):
        sequences = [int(event["sequence"]) for event in receiver.events()]
        assert sequences == expected  # every event, once, in the feed's order
    flaky_events = flaky.events()
    assert {int(event["sequence"]) for event in flaky_events} == set(expected)
    assert len(flaky_events) > CHANGES  # some came twice: the first answer was a 503
    ids = {event["sequence"]: event["id"] for event in steady.events()}
    assert all(ids[event["sequence"]] == event["id"] for event in flaky_events)
