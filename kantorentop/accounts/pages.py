"""Small helpers shared by the server-rendered pages of the workflows (plans, funds, covenants,
developments, transactions): service errors shown on a form, and the
confirmation step of the steps that pay out or decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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


# A step that pays out or decides asks first: its button posts without this field and gets a
# confirmation page, whose own button posts the same form again with it. Works without JavaScript.
CONFIRMED_FIELD = "bevestigd"


def is_confirmed(request: HttpRequest) -> bool:
    """Whether the POST comes from the confirmation page's button."""
    return request.POST.get(CONFIRMED_FIELD) == "1"


def confirmation_page(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    confirm_label: str,
    cancel_url: str,
    fields: dict[str, str] | None = None,
) -> HttpResponse:
    """The page that asks to confirm the POST it answers; `fields` are posted again with it."""
    context = {
        "title": title,
        "question": question,
        "confirm_label": confirm_label,
        "cancel_url": cancel_url,
        "fields": sorted((fields or {}).items()),
        "confirmed_field": CONFIRMED_FIELD,
        "action": request.path,
    }
    return render(request, "confirm.html", context)
