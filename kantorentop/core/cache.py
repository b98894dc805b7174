"""A Redis cache that fails soft: while Redis is down it behaves as an empty cache that stores
nothing, so pages and the API keep answering (docs/adr/0007-fault-recovery.md).

It is Django's own RedisCache, which raises on every Redis error and has no option not to
(tests/dashboard/test_cache_redis_down.py shows an area page failing with it). django-redis's
IGNORE_EXCEPTIONS would be another dependency, makes `incr` of an unreachable key return None
instead of raising ValueError, and tries Redis again on every call. So the one thing added here
is the catch: the API throttle counters and the area pages' series (dashboard.cache)
live in the cache, and the cost of an outage is that throttling is off and each area page
computes its series meanwhile. After a failure Redis is left alone for a few seconds, so a Redis
that hangs costs one timeout per process, not one per cache call.
"""

import logging
import time
from collections.abc import Iterable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0


class _ClientPerPool(RedisCacheClient):
    """Django's client makes a new redis.Redis for every cache call, and each one builds its
    table of some 170 response callbacks: a few tenths of a millisecond per call, on every page
    and API request. One client per connection pool does the same (redis-py's clients are
    thread-safe and share their pool's connections either way)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's RedisCache; a RedisError makes a read miss and a write do nothing."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ClientPerPool
        self._scripts: dict[str, Any] = {}

    # For the whole process: Django makes a cache object per thread.
    _down_until = 0.0

    def _available(self) -> bool:
        return time.monotonic() >= ResilientRedisCache._down_until

    def _failed(self, error: RedisError) -> None:
        ResilientRedisCache._down_until = time.monotonic() + RETRY_AFTER_SECONDS
        logger.warning("Cache (Redis) not reachable, working without it: %s", type(error).__name__)

    def _call(self, fallback: Any, method: str, *args: Any, **kwargs: Any) -> Any:
        if not self._available():
            return fallback
        try:
            return getattr(super(), method)(*args, **kwargs)
        except RedisError as error:
            self._failed(error)
            return fallback

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call(False, "add", key, value, timeout, version)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._call(default, "get", key, default, version)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call(None, "set", key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call(False, "touch", key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> Any:
        return self._call(False, "delete", key, version)

    def get_many(self, keys: Iterable[Any], version: Any = None) -> Any:
        return self._call({}, "get_many", keys, version)

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._call(False, "has_key", key, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> Any:
        result = self._call(None, "incr", key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache is not reachable)")
        return result

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call(list(data), "set_many", data, timeout, version)

    def delete_many(self, keys: Iterable[Any], version: Any = None) -> Any:
        return self._call(None, "delete_many", keys, version)

    def clear(self) -> Any:
        return self._call(False, "clear")

    def script(self, source: str, keys: list[str], args: list[Any], fallback: Any = None) -> Any:
        """Run the Lua script `source` on `keys` (the cache's keys, with its prefix and version)
        in one round trip, by its hash once Redis knows it; `fallback` while Redis is down."""
        if not self._available():
            return fallback
        try:
            runner = self._scripts.get(source)
            if runner is None:
                runner = self._scripts[source] = self._cache.get_client(write=True).register_script(
                    source
                )
            return runner(keys=[self.make_and_validate_key(key) for key in keys], args=args)
        except RedisError as error:
            self._failed(error)
            return fallback
