"""Chainable reads of the regions app's building-level data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from kantorentop.accounts.scopes import Scope, area_condition

if TYPE_CHECKING:
    # Named in the quoted type argument of the base below, which ruff does not read.
    from regions.models import DevelopmentProject  # noqa: F401


class DevelopmentProjectQuerySet(models.QuerySet["DevelopmentProject"]):
    def visible_to(self, scope: Scope) -> DevelopmentProjectQuerySet:
        """Developments in the actor's area (national, provincial or municipal); none for
        others."""
        return self.filter(area_condition(scope, municipality="municipality"))
