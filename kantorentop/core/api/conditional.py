"""Conditional GET in the API: an `ETag` on every 200 answer to a GET, and `If-None-Match`
answered `304 Not Modified` without a body while the answer would be the same (api-v1.md,
"Keeping a copy up to date").

Two ways to an ETag:

- A view that knows the version of the data it answers from (`ConditionalGetMixin` with an
  `etag_version`, such as the outbox's data version for buildings, records and flags): the ETag
  is a hash of that version, of everything else the answer depends on (the path, the query with
  its parameters sorted, the chosen format, the language, the host the links are built on, the
  caller's scope, today's date and the code's release) and is checked after authentication and
  before the view does any work, so a 304 costs one index lookup and no rendering.
- Any other 200 (reference data, plans, funds, the OpenAPI document): a hash of the rendered
  body (`conditional_response`, run by the API middleware), as Django's ConditionalGetMiddleware
  would do if it did not skip every response marked `no-store` (which all API answers were).

Django's and DRF's own pieces do not fit: ConditionalGetMiddleware and `condition()` hash or ask
before the view without the scope DRF authenticates inside the view, and drf-extensions' ETag
mixins (a package more, with a Django range to check) compute the key from the same
request-level parts but know no data version that is safe while writers commit out of order.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Collection, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.http import parse_etags

from kantorentop.core.api import API_VERSION
from kantorentop.core.kept import kept_objects

# The code the answers come from: a deployment of other code must not meet an ETag of the old.
_RELEASE_PACKAGES = (
    "config",
    "kantorentop",
    "regions",
    "events",
    "buildings",
    "covenants",
    "funds",
    "vacancy_law",
)


@cache
def release() -> str:
    """A fingerprint of the running code: KANTORENTOP_RELEASE where the deployment names its
    release, else a hash of the project's Python sources (read once per process)."""
    named = os.environ.get("KANTORENTOP_RELEASE", "")
    if named:
        return named
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for package in _RELEASE_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _query_key(request: Any, leave_out: Collection[str]) -> list[Any]:
    """The query as a list of (name, values), names sorted, values in the order given."""
    query = request.GET
    return [[name, query.getlist(name)] for name in sorted(query) if name not in leave_out]


def version_etag(
    request: Any, version: str, caller: list[Any], *, leave_out: Collection[str] = ()
) -> str:
    """The ETag of the answer to `request` from data of `version` for `caller` (what decides
    what the caller may see: its scope), as the module docstring says; without the query
    parameters `leave_out`, the key of what answers differing only in them share."""
    parts = [
        release(),
        API_VERSION,
        version,
        request.path,
        _query_key(request, leave_out),
        getattr(request, "accepted_media_type", ""),
        translation.get_language(),
        request.get_host(),
        request.scheme,
        caller,
        timezone.localdate().isoformat(),
    ]
    key = json.dumps(parts, separators=(",", ":"), default=str)
    return f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'


def body_etag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def etag_matches(request: HttpRequest, etag: str) -> bool:
    """Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks for it)."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    given: Iterable[str] = parse_etags(header)
    return any(tag == "*" or tag.removeprefix("W/") == etag.removeprefix("W/") for tag in given)


def not_modified(etag: str, original: HttpResponseBase | None = None) -> HttpResponseNotModified:
    """304 with no body; the headers a 200 would have that RFC 9110 asks to repeat."""
    response = HttpResponseNotModified()
    response["ETag"] = etag
    if original is not None:
        for header in ("Cache-Control", "Vary", "Content-Location", "Expires"):
            if header in original:
                response[header] = original[header]
        # The file of a streamed answer (a PDF) is not sent: close it. Not original.close(),
        # which would signal the end of the request while it still runs.
        stream = getattr(original, "file_to_stream", None)
        if stream is not None:
            stream.close()
    return response


def conditional_response(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """For a 200 answer to a GET or HEAD: its ETag (a hash of the body where the view gave
    none; a streamed body must come with its own), and 304 where `If-None-Match` names it."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    etag = response.get("ETag")
    if etag is None:
        if response.streaming or not isinstance(response, HttpResponse):
            return response
        etag = body_etag(response.content)
        response["ETag"] = etag
    if etag_matches(request, etag):
        return not_modified(etag, response)
    return response


class NotModified(Exception):
    """Raised by ConditionalGetMixin before the view's work: the answer would be the same."""

    def __init__(self, etag: str) -> None:
        super().__init__(etag)
        self.etag = etag


class ConditionalGetMixin:
    """For DRF views that answer from data whose version `etag_version()` names (None: the
    body is hashed instead), to a caller whom `etag_caller()` describes (what it may see).
    Checked after authentication, permissions and throttling, so a caller without access gets
    its 401/403/404 and never a 304. kantorentop.accounts.conditional gives the caller's scope.
    """

    def etag_version(self) -> str | None:
        return None

    def etag_caller(self) -> list[Any]:
        raise NotImplementedError("name what decides what the caller may see")

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self._etag: str | None = None
        self._etag_parts: tuple[str, list[Any]] | None = None
        if request.method in ("GET", "HEAD"):
            version = self.etag_version()
            if version is not None:
                self._etag_parts = (version, self.etag_caller())
                self._etag = version_etag(request, *self._etag_parts)
                if etag_matches(request, self._etag):
                    raise NotModified(self._etag)

    def kept[T](self, build: Callable[[], T], *, leave_out: Collection[str] = ()) -> T:
        """What `build()` makes for this request (a list's filtered queryset, ready to page),
        built once for every request whose ETag would be the same but for the query
        parameters `leave_out` (a page's number and size, for a client paging through a list).
        The ETag names everything the answer depends on, so also everything that is built for
        it (the caller's reach, the filters, the version of the data their lookups read);
        building a list's FilterSet, queryset and statement took a third of an API page
        (docs/benchmarks.md). What is built must not change afterwards: threads share it.
        Without a version: `build()`, each time."""
        if self._etag_parts is None:
            return build()
        key = version_etag(self.request, *self._etag_parts, leave_out=leave_out)  # type: ignore[attr-defined]
        built = kept_objects.get(key)
        if built is None:
            built = build()  # invalid filters raise here, and nothing is kept
            kept_objects.put(key, built)
        return built  # type: ignore[no-any-return]

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, NotModified):
            return not_modified(exc.etag)
        return super().handle_exception(exc)  # type: ignore[misc]

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        etag = getattr(self, "_etag", None)
        if etag is not None and response.status_code == 200:
            response["ETag"] = etag
        return response
