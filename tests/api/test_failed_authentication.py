"""Wrong keys are throttled per address, and refusals of callers without valid credentials are
counted per address and minute rather than written one event each (issue 11, item 14)."""

from collections import Counter

import pytest
from django.db.models import Sum
from django.utils import timezone
from rest_framework.test import APIClient

from kantorentop.core.api.throttling import FailedAuthenticationThrottle
from kantorentop.core.models import AuditEvent, RefusedAccessCount
from tests.api.helpers import assert_problem

pytestmark = pytest.mark.django_db
ATTACKS = 300


@pytest.fixture(autouse=True)
def _throttle_clock_stands_still(monkeypatch):
    """The throttle's window does not slide during a test, however slow the machine."""
    monkeypatch.setattr(FailedAuthenticationThrottle, "timer", lambda self: 1_000_000.0)


def _minutes_since(start) -> int:
    """How many minutes of the clock a run that began at `start` has touched."""
    first, last = (moment.replace(second=0, microsecond=0) for moment in (start, timezone.now()))
    return int((last - first).total_seconds()) // 60 + 1


def _guesser(address: str) -> APIClient:
    return APIClient(REMOTE_ADDR=address)


def _guess(client: APIClient, n: int):
    return client.get("/api/v1/buildings", HTTP_AUTHORIZATION=f"Token kt_{n:08x}.wrong")


def test_wrong_keys_are_throttled_and_counted_not_recorded_one_by_one():
    first_event = (AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    attacker = _guesser("203.0.113.7")
    start = timezone.now()
    responses = [_guess(attacker, n) for n in range(ATTACKS)]
    statuses = Counter(response.status_code for response in responses)
    assert statuses == {401: 20, 429: ATTACKS - 20}, statuses
    throttled = responses[-1]
    assert_problem(throttled, 429)
    assert 1 <= int(throttled["Retry-After"]) <= 60
    # Every refusal is counted; the trail holds one event per address and minute.
    counts = RefusedAccessCount.objects.filter(ip_address="203.0.113.7")
    assert counts.aggregate(total=Sum("count"))["total"] == ATTACKS
    events = AuditEvent.objects.filter(action="access.refused", id__gte=first_event)
    assert events.count() == counts.count() <= _minutes_since(start)
    assert events.order_by("id").first().details["status"] == 401


def test_another_address_and_a_right_key_still_get_through(national_key):
    attacker = _guesser("203.0.113.8")
    for n in range(25):
        _guess(attacker, n)
    assert _guess(attacker, 99).status_code == 429
    # Another address is not throttled for the attacker's failures.
    assert _guess(_guesser("198.51.100.1"), 1).status_code == 401
    # A right key from the throttled address (a province's systems behind one proxy) works.
    attacker.credentials(HTTP_AUTHORIZATION=f"Token {national_key}")
    assert attacker.get("/api/v1/buildings").status_code == 200


def test_a_malformed_header_counts_as_a_failure():
    attacker = _guesser("203.0.113.9")
    statuses = {
        attacker.get("/api/v1/buildings", HTTP_AUTHORIZATION="Token a b").status_code
        for _ in range(21)
    }
    assert statuses == {401, 429}


def test_refusals_without_credentials_are_counted_even_without_throttling(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"client": "3600/minute", "anonymous": "600/minute"},
    }
    first_event = (AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    caller = _guesser("203.0.113.10")
    start = timezone.now()
    assert {caller.get("/api/v1/buildings").status_code for _ in range(50)} == {401}
    # Not 50 events: one per address and minute.
    events = AuditEvent.objects.filter(action="access.refused", id__gte=first_event)
    assert 1 <= events.count() <= _minutes_since(start)
    counts = RefusedAccessCount.objects.filter(ip_address="203.0.113.10")
    assert counts.aggregate(total=Sum("count"))["total"] == 50
    assert counts.count() == events.count()
