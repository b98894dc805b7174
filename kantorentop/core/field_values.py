"""A value as a model's field holds it: the one conversion the services share.

Services take Python values from forms, serializers, the admin, imports and other code. They do not
check the types of those values by hand: they convert each through the model field it is for, as
`full_clean` does (the field's `to_python`), and then apply their rules to what the field holds.
"100" is 100 for an integer field and "2020-01-01" a date, as a form would read them; a value the
field cannot convert is refused on its field with the field's own message.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

Errors = dict[str, list[ValidationError]]


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a concrete field")
    return field


def invalid_value(model: type[models.Model], name: str, value: Any = None) -> ValidationError:
    """The error of a value that the field `name` of `model` cannot hold: the field's `invalid`
    message, code `invalid`."""
    field = _field(model, name)
    return ValidationError(field.error_messages["invalid"], code="invalid", params={"value": value})


def field_value(model: type[models.Model], name: str, value: Any) -> Any:
    """`value` as the field `name` of `model` holds it (the field's `to_python`).

    None or "" is None where the field may be null. Raises ValidationError with code `invalid`
    when the field cannot hold the value: one it cannot convert (Django's codes such as
    `invalid_date` for 2020-13-45, and the TypeError of an object given for a date, all become
    `invalid`), a bool (Python's bool is an int: True would be 1), or no value where the field
    cannot be null.
    """
    field = _field(model, name)
    if value is None or value == "":
        if field.null:
            return None
        raise invalid_value(model, name, value)
    if isinstance(value, bool) and not isinstance(field, models.BooleanField):
        raise invalid_value(model, name, value)
    try:
        return field.to_python(value)
    except (ValidationError, TypeError, ValueError, ArithmeticError) as error:
        raise invalid_value(model, name, value) from error


def field_values(model: type[models.Model], errors: Errors, **values: Any) -> dict[str, Any]:
    """Each of `values` through `field_value`. A value its field cannot hold is reported on the
    field in `errors` and left out of the result."""
    held: dict[str, Any] = {}
    for name, value in values.items():
        try:
            held[name] = field_value(model, name, value)
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.error_list)
    return held
