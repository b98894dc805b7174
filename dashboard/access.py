"""The request's scope and as-of date, read once per request."""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kantorentop.accounts.choices import Role

EARLIEST = datetime.date(1990, 1, 1)
OFFICER_ROLES = (Role.MUNICIPAL_OFFICER, Role.PROVINCIAL_OFFICER, Role.NATIONAL_OFFICER)


def area_name_remember(request: HttpRequest, *, kind: str, code: str, name: str) -> None:
    """Note the name of an area row the page has read (kind "province" or "municipality"), so
    the menu need not read it again (`area_name_known`)."""
    names = request.__dict__.setdefault("_kantorentop_area_names", {})
    names[(kind, code)] = name


def area_name_known(request: HttpRequest, *, kind: str, code: str) -> str | None:
    """The name of an area this request has read already, else None."""
    names: dict[tuple[str, str], str] = getattr(request, "_kantorentop_area_names", {})
    return names.get((kind, code))


def as_of_date(request: HttpRequest) -> tuple[datetime.date, str]:
    """The page's date from `?datum=DD-MM-JJJJ` or `?as_of=YYYY-MM-DD`, else today.

    Returns the date and an error message ("" when the parameter was fine or absent); a date
    that cannot be read, or lies before 1990 or after today, falls back to today.
    """
    today = timezone.localdate()
    text = (request.GET.get("datum") or "").strip()
    formats = ["%d-%m-%Y", "%Y-%m-%d"]
    if not text:
        text = (request.GET.get("as_of") or "").strip()
        formats = ["%Y-%m-%d", "%d-%m-%Y"]
    if not text:
        return today, ""
    for fmt in formats:
        try:
            day = datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if EARLIEST <= day <= today:
            return day, ""
        break
    return today, _("The date %(text)s cannot be shown; showing today instead.") % {"text": text}
