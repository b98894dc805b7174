"""Template filters of the buildings table."""

from django import template

from buildings.choices import BuildingStatus, LabelCDuty

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
