"""Dutch notation in templates, whatever the active language: `1.234 m2`, `€ 1.234,56`,
`31-12-2026`, `17,9%`, a year as `2003` (never with a separator). An unknown value (None or
empty) shows as a dash, never as 0."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import timezone

register = template.Library()

UNKNOWN = "–"


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def dutch_number(value: object, decimals: int = 0) -> str:
    """A number with `.` between thousands and `,` before the decimals (half up)."""
    number = _decimal(value)
    if number is None:
        return UNKNOWN
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join(groups) or "0"
    return f"{sign}{text},{fraction}" if decimals else f"{sign}{text}"


@register.filter
def number(value: object, decimals: int = 0) -> str:
    """`1234` -> `1.234`; `number:1` gives one decimal."""
    return dutch_number(value, int(decimals))


@register.filter
def m2(value: object) -> str:
    """`1234` -> `1.234 m2`."""
    text = dutch_number(value)
    return text if text == UNKNOWN else f"{text} m2"


@register.filter
def euro(value: object, decimals: int = 2) -> str:
    """`1234.56` -> `€ 1.234,56`; `euro:0` gives whole euros."""
    text = dutch_number(value, int(decimals))
    return text if text == UNKNOWN else f"€ {text}"


@register.filter
def percentage(value: object, decimals: int = 1) -> str:
    """`17.9` (already a percentage) -> `17,9%`."""
    text = dutch_number(value, int(decimals))
    return text if text == UNKNOWN else f"{text}%"


@register.filter
def year(value: object) -> str:
    """A year as written, without a thousands separator: `2003` -> `2003` (never `2.003`)."""
    if value is None or value == "" or isinstance(value, bool):
        return UNKNOWN
    try:
        return str(int(str(value)))
    except ValueError:
        return UNKNOWN


@register.filter
def datum(value: object) -> str:
    """A date (or a datetime, in the portal's time zone) -> `31-12-2026`."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not isinstance(value, datetime.date):
        return UNKNOWN
    return value.strftime("%d-%m-%Y")
