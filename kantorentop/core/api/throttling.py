"""Per-client throttling: an API client or a user by its id, anonymous callers by address.

DRF's SimpleRateThrottle keeps a caller's window as a list of request times, read from the cache
and written back whole on every request: at the client rate of 3,600 a minute that is two round
trips to Redis with up to 3,600 pickled floats each, about a millisecond of every API call. In
Redis the same window is a sorted set that one Lua script trims, counts and adds to, in one round
trip (ADR 0035). The rule stays DRF's: at most `num_requests` admitted requests in the last
`duration` seconds, a refused request not counted, and the same Retry-After. Without Redis (a
cache of the process's own, as in `make run` without REDIS_URL and in the API tests) DRF's list
is used as it is.
"""

import uuid

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from kantorentop.core.audit.context import client_ip

# KEYS[1] the window; ARGV now, duration, limit, and a name for this request. Nil when the
# request is admitted; else the count in the window and the time of its oldest request.
_WINDOW_SCRIPT = """
local key = KEYS[1]
local now, duration, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - duration)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('EXPIRE', key, math.ceil(duration))
  return nil
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2]
return {count, oldest or ARGV[1]}
"""


class WindowInRedis(SimpleRateThrottle):
    """SimpleRateThrottle whose window is a sorted set in Redis, where the cache is Redis."""

    _refused: tuple[int, float] | None = None

    def allow_request(self, request, view):  # type: ignore[no-untyped-def]
        script = getattr(self.cache, "script", None)
        if script is None:
            return super().allow_request(request, view)
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        # The cache's fallback while Redis is down is None: admitted (throttling is off).
        # A key of its own: DRF's list under `self.key` (written without Redis, or by an earlier
        # release) is another Redis type, which the script's commands would refuse.
        outcome = script(
            _WINDOW_SCRIPT,
            [f"{self.key}-window"],
            [repr(self.now), self.duration, self.num_requests, uuid.uuid4().hex],
        )
        if outcome is None:
            return True
        count, oldest = outcome
        self._refused = int(count), float(oldest)
        return self.throttle_failure()

    def wait(self) -> float | None:
        if self._refused is None:
            return super().wait()
        # DRF's wait() on the same window: the time until its oldest request leaves it, spread
        # over the requests that will then be available.
        count, oldest = self._refused
        available = self.num_requests - count + 1
        if available <= 0:
            return None
        return (self.duration - (self.now - oldest)) / float(available)


class ClientRateThrottle(WindowInRedis):
    """Rates from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]: `client` for API clients and
    users, `anonymous` for callers without credentials."""

    def get_rate(self) -> str | None:
        # Read at request time, so a changed setting (or a test's override) takes effect.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):  # type: ignore[no-untyped-def]
        auth = getattr(request, "auth", None)
        if auth is not None and getattr(auth, "pk", None) is not None:
            self.scope, self.ident = "client", f"client-{auth.pk}"
        elif request.user and request.user.is_authenticated:
            self.scope, self.ident = "client", f"user-{request.user.pk}"
        else:
            self.scope, self.ident = "anonymous", f"ip-{self.get_ident(request)}"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):  # type: ignore[no-untyped-def]
        return f"throttle-{self.ident}"


class FailedAuthenticationThrottle(WindowInRedis):
    """Failed authentications per caller address, at the rate `failed_authentication` of
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]. Unlike a throttle of the view, it counts only the
    failures: `failure_allowed` is asked when a key turned out wrong, so a caller who sends wrong
    keys is answered 429 after the limit (with Retry-After) while a right key from the same address
    (a province's systems behind one proxy) still gets through."""

    scope = "failed_authentication"

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):  # type: ignore[no-untyped-def]
        # The address as the audit trail takes it (behind TRUSTED_PROXY_COUNT proxies).
        return f"throttle-failed-auth-{client_ip(request._request) or 'unknown'}"

    def failure_allowed(self, request) -> bool:  # type: ignore[no-untyped-def]
        """Count one failure of `request`'s address; False once the limit is reached."""
        return self.allow_request(request, None)
