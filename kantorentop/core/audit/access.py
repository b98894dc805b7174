"""Sign-in success and failure, sign-out and lockouts, and refused access."""

from __future__ import annotations

import logging
from typing import Any

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from kantorentop.core.audit.changes import model_label
from kantorentop.core.audit.context import client_ip
from kantorentop.core.audit.events import audit_record
from kantorentop.core.models import AuditOutcome

# The audit package's logger: every audit module logs under one name the operators filter on.
logger = logging.getLogger(__package__)

SIGNED_IN_AT_KEY = "kantorentop_signed_in_at"


def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT_KEY] = int(timezone.now().timestamp())
    audit_record(
        action="auth.signed_in",
        user=user,
        request=request,
        object_type=model_label(user),
        object_id=user.pk,
    )


def _signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    audit_record(
        action="auth.signed_out",
        user=user,
        request=request,
        object_type=model_label(user),
        object_id=user.pk,
    )


def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already masked the password in `credentials`; only the name given is kept.
    audit_record(
        action="auth.sign_in_failed",
        outcome=AuditOutcome.FAILURE,
        request=request,
        details={"username": str(credentials.get("username", ""))[:150]},
    )


def _locked_out(
    sender: Any,
    request: HttpRequest | None,
    username: str | None,
    ip_address: str | None,
    **kwargs: Any,
) -> None:
    audit_record(
        action="auth.locked_out",
        outcome=AuditOutcome.DENIED,
        request=request,
        details={"username": str(username or "")[:150]},
    )


def refused_access_record(request: HttpRequest, status: int) -> None:
    """An event for a refused request: 401 and 403 always, 404 of an object URL (one with
    arguments) for a signed-in caller, which is how an object outside one's scope answers, and
    429 for a caller without valid credentials (throttled after too many wrong keys).

    A caller without valid credentials is anyone, as fast as they like: their refusals are
    counted per address and minute (RefusedAccessCount), and only the first of each minute is an
    event, so they cannot make the trail grow without bound."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and getattr(user, "is_authenticated", False))
    if status == 404:
        match = getattr(request, "resolver_match", None)
        if not (signed_in and match is not None and match.kwargs):
            return
    elif status == 429:
        # Too many requests of a signed-in caller: the throttle's business, not a refusal.
        if signed_in:
            return
    elif status not in (401, 403):
        return
    match = getattr(request, "resolver_match", None)
    try:
        if not signed_in and _refusal_count(request) > 1:
            return
        audit_record(
            action="access.refused",
            outcome=AuditOutcome.DENIED,
            request=request,
            details={
                "method": request.method,
                "path": request.path[:300],
                "status": status,
                "view": match.view_name if match is not None else "",
            },
        )
    except Exception:
        # The refusal stands whether or not it could be recorded; the failure is logged.
        logger.exception("Audit event for a refused request not recorded")


# The table of RefusedAccessCount and its unique constraint.
_COUNT_UPSERT = """
    INSERT INTO core_refusedaccesscount AS counted (minute, ip_address, count, last_path)
    VALUES (%s, %s, 1, %s)
    ON CONFLICT ON CONSTRAINT refused_access_count_once_per_minute
    DO UPDATE SET count = counted.count + 1, last_path = EXCLUDED.last_path
    RETURNING counted.count
"""


def _refusal_count(request: HttpRequest) -> int:
    """Add this refusal to its address's count of this minute (one upsert, safe under
    concurrency) and return the count so far."""
    minute = timezone.now().replace(second=0, microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_UPSERT, [minute, client_ip(request), request.path[:300]])
        return int(cursor.fetchone()[0])


def connect_sign_in_receivers() -> None:
    """Connect the receivers of django.contrib.auth's and axes' signals."""
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(_signed_in, dispatch_uid="audit-signed-in")
    user_logged_out.connect(_signed_out, dispatch_uid="audit-signed-out")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="audit-sign-in-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="audit-locked-out")
