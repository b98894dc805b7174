"""Chainable reads of the funds app; who sees what of a fund, shared by the API and the pages.

A fund itself (name, region, balance, report) is public: it is public money and its figures are
aggregates. Its ledger names applications and buildings, so it is shown to the fund's managers
and to officers (and API clients) whose area overlaps the fund's office region. An application
is shown to its applicant, the fund's managers and the officers of the building's area. Anything
else answers 404, as if it did not exist.

Both need the user as well as the scope: fund managers are members of the fund's managing
organisation, which a scope does not name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from kantorentop.accounts.choices import Role
from kantorentop.accounts.scopes import Scope, area_condition

if TYPE_CHECKING:
    from funds.models import CompensationApplication, Fund  # noqa: F401


class FundQuerySet(models.QuerySet["Fund"]):
    def managed_by(self, *, user: object) -> FundQuerySet:
        """The funds whose managing organisation has the user as fund manager."""
        if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
            return self.none()
        return self.filter(
            manager__memberships__user_id=user.pk,  # type: ignore[attr-defined]
            manager__memberships__role=Role.FUND_MANAGER,
        )

    def managed_ids(self, *, user: object) -> set[int]:
        """The ids of `managed_by(user=user)`, read once (one query; none for a visitor)."""
        if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
            return set()
        return set(self.managed_by(user=user).values_list("pk", flat=True))

    def ledger_visible_to(self, scope: Scope, *, user: object) -> FundQuerySet:
        """Funds whose ledger the actor may read: managers, and officers of an overlapping
        area."""
        managed = Q(pk__in=self.model.objects.managed_ids(user=user))
        if scope.is_officer:
            area = Q(
                pk__in=self.model.objects.filter(
                    area_condition(scope, municipality="office_region__municipalities")
                ).values("pk")
            )
            return self.filter(managed | area)
        return self.filter(managed)


class CompensationApplicationQuerySet(models.QuerySet["CompensationApplication"]):
    def visible_to(self, scope: Scope, *, user: object) -> CompensationApplicationQuerySet:
        """Applications the actor may see: its applicant's members, the fund's managers, and
        the officers of the building's area."""
        from funds.models import Fund  # funds.models imports this module

        condition = Q(applicant_id__in=scope.owner_organisation_ids) | Q(
            fund_id__in=Fund.objects.managed_ids(user=user)
        )
        if scope.national:
            # OR with an empty Q would drop it (Django ignores empty operands): the whole country.
            condition = Q()
        elif scope.is_officer:
            condition |= area_condition(scope, municipality="building__municipality")
        return self.filter(condition)
