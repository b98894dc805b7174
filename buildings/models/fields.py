"""Model fields of the buildings' own: whole square metres and coordinates.

They convert values (`to_python`, which `full_clean` and the services apply) so that a value is
never silently changed into another one: a fraction of a m2 is not truncated, and a float
coordinate is rounded once, from the decimal it is written as.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models


class WholeAreaField(models.PositiveIntegerField):
    """An area in whole m2. Django's IntegerField converts 10.5 to 10 (int() truncates) and True
    to 1: this field refuses a fraction and a bool as values it cannot hold (code `invalid`)."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, bool):
            raise self._invalid(value)
        if isinstance(value, float | Decimal):
            try:
                whole = int(value)
            except (ArithmeticError, ValueError):  # infinity, NaN
                raise self._invalid(value) from None
            if whole != value:
                raise self._invalid(value)
            value = whole
        return super().to_python(value)

    def _invalid(self, value: Any) -> ValidationError:
        return ValidationError(
            self.error_messages["invalid"], code="invalid", params={"value": value}
        )


class CoordinateField(models.DecimalField):
    """A coordinate in decimal degrees. A float is read as the decimal it is written as (its
    shortest repr: 5.11004449), not first rounded to `max_digits` digits as Django's DecimalField
    does (5.1100445): rounded to the stored decimals from there, 5.11004449 becomes 5.110044, not
    5.110045."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, float):
            value = repr(value)
        return super().to_python(value)
