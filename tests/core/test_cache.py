"""The Redis cache (kantorentop/core/cache.py) keeps one redis-py client per connection pool:
Django's own makes one per call. Needs Redis (REDIS_URL, as CI and `make test` have it)."""

import os

import pytest

from kantorentop.core.cache import ResilientRedisCache

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL)")


def test_every_call_goes_through_one_client_per_pool():
    cache = ResilientRedisCache(REDIS_URL, {"OPTIONS": {}, "KEY_PREFIX": "test-client-reuse"})
    client = cache._cache.get_client()  # noqa: SLF001
    assert cache._cache.get_client(write=True) is client  # noqa: SLF001
    cache.set("value", 41)
    cache.incr("value")
    assert cache.get("value") == 42
    assert cache._cache.get_client() is client  # noqa: SLF001
    cache.delete("value")


def test_the_shared_client_survives_a_closed_connection():
    cache = ResilientRedisCache(REDIS_URL, {"OPTIONS": {}, "KEY_PREFIX": "test-client-reuse"})
    cache.set("value", "eerst")
    cache._cache.get_client().connection_pool.disconnect()  # noqa: SLF001
    assert cache.get("value") == "eerst"
    cache.delete("value")
