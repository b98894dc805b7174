"""Fixtures of the webhook tests: receivers on 127.0.0.1, settings that let the portal call
them, and a driver that runs dispatch and delivery passes in the test's process."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import timezone

from buildings.models import Building
from regions.models import Municipality
from tests.webhooks.receiver import Receiver, Reply
from webhooks import kick
from webhooks.choices import DeliveryStatus
from webhooks.models import Delivery
from webhooks.services.dispatch import subscriptions_dispatch
from webhooks.services.sending import subscription_deliver

# The feed serves an event once every older transaction on the server has ended (ADR 0017),
# other test runs' too: the tests wait for it.
PATIENCE_SECONDS = 300
BASE_URL = "https://kantorentop.test"


@pytest.fixture
def webhook_settings(settings: Any) -> Any:
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    settings.WEBHOOK_RETRY_PAUSES = [30, 60, 120]
    settings.BASE_URL = BASE_URL
    return settings


@pytest.fixture
def no_kick(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test drives dispatch and delivery itself (no task after each commit)."""
    monkeypatch.setattr(kick, "_dispatch_soon", lambda: None)


@pytest.fixture
def receivers() -> Iterator[Callable[..., Receiver]]:
    started: list[Receiver] = []

    def start(reply: Callable[[dict[str, Any], int], Reply] | None = None) -> Receiver:
        receiver = Receiver(reply).start()
        started.append(receiver)
        return receiver

    yield start
    for receiver in started:
        receiver.stop()


def building(code: str, bag_id: str) -> Building:
    return Building.objects.create(
        bag_id=bag_id, municipality=Municipality.objects.get(code=code), lettable_floor_area_m2=900
    )


def deliver_pass() -> None:
    for subscription_id in subscriptions_dispatch():
        subscription_deliver(subscription_id=subscription_id)


def deliver_until(predicate: Callable[[], Any], *, timeout: float = PATIENCE_SECONDS) -> Any:
    """Dispatch and deliver until `predicate()` holds."""
    deadline = time.monotonic() + timeout
    while True:
        deliver_pass()
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {timeout} s")
        time.sleep(0.2)


def make_due() -> None:
    """Let the clock jump to every pending retry: the pauses themselves are asserted apart."""
    Delivery.objects.filter(status=DeliveryStatus.PENDING).update(next_attempt_at=timezone.now())
