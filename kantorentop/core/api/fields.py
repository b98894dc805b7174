"""Serializer fields that take input as strictly as the contract states it (spec: dates are
`YYYY-MM-DD`; JSON numbers are numbers), and the ModelSerializer that maps model fields to them.

DRF is lenient by default: `2012-6-30` is a date to it and `"3390"` a number. A client that
sends those works by accident against this server and breaks against the next one, so they are
refused. Numbers sent as text are refused only in a JSON body: form and query data are text.
Amounts of money (decimals) are the exception: exact decimals as JSON text ("12.50") are the
common way to keep them off binary floating point, so both are taken there.
"""

import datetime
import re
from decimal import Decimal
from typing import Any

from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class IsoDateField(serializers.DateField):
    """A date as `YYYY-MM-DD` only (two-digit month and day)."""

    default_error_messages = {"invalid": _("Date has wrong format. Use YYYY-MM-DD.")}

    def to_internal_value(self, value: Any) -> datetime.date:
        if isinstance(value, str) and not ISO_DATE.fullmatch(value):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


def _from_json(field: serializers.Field) -> bool:
    """Whether the field's input is a parsed JSON document (not form or query data)."""
    root = field.root
    data = getattr(root, "initial_data", None)
    return data is not None and not isinstance(data, QueryDict)


class _StrictNumber:
    """In a JSON body a number is a JSON number: a string or a boolean is refused."""

    def to_internal_value(self, data: Any) -> Any:
        if _from_json(self) and (  # type: ignore[arg-type]
            isinstance(data, bool) or not isinstance(data, int | float | Decimal)
        ):
            self.fail("invalid")  # type: ignore[attr-defined]
        return super().to_internal_value(data)  # type: ignore[misc]


class StrictIntegerField(_StrictNumber, serializers.IntegerField):
    default_error_messages = {"invalid": _("A valid integer is required (a JSON number).")}


class StrictFloatField(_StrictNumber, serializers.FloatField):
    default_error_messages = {"invalid": _("A valid number is required (a JSON number).")}


# DRF's ModelSerializer with the strict fields above for the model's dates and numbers. (A
# comment, not a docstring: the OpenAPI document would give it as every schema's description.)
class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: IsoDateField,
        models.IntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.BigIntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
        models.PositiveBigIntegerField: StrictIntegerField,
        models.FloatField: StrictFloatField,
    }


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice the model keeps as "" when there is none: null in the API, both ways."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["allow_null"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return None if value in ("", None) else super().to_representation(value)

    def run_validation(self, data: Any = serializers.empty) -> Any:
        value = super().run_validation(data)
        return "" if value is None else value


class BagIdField(serializers.SlugRelatedField):
    """A building named by its BAG pand id (`bagId`, `buildingLeftBehind`).

    Its serializer narrows the queryset to the buildings the caller may see, so a building it
    may not see is answered with the same words as one the portal does not track: the message
    names only the id the client sent (docs/adr/0010-existence-outside-a-scope.md)."""

    default_error_messages = {
        "does_not_exist": _("No building with BAG id {value} in the office stock."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="bag_id", **kwargs)
