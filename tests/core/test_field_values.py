"""field_value / field_values: a value as a model's field holds it, or `invalid` on the field."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from buildings.models import Building
from funds.models import LedgerEntry
from kantorentop.core.field_values import field_value, field_values


@pytest.mark.parametrize(
    ("model", "name", "value", "held"),
    [
        (LedgerEntry, "booked_on", "2024-02-01", datetime.date(2024, 2, 1)),
        (LedgerEntry, "amount_eur", "10.50", Decimal("10.50")),
        (LedgerEntry, "amount_eur", 10, Decimal(10)),
        (Building, "lettable_floor_area_m2", "6000", 6000),
        (Building, "lettable_floor_area_m2", 6000.0, 6000),
        (Building, "gross_floor_area_m2", None, None),
        (Building, "gross_floor_area_m2", "", None),  # no value, as a form reads an empty field
        (Building, "completed_on", "", None),
    ],
)
def test_a_value_the_field_converts_is_held_as_the_field_holds_it(model, name, value, held):
    assert field_value(model, name, value) == held


@pytest.mark.parametrize(
    ("model", "name", "value"),
    [
        # Django reports a well-formed but impossible date as `invalid_date`.
        (LedgerEntry, "booked_on", "2024-13-45"),
        # DateField.to_python raises a TypeError for a value that is no str nor date.
        (LedgerEntry, "booked_on", 20240201),
        (LedgerEntry, "booked_on", object()),
        # Python's bool is an int: the DecimalField would hold True as 1.
        (LedgerEntry, "amount_eur", True),
        (LedgerEntry, "amount_eur", Decimal("Infinity")),
        (LedgerEntry, "amount_eur", None),  # no value where the field cannot be null
        (LedgerEntry, "amount_eur", ""),
        (Building, "lettable_floor_area_m2", 10.5),  # truncated by IntegerField, refused here
        (Building, "lettable_floor_area_m2", float("inf")),  # an OverflowError in int()
        (Building, "lettable_floor_area_m2", Decimal("NaN")),
    ],
)
def test_a_value_the_field_cannot_hold_is_refused_with_code_invalid(model, name, value):
    with pytest.raises(ValidationError) as excinfo:
        field_value(model, name, value)
    assert [error.code for error in excinfo.value.error_list] == ["invalid"]
    assert excinfo.value.messages == [
        str(model._meta.get_field(name).error_messages["invalid"]) % {"value": value}
    ]


def test_field_values_reports_each_value_on_its_field_and_leaves_it_out():
    errors: dict[str, list[ValidationError]] = {}
    held = field_values(
        LedgerEntry, errors, amount_eur="10.00", booked_on="2024-13-45", kind="contribution"
    )
    assert held == {"amount_eur": Decimal("10.00"), "kind": "contribution"}
    assert {name: [e.code for e in found] for name, found in errors.items()} == {
        "booked_on": ["invalid"]
    }
