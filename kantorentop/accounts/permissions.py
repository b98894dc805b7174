"""API permission for the workflows of issue 6 (plans, funds, covenants, developments,
transactions): their services decide by the user's memberships, which an API client's key does
not have."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS

from kantorentop.accounts.authentication import ApiClientUser, ScopeAllowsWrites


class PortalUserWrites(ScopeAllowsWrites):
    """Reads for every authenticated caller within its scope; writes only for portal users (an
    API client gets 403: it holds no role in a fund, a covenant party or a municipality)."""

    message = _("Only portal users with a role in this workflow may write here.")

    def has_permission(self, request, view):  # type: ignore[no-untyped-def]
        if not super().has_permission(request, view):
            return False
        return request.method in SAFE_METHODS or not isinstance(request.user, ApiClientUser)
