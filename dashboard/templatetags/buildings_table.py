"""Template filters of the buildings table."""

from django import template

from buildings.choices import BuildingStatus

register = template.Library()


@register.filter
def building_status(value: str) -> str:
    """The label of a building status code (the table's `status_on`), in the active language."""
    try:
        return str(BuildingStatus(value).label)
    except ValueError:
        return value
