"""API permission for the workflows of issue 6 whose writes belong to an organisation's members
(plan documents of the owner, funds of the fund manager, transactions of the municipality and
the owner): an API client's key belongs to no organisation, so it reads but does not write
there. Where an officer of a province or the nation may write (developments, commitment
progress), the views use `ScopeAllowsWrites` and the key acts as such an officer
(docs/adr/0008-api-clients-in-the-workflows.md)."""

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
