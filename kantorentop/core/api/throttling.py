"""Per-client throttling: an API client or a user by its id, anonymous callers by address."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


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
