"""The role-aware menu: officers see their own municipality and province first."""

from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse

from buildings.selectors.structural_vacancy import share_threshold_percent
from dashboard.access import area_name_known
from kantorentop.accounts.scopes import request_scope
from kantorentop.accounts.selectors import unread_notification_count
from regions.models import Municipality, Province


def _names(
    request: HttpRequest, kind: str, model: type[Model], codes: frozenset[str]
) -> list[tuple[str, str]]:
    """(name, code) of the areas, ordered by name; one area the page has read already (an
    officer's own province on its page) costs no query."""
    if len(codes) == 1:
        [code] = codes
        name = area_name_known(request, kind=kind, code=code)
        if name is not None:
            return [(name, code)]
    return list(
        model._default_manager.filter(code__in=codes).order_by("name").values_list("name", "code")
    )


def navigation(request: HttpRequest) -> dict[str, object]:
    """Menu entries for the signed-in user's areas, in a constant number of queries."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {
            "nav_areas": [],
            "nav_is_officer": False,
            "nav_may_import": False,
            "nav_may_import_registers": False,
        }
    scope = request_scope(request)
    areas: list[tuple[str, str]] = []
    if codes := scope.municipality_codes:
        areas += [
            (name, reverse("dashboard:municipality", args=[code]))
            for name, code in _names(request, "municipality", Municipality, codes)
        ]
    if codes := scope.province_codes:
        areas += [
            (name, reverse("dashboard:province", args=[code]))
            for name, code in _names(request, "province", Province, codes)
        ]
    return {
        "nav_areas": areas,
        "nav_is_officer": scope.is_officer,
        "nav_may_import": not scope.read_only and not scope.is_empty,
        # The BAG and EP-Online upload: administrators and municipal officers (register_imports).
        "nav_may_import_registers": request.user.is_superuser or bool(scope.municipality_codes),
        "nav_sees_buildings": not scope.is_empty,
        "nav_unread_notifications": unread_notification_count(user=request.user),
    }


def covenant_rule(request: HttpRequest) -> dict[str, object]:
    """The covenant rule's share threshold from the settings, for the texts, legends and charts
    that name it."""
    return {"rule_share_percent": share_threshold_percent()}
