"""Deliveries to a real receiver on 127.0.0.1: the handshake first, then each event of the
subscription's types and scope as one structured CloudEvent; failures, hangs, 429 with
Retry-After and 410 Gone as the contract says (api-v1.md, "Keeping a copy up to date")."""

import datetime
import time
import uuid

import pytest
from django.utils import timezone

from events.models import Event
from kantorentop.accounts.scopes import scope_for_api_client
from kantorentop.accounts.services import api_client_create
from tests.webhooks.conftest import (
    BASE_URL,
    PATIENCE_SECONDS,
    building,
    deliver_pass,
    deliver_until,
    make_due,
)
from tests.webhooks.receiver import Reply
from webhooks.choices import DeliveryStatus, SubscriptionStatus
from webhooks.models import Delivery, Subscription
from webhooks.services.subscriptions import deliveries_resend, subscription_create

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("webhook_settings", "no_kick"),
]

ALL = ["nl.kantorentop.building.created", "nl.kantorentop.building.changed"]


def _subscribe(url, *, province=None, types=ALL, token="", name="Utrecht"):
    client, _key = api_client_create(name=name, province_code=province)
    return subscription_create(
        scope=scope_for_api_client(client), callback_url=url, types=types, bearer_token=token
    )


def test_handshake_then_structured_cloud_events_with_the_bearer_token(receivers):
    receiver = receivers()
    subscription = _subscribe(receiver.url, province="PV26", token="geheim-123")
    building("GM0344", "0344100000000501")  # Utrecht
    building("GM0363", "0363100000000501")  # Amsterdam: not this client's
    changed = building("GM0344", "0344100000000502")
    changed.name = "Gewijzigd"
    changed.save()
    deliver_until(lambda: len(receiver.events()) == 3)

    handshake, *posts = receiver.requests
    assert handshake.method == "OPTIONS" and handshake.headers["WebHook-Request-Origin"] == (
        "kantorentop.test"
    )
    assert all(post.method == "POST" for post in posts)
    assert {post.headers["Content-Type"] for post in posts} == {
        "application/cloudevents+json; charset=utf-8"
    }
    assert {post.headers["Authorization"] for post in posts} == {"Bearer geheim-123"}
    events = receiver.events()
    assert [(e["type"], e["subject"]) for e in events] == [
        ("nl.kantorentop.building.created", "0344100000000501"),
        ("nl.kantorentop.building.created", "0344100000000502"),
        ("nl.kantorentop.building.changed", "0344100000000502"),
    ]
    stored = Event.objects.get(sequence=int(events[2]["sequence"]))
    assert events[2]["id"] == str(stored.event_id)
    assert events[2]["specversion"] == "1.0" and events[2]["source"] == "urn:nld:kantorentop"
    assert events[2]["dataref"] == f"{BASE_URL}/api/v1/buildings/0344100000000502"
    assert events[2]["data"]["bagId"] == "0344100000000502"
    assert [int(e["sequence"]) for e in events] == sorted(int(e["sequence"]) for e in events)
    subscription.refresh_from_db()
    assert subscription.handshake_at is not None
    deliver_pass()
    assert len(receiver.requests) == 4  # nothing twice, no second handshake


def test_no_delivery_without_the_handshake(receivers):
    receiver = receivers()
    receiver.allow_origin = None
    _subscribe(receiver.url, province="PV26")
    building("GM0344", "0344100000000511")
    deliver_until(lambda: Delivery.objects.filter(attempts=1).exists())
    assert receiver.posts() == []
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and "handshake" in delivery.last_error
    receiver.allow_origin = "kantorentop.test"
    make_due()
    deliver_until(lambda: len(receiver.events()) == 1)


def test_only_the_types_asked_for(receivers):
    receiver = receivers()
    _subscribe(receiver.url, types=["nl.kantorentop.building.changed"], name="Landelijk")
    changed = building("GM0344", "0344100000000521")
    changed.name = "Gewijzigd"
    changed.save()
    deliver_until(lambda: receiver.events())
    assert [e["type"] for e in receiver.events()] == ["nl.kantorentop.building.changed"]


