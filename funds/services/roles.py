"""Who may manage a fund: the fund managers of its managing organisation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from funds.models import Fund
from kantorentop.accounts.choices import Role
from kantorentop.accounts.models import Membership


def user_is_fund_manager(*, user: object, fund: Fund) -> bool:
    """Whether the user is a fund manager of the fund's managing organisation."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user_id=user.pk,  # type: ignore[attr-defined]
        organisation_id=fund.manager_id,
        role=Role.FUND_MANAGER,
    ).exists()


def require_fund_manager(*, user: object, fund: Fund) -> None:
    if not user_is_fund_manager(user=user, fund=fund):
        raise PermissionDenied(_("Only the fund's managers may do this."))
