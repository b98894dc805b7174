"""What a dashboard request remembers of the areas it has read, for the menu."""

from django.http import HttpRequest


def area_name_remember(request: HttpRequest, *, kind: str, code: str, name: str) -> None:
    """Note the name of an area row the page has read (kind "province" or "municipality"), so
    the menu need not read it again (`area_name_known`)."""
    names = request.__dict__.setdefault("_kantorentop_area_names", {})
    names[(kind, code)] = name


def area_name_known(request: HttpRequest, *, kind: str, code: str) -> str | None:
    """The name of an area this request has read already, else None."""
    names: dict[tuple[str, str], str] = getattr(request, "_kantorentop_area_names", {})
    return names.get((kind, code))
