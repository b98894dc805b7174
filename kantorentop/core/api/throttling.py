"""Per-client throttling: an API client or a user by its id, anonymous callers by address."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from kantorentop.core.audit.context import client_ip


class ClientRateThrottle(SimpleRateThrottle):
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


class FailedAuthenticationThrottle(SimpleRateThrottle):
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
