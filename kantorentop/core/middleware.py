"""Request id and audit context for every request, and the absolute lifetime of a session."""

import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from kantorentop.core.audit import SIGNED_IN_AT_KEY, refused_access_record, request_var
from kantorentop.core.logging import request_id_var

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id is kept only if it looks like one (no log injection through the header).
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._\-]{1,64}")


class RequestContextMiddleware:
    """Gives each request an id (the caller's X-Request-ID, else a new one), returned in the
    response header and written with every log line and audit event of the request; records
    refused requests in the audit trail. Place it first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        id_token = request_id_var.set(request_id)
        request_token = request_var.set(request)
        try:
            response = self.get_response(request)
            refused_access_record(request, response.status_code)
        finally:
            request_var.reset(request_token)
            request_id_var.reset(id_token)
        response[REQUEST_ID_HEADER] = request_id
        return response


# When a signed-in user's session last moved its expiry (epoch seconds).
ACTIVE_AT_KEY = "kantorentop_active_at"


class SessionLifetimeMiddleware:
    """Signs a user out SESSION_ABSOLUTE_AGE seconds after sign-in, however active they are, and
    moves the idle timeout (SESSION_COOKIE_AGE) along with their requests.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) would write to the primary
    database on every page view, also those the replica answers. The expiry moves instead when
    SESSION_ACTIVITY_REFRESH_SECONDS have passed since it last moved: a user is signed out at
    most that much before SESSION_COOKIE_AGE of idleness, never later. Place it after
    AuthenticationMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            signed_in_at = request.session.get(SIGNED_IN_AT_KEY)
            if signed_in_at is None:
                # A session from before this rule: its lifetime counts from now.
                request.session[SIGNED_IN_AT_KEY] = now
            elif now - int(signed_in_at) > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
                return self.get_response(request)
            # Signing in saved the session: until a request moves it, that was the last move.
            active_at = request.session.get(ACTIVE_AT_KEY, signed_in_at)
            if (
                active_at is None
                or now - int(active_at) >= settings.SESSION_ACTIVITY_REFRESH_SECONDS
            ):
                # A changed session is saved, with a new expiry and cookie.
                request.session[ACTIVE_AT_KEY] = now
        return self.get_response(request)
