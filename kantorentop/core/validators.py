"""Validators for Dutch identifiers shared by models, forms and the API."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BAG_PAND_ID_PATTERN = r"^[0-9]{4}10[0-9]{10}$"
POSTCODE_PATTERN = r"^[1-9][0-9]{3} [A-Z]{2}$"
POSTCODE_INPUT = re.compile(r"^\s*([1-9][0-9]{3})\s?([A-Za-z]{2})\s*$")
UNISSUED_POSTCODE_LETTERS = ("SA", "SD", "SS")


def validate_bag_pand_id(value: str) -> None:
    """A BAG pand id: 16 digits, digits 5-6 are `10` (the object type for pand)."""
    if not re.fullmatch(BAG_PAND_ID_PATTERN, value or ""):
        raise ValidationError(
            _("A BAG pand id has exactly 16 digits, of which digits 5 and 6 are 10."),
            code="invalid_bag_id",
        )


def normalise_postcode(value: str) -> str:
    """Return the postcode as `1234 AB`, or raise ValidationError."""
    match = POSTCODE_INPUT.match(value or "")
    if not match:
        raise ValidationError(
            _("A postcode has 4 digits (the first not 0) and 2 letters, such as 3511 AB."),
            code="invalid_postcode",
        )
    letters = match.group(2).upper()
    if letters in UNISSUED_POSTCODE_LETTERS:
        raise ValidationError(
            _("Postcodes with the letters SA, SD or SS are never issued."),
            code="invalid_postcode",
        )
    return f"{match.group(1)} {letters}"


def validate_postcode(value: str) -> None:
    normalise_postcode(value)
    if not re.fullmatch(POSTCODE_PATTERN, value):
        raise ValidationError(_("Write the postcode as 1234 AB."), code="invalid_postcode")
