"""The API throttle's window in Redis (kantorentop/core/api/throttling.py, ADR 0035): DRF's rule
and Retry-After, one round trip per request, and no throttling while Redis is down. Needs Redis
(REDIS_URL, as CI and `make test` have it): the tests' default cache is then the Redis cache."""

import os
from types import SimpleNamespace

import pytest
import redis.connection
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from kantorentop.accounts.services import api_client_create
from kantorentop.core.api.throttling import ClientRateThrottle
from kantorentop.core.cache import ResilientRedisCache
from tests.faults.servers import free_port

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL)")


def _caller(pk: int) -> SimpleNamespace:
    """A request as the throttle reads it: an API client's call."""
    return SimpleNamespace(auth=SimpleNamespace(pk=pk), user=None, META={})


class _ListThrottle(ClientRateThrottle):
    """The same throttle with DRF's own window, a list of times in the cache."""

    def allow_request(self, request, view):  # type: ignore[no-untyped-def]
        self.scope, self.ident = "client", f"list-{request.auth.pk}"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return SimpleRateThrottle.allow_request(self, request, view)


@pytest.fixture
def rate(settings) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "client": "3/minute",
        },
    }


def test_the_window_admits_and_refuses_as_drf_does(rate, monkeypatch):
    """The same request times through the sorted set and through DRF's list: the same answers
    and the same Retry-After, also once the oldest request has left the window."""
    times = [1000.0, 1010.0, 1020.0, 1030.0, 1045.0, 1061.0, 1062.0, 1065.0, 1075.0]
    outcomes = {}
    for throttle_class in (ClientRateThrottle, _ListThrottle):
        answers = []
        for now in times:
            monkeypatch.setattr(throttle_class, "timer", lambda self, now=now: now)
            throttle = throttle_class()
            allowed = throttle.allow_request(_caller(41), None)
            answers.append((now, allowed, None if allowed else round(throttle.wait(), 6)))
        outcomes[throttle_class.__name__] = answers
    assert outcomes["ClientRateThrottle"] == outcomes["_ListThrottle"]
    assert outcomes["ClientRateThrottle"][3] == (1030.0, False, 30.0)
    assert outcomes["ClientRateThrottle"][5] == (1061.0, True, None)


def test_the_window_is_a_sorted_set_without_the_refused_requests(rate, db):
    key = api_client_create(name="Provinciaal systeem")[1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    statuses = [client.get("/api/v1/provinces").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    refused = client.get("/api/v1/provinces")
    assert 1 <= int(refused["Retry-After"]) <= 60
    redis_client = cache._cache.get_client()  # noqa: SLF001
    windows = [k for k in redis_client.keys(f"{cache.key_prefix}*") if b"-window" in k]
    assert len(windows) == 1
    assert redis_client.type(windows[0]) == b"zset"
    assert redis_client.zcard(windows[0]) == 3


def test_a_request_costs_one_round_trip_to_redis(rate, monkeypatch):
    ClientRateThrottle().allow_request(_caller(42), None)  # Redis learns the script
    sent = []
    original = redis.connection.AbstractConnection.send_packed_command

    def counted(self, command, check_health=True):  # type: ignore[no-untyped-def]
        sent.append(command)
        return original(self, command, check_health)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counted)
    for _ in range(2):
        ClientRateThrottle().allow_request(_caller(42), None)
    assert len(sent) == 2


def test_while_redis_is_down_nothing_is_throttled(rate, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "kantorentop.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    ResilientRedisCache._down_until = 0.0
    try:
        assert all(ClientRateThrottle().allow_request(_caller(43), None) for _ in range(5))
    finally:
        ResilientRedisCache._down_until = 0.0
