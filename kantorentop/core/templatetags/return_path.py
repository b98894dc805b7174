"""Where the header's forms and links bring the user back to: the language switch and the
sign-in link."""

from urllib.parse import urlsplit

from django import template
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

register = template.Library()


@register.simple_tag(takes_context=True)
def return_path(context: template.Context) -> str:
    """This page for a GET. After a POST (a rejected form re-rendered at its action's URL,
    which may answer only POST) the page the form was sent from: the Referer when it is this
    site's, else the landing page."""
    request: HttpRequest = context["request"]
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"
