"""Without Redis (make run, make test): the commit that wrote an event dispatches and delivers
it in the same process (on_commit, the tasks run eagerly); what is due later is sent by
`manage.py deliver_webhooks` (ADR 0023)."""

import time

import pytest
from django.core.management import call_command
from django.db import transaction

from config.celery import app
from events.models import Event
from kantorentop.accounts.scopes import scope_for_api_client
from kantorentop.accounts.services import api_client_create
from tests.webhooks.conftest import PATIENCE_SECONDS, building, make_due
from tests.webhooks.receiver import Reply
from webhooks.choices import DeliveryStatus
from webhooks.models import Delivery
from webhooks.services.subscriptions import subscription_create

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("webhook_settings"),
]


@pytest.fixture
def eager(settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setitem(app.conf, "task_always_eager", True)


def _subscribe(url):
    client, _key = api_client_create(name="Utrecht", province_code="PV26")
    return subscription_create(
        scope=scope_for_api_client(client),
        callback_url=url,
        types=["nl.kantorentop.building.created"],
    )


def _stable_now() -> None:
    """Wait until no older transaction on the server holds the feed back (ADR 0017), so that
    the next commit's event is stable when its on_commit runs."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while Event.objects.exclude(pk__in=Event.objects.stable().values("pk")).exists():
        assert time.monotonic() < deadline
        time.sleep(0.1)


@pytest.mark.usefixtures("eager")
def test_the_commit_delivers_in_process(receivers):
    receiver = receivers()
    _subscribe(receiver.url)
    for attempt in range(20):  # another test run's transaction can hold one commit's event back
        _stable_now()
        with transaction.atomic():
            building("GM0344", f"03441000000008{attempt:02d}")
            assert receiver.posts() == []  # not before the commit
        if receiver.posts():
            break
    assert receiver.events()[0]["type"] == "nl.kantorentop.building.created"
    assert Delivery.objects.filter(status=DeliveryStatus.DELIVERED).exists()


@pytest.mark.usefixtures("eager")
def test_retries_come_from_the_management_command(receivers):
    receiver = receivers(lambda event, count: Reply(500 if count == 0 else 204))
    _subscribe(receiver.url)
    building("GM0344", "0344100000000901")
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not Delivery.objects.filter(attempts__gte=1).exists():
        call_command("deliver_webhooks")
        assert time.monotonic() < deadline
        time.sleep(0.2)
    make_due()
    call_command("deliver_webhooks")
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED
    first, second = receiver.events()
    assert first == second
