"""Errors as `application/problem+json` (RFC 9457), for DRF views and for Django's own errors
under /api/.

Every problem has `type`, `title`, `status` and `detail`; invalid input adds `invalidParams`, a
list of `{name, code, reason}` whose names are the camelCase names the client sent.
"""

import json
import logging
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from djangorestframework_camel_case.util import camelize_re, underscore_to_camel
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from kantorentop.core.api import API_VERSION

logger = logging.getLogger("kantorentop.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:kantorentop:problem:"

TITLES = {
    400: _("Invalid input"),
    401: _("Not authenticated"),
    403: _("Forbidden"),
    404: _("Not found"),
    405: _("Method not allowed"),
    406: _("Not acceptable"),
    413: _("Request body too large"),
    415: _("Unsupported media type"),
    429: _("Too many requests"),
    500: _("Internal server error"),
    503: _("Service unavailable"),
}
DETAILS = {
    400: _("The request is invalid."),
    401: _("Send a valid key in the header 'Authorization: Token <key>'."),
    403: _("You are not allowed to do this."),
    404: _("Nothing was found at this address, or it is not visible to you."),
    405: _("This method is not allowed on this address."),
    406: _("The requested media type cannot be produced; ask for application/json."),
    413: _("The request body is larger than allowed."),
    415: _("This media type is not supported here."),
    429: _("Too many requests; retry later."),
    500: _("Something went wrong on our side. It has been logged."),
    503: _("The service cannot reach its database right now; retry in a moment."),
}
# The database is down, restarting or dropped the connection: the request failed as a whole (its
# transaction rolled back) and may be retried. Answered 503 with Retry-After, never a traceback.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = DETAILS[413]
    default_code = "payload_too_large"


class InvalidParams(exceptions.ValidationError):
    """A 400 whose invalidParams are given as they are ({name, code, reason} each)."""

    def __init__(self, params: list[dict[str, str]], problem_detail: str | None = None) -> None:
        super().__init__("invalid")
        self.params = params
        self.problem_detail = problem_detail


def _type_slug(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase.lower().replace(" ", "-")
    except ValueError:
        return "error"


def problem_body(
    status_code: int,
    *,
    detail: str | None = None,
    title: str | None = None,
    code: str | None = None,
    invalid_params: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The problem document for a status; `code` names the problem type."""
    body: dict[str, Any] = {
        "type": TYPE_PREFIX + (code or _type_slug(status_code)).replace("_", "-"),
        "title": force_str(title or TITLES.get(status_code) or HTTPStatus(status_code).phrase),
        "status": status_code,
        "detail": force_str(detail or DETAILS.get(status_code) or HTTPStatus(status_code).phrase),
    }
    if invalid_params is not None:
        body["invalidParams"] = invalid_params
    return body


def problem_response(status_code: int, **kwargs: Any) -> HttpResponse:
    """A plain Django response with a problem document, for code outside DRF views."""
    response = HttpResponse(
        json.dumps(problem_body(status_code, **kwargs)),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    response["API-Version"] = API_VERSION
    return response


def camel_name(name: str) -> str:
    """The client's name for a field: `lettable_floor_area_m2` -> `lettableFloorAreaM2`."""
    if name in (NON_FIELD_ERRORS, "non_field_errors"):
        return "nonFieldErrors"
    return camelize_re.sub(underscore_to_camel, name)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def flatten_drf_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error structure as a flat list of invalid parameters."""
    params: list[dict[str, str]] = []
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            params += flatten_drf_errors(value, _join(prefix, camel_name(str(key))))
    elif isinstance(detail, list | tuple):
        for index, value in enumerate(detail):
            if isinstance(value, Mapping | list | tuple):
                params += flatten_drf_errors(value, _join(prefix, str(index)))
            else:
                params += flatten_drf_errors(value, prefix)
    else:
        params.append(
            {
                "name": prefix or "nonFieldErrors",
                "code": getattr(detail, "code", None) or "invalid",
                "reason": force_str(detail),
            }
        )
    return params


def flatten_django_errors(error: DjangoValidationError) -> list[dict[str, str]]:
    """A Django ValidationError (of a service) as a flat list of invalid parameters."""
    params: list[dict[str, str]] = []
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                params += _django_items(item, camel_name(field))
    else:
        params += _django_items(error, "nonFieldErrors")
    return params


def _django_items(error: DjangoValidationError, name: str) -> list[dict[str, str]]:
    items: Iterable[DjangoValidationError] = (
        error.error_list if hasattr(error, "error_list") else [error]
    )
    result = []
    for item in items:
        message = item.message
        if item.params:
            message = message % item.params
        result.append({"name": name, "code": item.code or "invalid", "reason": force_str(message)})
    return result


def _specific_detail(exc: exceptions.APIException) -> bool:
    """Whether the exception says more than its kind's default, so the problem keeps its text.
    Not a throttled one: DRF adds the wait in English ("Expected available in 60 seconds.") to a
    Dutch sentence; the wait is in Retry-After, the text is ours."""
    return (
        isinstance(exc.detail, str)
        and exc.detail != exc.default_detail
        and not isinstance(exc, exceptions.Throttled)
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's exception handler: every error as problem+json, never a traceback."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, DjangoValidationError):
        exc = InvalidParams(flatten_django_errors(exc))
    elif isinstance(exc, RequestDataTooBig):
        # Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE), met when a parser reads the body.
        exc = PayloadTooLarge()

    headers: dict[str, str] = {}
    if isinstance(exc, DATABASE_UNAVAILABLE):
        logger.warning("Database unavailable: %s", type(exc).__name__)
        set_rollback()
        response = Response(
            problem_body(503, code="database_unavailable"),
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
        response.content_type = PROBLEM_CONTENT_TYPE
        return response
    if isinstance(exc, exceptions.APIException):
        status_code = exc.status_code
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
        wait = getattr(exc, "wait", None)
        if wait is not None:
            headers["Retry-After"] = str(max(1, int(wait + 0.999)))
        if isinstance(exc, exceptions.ValidationError):
            detail = _("The request has invalid parameters; see invalidParams.")
            if isinstance(exc, InvalidParams):
                params = exc.params
                detail = exc.problem_detail or detail
            else:
                params = flatten_drf_errors(exc.detail)
            body = problem_body(400, code="invalid_input", detail=detail, invalid_params=params)
        elif isinstance(exc, exceptions.ParseError):
            body = problem_body(400, code="parse_error", detail=str(exc.detail))
        else:
            body = problem_body(
                status_code, code=exc.get_codes() if isinstance(exc.get_codes(), str) else None
            )
            if _specific_detail(exc) or status_code not in DETAILS:
                body["detail"] = force_str(exc.detail)
        set_rollback()
    else:
        request = context.get("request")
        logger.exception("Unhandled error in an API view", exc_info=exc)
        set_rollback()
        got_request_exception.send(sender=None, request=getattr(request, "_request", request))
        status_code = 500
        body = problem_body(500, code="server_error")
    response = Response(body, status=status_code, headers=headers)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response
