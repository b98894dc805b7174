"""Django's error handlers, answering problem+json under /api/ and the usual pages elsewhere."""

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from kantorentop.core.api import API_PREFIX
from kantorentop.core.api.problems import problem_response


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return problem_response(404)
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return problem_response(500)
    return defaults.server_error(request)


def handler403(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return problem_response(403)
    return defaults.permission_denied(request, exception)


def handler400(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return problem_response(400)
    return defaults.bad_request(request, exception)
