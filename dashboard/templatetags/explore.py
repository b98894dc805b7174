"""Template filters of the area pages' exploring parts (child tables, figure links)."""

from django import template

from kantorentop.core.templatetags.dutch import m2, number, percentage

register = template.Library()


@register.filter
def figure_link(links: dict[str, str] | None, key: str) -> str:
    """The buildings table behind a tile's figure ("" when the tile has no link)."""
    return (links or {}).get(key, "")


@register.filter
def figure(value: object, kind: str) -> str:
    """A key figure in Dutch notation by its kind: `m2` (1.234 m2), `percentage` (17,5%) or a
    count (1.234); unknown (None) as a dash."""
    if kind == "m2":
        return m2(value)
    if kind == "percentage":
        return percentage(value)
    return number(value)
