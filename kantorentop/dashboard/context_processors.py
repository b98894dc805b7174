"""The role-aware menu: officers see their own municipality and province first."""

from django.http import HttpRequest
from django.urls import reverse

from kantorentop.dashboard.access import is_officer, request_scope
from regions.models import Municipality, Province


def navigation(request: HttpRequest) -> dict[str, object]:
    """Menu entries for the signed-in user's areas, in a constant number of queries."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_areas": [], "nav_is_officer": False, "nav_may_import": False}
    scope = request_scope(request)
    areas: list[tuple[str, str]] = []
    if scope.municipality_codes:
        areas += [
            (m.name, reverse("dashboard:municipality", args=[m.code]))
            for m in Municipality.objects.filter(code__in=scope.municipality_codes).order_by("name")
        ]
    if scope.province_codes:
        areas += [
            (p.name, reverse("dashboard:province", args=[p.code]))
            for p in Province.objects.filter(code__in=scope.province_codes).order_by("name")
        ]
    return {
        "nav_areas": areas,
        "nav_is_officer": is_officer(scope),
        "nav_may_import": not scope.read_only and not scope.is_empty,
        "nav_sees_buildings": not scope.is_empty,
    }
