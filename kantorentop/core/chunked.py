"""Request bodies sent with `Transfer-Encoding: chunked`, which Django alone reads as empty.

Django reads a body only as far as its Content-Length, and a chunked request has none. gunicorn
removes the chunk framing and says so (`wsgi.input_terminated`), so the body can be read to its
end here, spooled (memory, then a temporary file) and handed on with the length it turned out
to have; from there on the request is like any other, size limits included. A server that does
not remove the framing gets 411: the client should send Content-Length.
"""

import tempfile
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from kantorentop.core.api import API_PREFIX
from kantorentop.core.api.middleware import max_body_bytes
from kantorentop.core.api.problems import problem_response

READ_CHUNK_BYTES = 64 * 1024
SPOOL_IN_MEMORY_BYTES = 1024 * 1024

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _is_chunked(environ: dict[str, Any]) -> bool:
    encodings = environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    return "chunked" in encodings and not environ.get("CONTENT_LENGTH")


class ChunkedBodyMiddleware:
    """WSGI middleware around Django (config/wsgi.py)."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if not _is_chunked(environ):
            return self.app(environ, start_response)
        if not environ.get("wsgi.input_terminated"):
            return self._length_required(environ, start_response)
        # One byte past the largest body any endpoint takes is enough to refuse it (413).
        limit = max_body_bytes() + 1
        body = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES)  # noqa: SIM115
        total = 0
        while total < limit and (chunk := environ["wsgi.input"].read(READ_CHUNK_BYTES)):
            body.write(chunk)
            total += len(chunk)
        body.seek(0)
        environ["wsgi.input"] = body
        environ["CONTENT_LENGTH"] = str(total)
        response = self.app(environ, start_response)
        # The server closes the response when it is done; the spooled body goes with it.
        close = getattr(response, "close", None)
        if close is not None:
            response.close = lambda: (close(), body.close())  # type: ignore[attr-defined]
        return response

    @staticmethod
    def _length_required(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        detail = _("Send the body with a Content-Length header; chunked bodies are not read here.")
        if environ.get("PATH_INFO", "").startswith(API_PREFIX):
            response = problem_response(411, detail=detail)
        else:
            response = HttpResponse(detail, status=411, content_type="text/plain; charset=utf-8")
        start_response("411 Length Required", list(response.items()))
        return [response.content]
