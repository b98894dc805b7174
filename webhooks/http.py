"""The HTTP of a webhook: the CloudEvents webhook handshake and one POST, over a connection to
the address that callback_target checked (never a second name lookup), with a time limit.

The standard library's http.client, not a client that follows redirects or reads proxies from
the environment: a receiver's redirect is not followed (it would bypass the address check).
"""

from __future__ import annotations

import email.utils
import http.client
import socket
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings

from webhooks.addresses import Target

USER_AGENT = "Kantorentop-Webhooks/1.0"
# A receiver's answer body is not used; read a little of it, for the error shown to its owner.
BODY_LIMIT = 300


@dataclass(frozen=True)
class Answer:
    """What a receiver answered: `status` None when no answer came (`error` says why)."""

    status: int | None
    retry_after: float | None = None
    allowed_origin: str | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Retry-After as seconds from now: a number of seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _request(target: Target, method: str, headers: dict[str, str], body: bytes = b"") -> Answer:
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, timeout)
    try:
        connection.request(method, target.path, body=body or None, headers=headers)
        response = connection.getresponse()
        response.read(BODY_LIMIT)
        return Answer(
            status=response.status,
            retry_after=retry_after_seconds(response.getheader("Retry-After")),
            allowed_origin=response.getheader("WebHook-Allowed-Origin"),
            error="" if 200 <= response.status < 300 else f"HTTP {response.status}",
        )
    except TimeoutError:
        return Answer(status=None, error="timeout")
    except (OSError, http.client.HTTPException) as error:
        return Answer(status=None, error=f"{type(error).__name__}: {error}"[:300])
    finally:
        connection.close()


def handshake(target: Target, *, origin: str) -> Answer:
    """The CloudEvents webhook validation: OPTIONS with WebHook-Request-Origin; the receiver
    allows us by answering 2xx with WebHook-Allowed-Origin set to our origin or `*`."""
    return _request(target, "OPTIONS", {"WebHook-Request-Origin": origin, "User-Agent": USER_AGENT})


def post_event(target: Target, *, body: bytes, bearer_token: str) -> Answer:
    """POST one structured CloudEvent."""
    headers = {
        "Content-Type": "application/cloudevents+json; charset=utf-8",
        "User-Agent": USER_AGENT,
    }
    if bearer_token:
        headers["Authorization"] = f"Bearer {bearer_token}"
    return _request(target, "POST", headers, body)
