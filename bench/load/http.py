"""A minimal browser for the load generator: one keep-alive connection (reopened when the server
closes it), cookies, CSRF and sign-in, and a record of every request."""

from __future__ import annotations

import http.client
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True)
class Sample:
    """One request: what it was, when it started (monotonic), how long it took and its answer
    (status 0: no answer, with the reason in `error`)."""

    kind: str
    started: float
    seconds: float
    status: int
    error: str = ""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float
    error: str = ""


class Browser:
    """A user agent behind the reverse proxy: HTTPS as the portal sees it (X-Forwarded-Proto),
    cookies kept, the CSRF token sent with every form."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.origin = f"https://{host}:{port}"
        self.cookies: dict[str, str] = {}
        self.samples: list[Sample] = []
        self._connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            self._connection = http.client.HTTPConnection(
                self.host, self.port, timeout=TIMEOUT_SECONDS
            )
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def request(
        self,
        kind: str,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """Send one request and record it; never retried (a write must not be sent twice)."""
        sent = {"X-Forwarded-Proto": "https", "Accept-Language": "nl", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        started = time.monotonic()
        try:
            connection = self._connect()
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
            status = response.status
            answer_headers = {name.lower(): value for name, value in response.getheaders()}
            for cookie in response.msg.get_all("Set-Cookie") or []:
                self._cookie_store(cookie)
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            error = ""
        except (OSError, http.client.HTTPException) as problem:  # timeouts are OSErrors
            self.close()
            status, answer_headers, data = 0, {}, b""
            error = f"{type(problem).__name__}: {problem}"
        seconds = time.monotonic() - started
        self.samples.append(Sample(kind, started, seconds, status, error))
        return Answer(status, answer_headers, data, seconds, error)

    def _cookie_store(self, header: str) -> None:
        jar = SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def get(self, kind: str, path: str, *, headers: dict[str, str] | None = None) -> Answer:
        return self.request(kind, "GET", path, headers=headers)

    @property
    def csrf_token(self) -> str:
        for name, value in self.cookies.items():
            if name.endswith("csrftoken"):
                return value
        return ""

    def post_form(self, kind: str, path: str, fields: dict[str, object]) -> Answer:
        """A form POST as the browser sends it: the CSRF token in the body, Origin and Referer
        of the portal (Django checks them on HTTPS)."""
        body = urlencode({"csrfmiddlewaretoken": self.csrf_token, **fields}).encode()
        return self.request(
            kind,
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + path,
            },
        )

    def sign_in(self, username: str, password: str) -> None:
        """The sign-in page, then its form; raises unless the portal redirects with a session."""
        page = self.get("sign-in page", "/inloggen")
        if page.status != 200:
            raise RuntimeError(f"GET /inloggen answered {page.status} {page.error}")
        answer = self.post_form(
            "sign-in", "/inloggen", {"username": username, "password": password, "next": "/"}
        )
        if answer.status != 302 or not any(name.endswith("sessionid") for name in self.cookies):
            raise RuntimeError(
                f"signing in as {username} answered {answer.status} {answer.error} "
                f"{answer.body[:200]!r}"
            )
