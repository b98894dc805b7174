"""Middleware for everything under /api/: the API-Version header, no trailing slashes, a body size
limit, and problem+json for errors that Django itself answers (unknown URL, CSRF, 500)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from kantorentop.core.api import API_PREFIX, API_VERSION
from kantorentop.core.api.conditional import conditional_response
from kantorentop.core.api.problems import PROBLEM_CONTENT_TYPE, problem_response

# Headers of an error response that the problem document must keep.
KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After", "Vary")


def max_body_bytes() -> int:
    return int(getattr(settings, "API_MAX_BODY_BYTES", 50_000_000))


def content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class ApiMiddleware:
    """Place it before CommonMiddleware, so it also sees CommonMiddleware's answers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.path.endswith("/"):
            # The NL API Design Rules: a trailing slash is a 404, never a redirect.
            response = problem_response(404)
        elif content_length(request) > max_body_bytes():
            response = problem_response(413)
        else:
            response = self.get_response(request)
            response = self._as_problem(response)
            response = conditional_response(request, response)
        response["API-Version"] = API_VERSION
        # Building-level data must not stay in shared caches (NL API Design Rules, transport).
        # An answer with an ETag may stay in the client's own cache, to be asked again with
        # If-None-Match before every use; anything else is not stored at all.
        if "Cache-Control" not in response:
            etag = "ETag" in response
            response["Cache-Control"] = "private, no-cache" if etag else "no-store"
        return response

    @staticmethod
    def _as_problem(response: HttpResponse) -> HttpResponse:
        """Errors answered outside DRF (404 of the URL resolver, CSRF, a 500 with DEBUG on) as a
        problem document, without any traceback or HTML page."""
        is_problem = response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE)
        if response.status_code < 400 or is_problem:
            if 300 <= response.status_code < 400 and response.status_code != 304:
                # No redirects under /api/ (APPEND_SLASH and friends): the address is wrong.
                return problem_response(404)
            return response
        problem = problem_response(response.status_code if response.status_code < 600 else 500)
        for header in KEPT_HEADERS:
            if header in response:
                problem[header] = response[header]
        return problem
