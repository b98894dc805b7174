"""The portal's one date input: a text box in Dutch notation (DD-MM-JJJJ) for every form.

A native `<input type="date">` shows the browser's notation (mm/dd/yyyy in some), while the portal
writes dates as 31-12-2026 everywhere; a text box with a pattern and a placeholder shows the same
notation in every browser and reads the way the portal writes.
"""

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%d-%m-%Y"
# 31-12-2026 first; also 31/12/2026, 31.12.2026 and ISO 2026-12-31 (pasted from elsewhere).
DATE_INPUT_FORMATS = [DATE_FORMAT, "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"]


class DutchDateInput(forms.TextInput):
    """A text box for a date in DD-MM-JJJJ, the notation of the rest of the portal."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={
                "class": "utrecht-textbox utrecht-textbox--html-input kt-date-input",
                "placeholder": _("DD-MM-YYYY"),
                "inputmode": "numeric",
                "pattern": r"[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}",
                "autocomplete": "off",
                **(attrs or {}),
            }
        )
        self.format = DATE_FORMAT

    def format_value(self, value: Any) -> str | None:
        if hasattr(value, "strftime"):
            return str(value.strftime(DATE_FORMAT))
        return super().format_value(value)


class DutchDateField(forms.DateField):
    """A date field with the DD-MM-JJJJ input: the field of every form that asks for a date."""

    widget = DutchDateInput
    default_error_messages = {
        "invalid": _("Enter a date as DD-MM-YYYY, for example 31-12-2026."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)


def dutch_date_formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """`formfield_callback` for model forms: their model date fields get the Dutch date input."""
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return field.formfield(form_class=DutchDateField, **kwargs)
    return field.formfield(**kwargs)
