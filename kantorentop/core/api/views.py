"""Django's error handlers, answering problem+json under /api/ and the usual pages elsewhere."""

import sys

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

from kantorentop.core.api import API_PREFIX
from kantorentop.core.api.problems import (
    DATABASE_UNAVAILABLE,
    RETRY_AFTER_SECONDS,
    problem_response,
)


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return problem_response(404)
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exception(), DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    if request.path.startswith(API_PREFIX):
        return problem_response(500)
    return defaults.server_error(request)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After while the database is down or restarting: problem+json under /api/,
    else a page rendered without a request context (which could need the database)."""
    if request.path.startswith(API_PREFIX):
        response = problem_response(503, code="database_unavailable")
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def handler403(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return problem_response(403)
    return defaults.permission_denied(request, exception)


def handler400(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Django answers a body over DATA_UPLOAD_MAX_MEMORY_SIZE (read by a form or the CSRF check)
    # as a bad request; it is one too large.
    too_large = isinstance(exception, RequestDataTooBig)
    if request.path.startswith(API_PREFIX):
        return problem_response(413 if too_large else 400)
    if too_large:
        return HttpResponse(loader.get_template("413.html").render(), status=413)
    return defaults.bad_request(request, exception)
