"""Chainable reads of the Leegstandwet register; `visible_to(scope)` is who may see a row.

Cases, reports and disputes are the municipality's business with one owner: the members of the
building's owner see them, and the officers of the building's municipality
(kantorentop.accounts.scopes.municipal_condition). Provinces and the nation read aggregates
(vacancy_law.selectors.case_counts_per_municipality), never the rows. Ordinances are published
law: public.
"""

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from kantorentop.accounts.scopes import Scope, municipal_condition
from vacancy_law.choices import CaseStatus

if TYPE_CHECKING:
    from vacancy_law.models import (  # noqa: F401
        RecordDispute,
        VacancyCase,
        VacancyOrdinance,
        VacancyReport,
    )


def owner_or_municipal(scope: Scope, *, building: str = "building") -> Q:
    """Rows of a building owned by one of the scope's organisations, or in a municipality the
    scope governs."""
    condition = municipal_condition(scope, municipality=f"{building}__municipality")
    if scope.owner_organisation_ids:
        condition |= Q(**{f"{building}__owner_id__in": scope.owner_organisation_ids})
    return condition


class OrdinanceQuerySet(models.QuerySet["VacancyOrdinance"]):
    def in_force(self, *, on: datetime.date) -> "OrdinanceQuerySet":
        """Versions in force on `on`: per municipality the latest `in_force_from` on or before
        it (DISTINCT ON)."""
        return (
            self.filter(in_force_from__lte=on)
            .order_by("municipality_id", "-in_force_from")
            .distinct("municipality_id")
        )


class ReportQuerySet(models.QuerySet["VacancyReport"]):
    def visible_to(self, scope: Scope) -> "ReportQuerySet":
        return self.filter(owner_or_municipal(scope))


class CaseQuerySet(models.QuerySet["VacancyCase"]):
    def visible_to(self, scope: Scope) -> "CaseQuerySet":
        return self.filter(owner_or_municipal(scope))

    def open(self) -> "CaseQuerySet":
        return self.exclude(status=CaseStatus.CLOSED)


class DisputeQuerySet(models.QuerySet["RecordDispute"]):
    def visible_to(self, scope: Scope) -> "DisputeQuerySet":
        own = Q(organisation_id__in=scope.owner_organisation_ids)
        return self.filter(owner_or_municipal(scope) | own)
