"""Small helpers shared by the server-rendered pages of the workflows (plans, funds, covenants,
developments, transactions): the request's scope and service errors shown on a form."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from kantorentop.accounts.scopes import Scope, scope_for_user


def page_scope(request: HttpRequest) -> Scope:
    """The user's scope, computed once per request (the same attribute the dashboard uses)."""
    scope = getattr(request, "_kantorentop_scope", None)
    if scope is None:
        scope = scope_for_user(request.user)
        request._kantorentop_scope = scope  # type: ignore[attr-defined]
    return scope


def is_officer(scope: Scope) -> bool:
    """A government officer (municipality, province or nation), not only an owner."""
    return bool(scope.national or scope.province_codes or scope.municipality_codes)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on
    the form as a whole."""
    if hasattr(error, "error_dict"):
        for name, items in error.error_dict.items():
            for item in items:
                form.add_error(name if name in form.fields else None, item)
    else:
        form.add_error(None, error)


def error_text(error: ValidationError) -> str:
    """One line of a service's ValidationError, for a flash message."""
    return " ".join(str(message) for message in error.messages)