def test_a_failure_is_sent_again_with_the_same_id_after_a_growing_pause(receivers):
    receiver = receivers(lambda event, count: Reply(500 if count < 2 else 204))
    _subscribe(receiver.url, province="PV26")
    building("GM0344", "0344100000000531")
    deliver_until(lambda: Delivery.objects.filter(attempts=1).exists())
    first = Delivery.objects.get()
    pause = first.next_attempt_at - first.last_attempt_at
    assert datetime.timedelta(seconds=24) <= pause <= datetime.timedelta(seconds=36)
    assert first.last_status_code == 500
    deliver_pass()
    assert len(receiver.events()) == 1  # not before the pause
    make_due()
    deliver_pass()
    second = Delivery.objects.get()
    assert second.attempts == 2
    pause = second.next_attempt_at - second.last_attempt_at
    assert datetime.timedelta(seconds=48) <= pause <= datetime.timedelta(seconds=72)
    make_due()
    deliver_pass()
    events = receiver.events()
    assert len(events) == 3 and len({e["id"] for e in events}) == 1
    assert events[0] == events[2]  # the same content every time
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


def test_a_receiver_that_hangs_is_given_up_on_and_tried_again(receivers):
    receiver = receivers(lambda event, count: Reply(204, delay=3 if count == 0 else 0))
    _subscribe(receiver.url, province="PV26")
    building("GM0344", "0344100000000541")
    deliver_until(lambda: Delivery.objects.filter(attempts=1).exists())
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_error == "timeout"
    make_due()
    deliver_pass()
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


def test_429_with_retry_after_pauses_the_subscription_for_that_long(receivers):
    answered = []

    def reply(event, count):
        answered.append(event["id"])
        return Reply(429, {"Retry-After": "120"}) if len(answered) == 1 else Reply(204)

    receiver = receivers(reply)
    subscription = _subscribe(receiver.url, province="PV26")
    building("GM0344", "0344100000000551")
    building("GM0344", "0344100000000552")
    deliver_until(lambda: Delivery.objects.filter(attempts=1).exists())
    assert len(receiver.posts()) == 1  # the second event waits too
    subscription.refresh_from_db()
    waited = subscription.paused_until - timezone.now()
    assert datetime.timedelta(seconds=110) < waited <= datetime.timedelta(seconds=120)
    first = Delivery.objects.get(attempts=1)
    assert first.next_attempt_at - first.last_attempt_at == datetime.timedelta(seconds=120)
    make_due()
    deliver_pass()
    assert len(receiver.posts()) == 1  # still paused
    Subscription.objects.update(paused_until=timezone.now())
    deliver_until(lambda: not Delivery.objects.exclude(status=DeliveryStatus.DELIVERED).exists())
    assert len(receiver.posts()) == 3


def test_410_ends_the_subscription(receivers):
    receiver = receivers(lambda event, count: Reply(410))
    subscription = _subscribe(receiver.url, province="PV26")
    building("GM0344", "0344100000000561")
    building("GM0344", "0344100000000562")
    deliver_until(lambda: receiver.posts())
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ENDED and subscription.ended_at
    building("GM0344", "0344100000000563")
    make_due()
    for _ in range(3):
        deliver_pass()
    assert len(receiver.posts()) == 1


def test_failed_after_the_last_retry_then_resent(receivers, settings):
    healthy = {"yes": False}
    receiver = receivers(lambda event, count: Reply(204 if healthy["yes"] else 503))
    subscription = _subscribe(receiver.url, province="PV26")
    building("GM0344", "0344100000000571")
    deliver_until(lambda: Delivery.objects.filter(attempts=1).exists())
    for _ in settings.WEBHOOK_RETRY_PAUSES:
        make_due()
        deliver_pass()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == len(settings.WEBHOOK_RETRY_PAUSES) + 1
    make_due()
    deliver_pass()
    assert len(receiver.posts()) == delivery.attempts  # given up
    healthy["yes"] = True
    assert deliveries_resend(subscription=subscription) == 1
    deliver_pass()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert len({e["id"] for e in receiver.events()}) == 1


def test_the_callback_is_checked_again_before_sending(receivers, settings):
    receiver = receivers()
    _subscribe(receiver.url, province="PV26")
    settings.WEBHOOK_ALLOW_LOOPBACK = False  # as if the name now pointed inward
    building("GM0344", "0344100000000581")
    deliver_until(lambda: Delivery.objects.filter(attempts=1).exists())
    assert receiver.requests == []
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error.startswith("De callback-URL")


def test_a_new_subscription_gets_what_happens_from_then_on(receivers):
    building("GM0344", "0344100000000591")
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not Event.objects.stable().filter(subject="0344100000000591").exists():
        assert time.monotonic() < deadline
        time.sleep(0.2)
    receiver = receivers()
    _subscribe(receiver.url, province="PV26")
    building("GM0344", "0344100000000592")
    deliver_until(lambda: receiver.events())
    assert [e["subject"] for e in receiver.events()] == ["0344100000000592"]
    uuid.UUID(receiver.events()[0]["id"])
