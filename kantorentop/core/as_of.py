"""The date a page shows its figures on, read from the request (`?datum=`)."""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

EARLIEST = datetime.date(1990, 1, 1)


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


def date_query(on: datetime.date) -> str:
    """`datum=DD-MM-JJJJ` for a page on another date than today, else "": what a link from a
    page on a date carries so that the page it leads to shows the same date."""
    return "" if on == timezone.localdate() else f"datum={on.strftime('%d-%m-%Y')}"
