"""Chainable reads for buildings, records and flags."""

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from buildings.choices import ACTIVE_FLAG_STATUSES
from kantorentop.accounts.scopes import Scope, area_condition

if TYPE_CHECKING:
    # Used in the quoted type arguments of the bases below, which ruff does not read.
    from buildings.models import (  # noqa: F401
        Building,
        MarketTransaction,
        RegisterImport,
        StructuralVacancyFlag,
        Unit,
        VacancyRecord,
    )


def scope_filter(scope: Scope, prefix: str = "") -> Q:
    """The Q that limits rows to a scope; `prefix` leads from the row to its building."""
    if scope.national:
        return Q()
    condition = area_condition(scope, municipality=f"{prefix}municipality")
    if scope.owner_organisation_ids:
        condition |= Q(**{f"{prefix}owner_id__in": scope.owner_organisation_ids})
    return condition


def withdrawn_by(on: datetime.date) -> Q:
    """A building withdrawn from the office stock on or before `on`; with `in_stock`'s other
    half (completed by `on`), the one definition of the stock on a date."""
    return Q(withdrawn_on__lte=on)


class BuildingQuerySet(models.QuerySet["Building"]):
    def in_stock(self, *, on: datetime.date) -> "BuildingQuerySet":
        """In the office stock on `on`: completed on or before it (or unknown), not withdrawn."""
        return self.entered_stock(on=on).exclude(withdrawn_by(on))

    def entered_stock(self, *, on: datetime.date) -> "BuildingQuerySet":
        """Completed on or before `on` (or unknown): in the stock on `on` or withdrawn by then."""
        return self.filter(Q(completed_on__isnull=True) | Q(completed_on__lte=on))

    def withdrawn(self, *, on: datetime.date) -> "BuildingQuerySet":
        """Withdrawn from the stock on or before `on` (transformed or demolished)."""
        return self.filter(withdrawn_by(on))

    def with_label_duty(self, *, on: datetime.date) -> "BuildingQuerySet":
        """Annotated `label_c_duty`: the building's standing under the label-C duty on `on`
        (buildings.selectors.label_duty), NULL before 2023."""
        from buildings.selectors.label_duty import label_duty_on  # the rule's one home

        return self.annotate(label_c_duty=label_duty_on(on))

    def visible_to(self, scope: Scope) -> "BuildingQuerySet":
        """Buildings an actor may see (building-level data is never public)."""
        return self.filter(scope_filter(scope))

    def in_area(
        self,
        *,
        province_code: str | None = None,
        municipality_code: str | None = None,
        office_region_slug: str | None = None,
        designated_area_id: int | None = None,
    ) -> "BuildingQuerySet":
        """Buildings of one area; with no argument, the whole country."""
        qs = self
        if province_code:
            qs = qs.filter(municipality__province__code=province_code)
        if municipality_code:
            qs = qs.filter(municipality__code=municipality_code)
        if office_region_slug:
            qs = qs.filter(municipality__office_region__slug=office_region_slug)
        if designated_area_id:
            qs = qs.filter(designated_area_id=designated_area_id)
        return qs


class VacancyRecordQuerySet(models.QuerySet["VacancyRecord"]):
    def visible_to(self, scope: Scope) -> "VacancyRecordQuerySet":
        return self.filter(scope_filter(scope, "building__"))

    def on_or_before(self, on: datetime.date) -> "VacancyRecordQuerySet":
        return self.filter(observed_on__lte=on)

    def with_disputed(self) -> "VacancyRecordQuerySet":
        """Annotated `disputed`: an owner's dispute of the record awaits the municipality's
        decision. Read through the reverse relation `disputes` of vacancy_law.RecordDispute by
        name, so this floor imports nothing from the floor above (docs/adr/0018)."""
        pending = self.model._default_manager.filter(
            pk=models.OuterRef("pk"), disputes__status="open"
        )
        return self.annotate(disputed=models.Exists(pending))


class UnitQuerySet(models.QuerySet["Unit"]):
    def visible_to(self, scope: Scope) -> "UnitQuerySet":
        return self.filter(scope_filter(scope, "building__"))


class FlagQuerySet(models.QuerySet["StructuralVacancyFlag"]):
    def visible_to(self, scope: Scope) -> "FlagQuerySet":
        return self.filter(scope_filter(scope, "building__"))

    def active(self) -> "FlagQuerySet":
        return self.filter(status__in=ACTIVE_FLAG_STATUSES)


class MarketTransactionQuerySet(models.QuerySet["MarketTransaction"]):
    def visible_to(self, scope: Scope) -> "MarketTransactionQuerySet":
        """Transactions of the buildings the actor may see."""
        return self.filter(scope_filter(scope, "building__"))


class RegisterImportQuerySet(models.QuerySet["RegisterImport"]):
    def visible_to(self, scope: Scope) -> "RegisterImportQuerySet":
        """Imports of a municipality in the scope's area; an import of the whole file (no
        municipality) only for a national scope."""
        return self.filter(area_condition(scope, municipality="municipality"))
