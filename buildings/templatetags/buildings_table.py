"""Template filters of the buildings table."""

import datetime

from django import template

from buildings.choices import BuildingStatus, LabelCDuty
from kantorentop.core.as_of import date_query

register = template.Library()


@register.filter
def building_status(value: str) -> str:
    """The label of a building status code (the table's `status_on`), in the active language."""
    try:
        return str(BuildingStatus(value).label)
    except ValueError:
        return value


@register.filter
def label_duty(value: str | None) -> str:
    """The label of a label-C duty status (`label_c_duty`), in the active language; a dash
    before the duty (null)."""
    if not value:
        return "–"
    try:
        return str(LabelCDuty(value).label)
    except ValueError:
        return value


@register.filter
def on_date_query(on: datetime.date | None) -> str:
    """`?datum=DD-MM-JJJJ` for the links of a table on another date than today, else "": a
    building's page then shows the building on the date its row showed it."""
    query = date_query(on) if on is not None else ""
    return f"?{query}" if query else ""
