"""A receiving HTTP server on 127.0.0.1 for the webhook tests: it records what it gets and
answers as the test tells it (fail, hang, 429 with Retry-After, 410 Gone)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 204
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    at: float


class Receiver:
    """`reply(event, count)` decides each POST's answer (`count`: how many POSTs of this event
    id came before); `allow_origin` is the handshake's answer (None: no header)."""

    def __init__(self, reply: Callable[[dict[str, Any], int], Reply] | None = None) -> None:
        self.reply = reply or (lambda event, count: Reply())
        self.allow_origin: str | None = "*"
        self.handshake_status = 200
        self.requests: list[Received] = []
        self._lock = threading.Lock()
        self._seen: dict[str, int] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _record(self, body: dict[str, Any] | None) -> None:
                with receiver._lock:
                    receiver.requests.append(
                        Received(self.command, self.path, dict(self.headers), body, time.time())
                    )

            def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's naming
                self._record(None)
                self.send_response(receiver.handshake_status)
                if receiver.allow_origin is not None:
                    self.send_header("WebHook-Allowed-Origin", receiver.allow_origin)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                with receiver._lock:
                    count = receiver._seen.get(body["id"], 0)
                    receiver._seen[body["id"]] = count + 1
                reply = receiver.reply(body, count)
                self._record(body)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the sender gave up waiting

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def start(self) -> Receiver:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def posts(self) -> list[Received]:
        with self._lock:
            return [request for request in self.requests if request.method == "POST"]

    def events(self) -> list[dict[str, Any]]:
        return [request.body for request in self.posts() if request.body is not None]
