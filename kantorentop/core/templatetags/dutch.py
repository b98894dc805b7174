"""Dutch notation in templates, whatever the active language: `1.234 m2`, `€ 1.234,56`,
`31-12-2026`, `17,9%`, a year as `2003` (never with a separator). An unknown value (None or
empty) shows as a dash, never as 0.

A browser breaks a line after a hyphen and at a space, so a date would show as "31-/12-2026" and
an area as "1.234" above "m2" in a narrow cell or at a line's end. The filters of dates, areas and
amounts therefore wrap them in a `kt-nowrap` span: one place for every page. Python code and
attribute values take the plain text of the `dutch_*` functions (and `datum_value`) instead: a
span inside an attribute or a message would show as markup. Of those, `dutch_euro` joins the sign
and the figure with a no-break space (U+00A0), so that "€" never ends a message's line; the
other plain texts keep a normal space (CSV and XLSX exports do not use `dutch_euro`)."""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

UNKNOWN = "–"
# A date, an amount or an area in the notation above, inside a stored text.
NOTATION_IN_TEXT = re.compile(
    r"\b\d{2}-\d{2}-\d{4}\b"  # a date
    r"|€[ \u00a0]-?\d[\d.]*(?:,\d+)?"  # an amount
    r"|\b\d[\d.]*(?:,\d+)? m2\b"  # an area
)


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


def _unbroken(text: str) -> str:
    """`text` kept on one line (the dash of an unknown value needs no span)."""
    return text if text == UNKNOWN else format_html('<span class="kt-nowrap">{}</span>', text)


def dutch_m2(value: object) -> str:
    """`1234` -> `1.234 m2`, as plain text."""
    text = dutch_number(value)
    return text if text == UNKNOWN else f"{text} m2"


NO_BREAK_SPACE = "\u00a0"


def _euro(value: object, decimals: int, space: str) -> str:
    text = dutch_number(value, decimals)
    return text if text == UNKNOWN else f"€{space}{text}"


def dutch_euro(value: object, decimals: int = 2) -> str:
    """`1234.56` -> `€ 1.234,56`, as plain text for messages, with a no-break space: a message
    has no span to keep the sign with its amount."""
    return _euro(value, decimals, NO_BREAK_SPACE)


def dutch_date(value: object) -> str:
    """A date (or a datetime, in the portal's time zone) -> `31-12-2026`, as plain text."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not isinstance(value, datetime.date):
        return UNKNOWN
    return value.strftime("%d-%m-%Y")


@register.filter
def m2(value: object) -> str:
    """`1234` -> `1.234 m2`, on one line."""
    return _unbroken(dutch_m2(value))


@register.filter
def euro(value: object, decimals: int = 2) -> str:
    """`1234.56` -> `€ 1.234,56`, on one line; `euro:0` gives whole euros."""
    return _unbroken(_euro(value, int(decimals), " "))  # the span keeps it on one line


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
    """A date (or a datetime, in the portal's time zone) -> `31-12-2026`, on one line."""
    return _unbroken(dutch_date(value))


@register.filter
def datum_value(value: object) -> str:
    """A date as a form field's value: `31-12-2026` as plain text."""
    return dutch_date(value)


@register.filter
def datum_tijd(value: object) -> str:
    """A moment in the portal's time zone -> `31-12-2026 17:05`, on one line."""
    if not isinstance(value, datetime.datetime):
        return UNKNOWN
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    return _unbroken(moment.strftime("%d-%m-%Y %H:%M"))


@register.filter(needs_autoescape=True)
def unbroken(text: object, autoescape: bool = True) -> str:
    """A stored text (a notification's body) with its dates, amounts and areas on one line."""
    escaped = conditional_escape(text) if autoescape else str(text)
    return mark_safe(  # noqa: S308 - escaped above; the spans are the only markup added
        NOTATION_IN_TEXT.sub(lambda match: _unbroken(match[0]), escaped)
    )
