"""Reads of vacancy records for the API, limited to what an actor may see."""

from __future__ import annotations

from django.db.models import QuerySet

from buildings.models import Building, VacancyRecord
from kantorentop.accounts.scopes import Scope


def records_visible_to(scope: Scope) -> QuerySet[VacancyRecord]:
    """The records of the buildings in the scope, by building and date, each annotated whether
    it is disputed."""
    return (
        VacancyRecord.objects.visible_to(scope)
        .with_disputed()
        .select_related("building")
        .order_by("building__bag_id", "observed_on")
    )


def records_of_building(*, building: Building) -> QuerySet[VacancyRecord]:
    """One building's records by date, each annotated whether it is disputed; the caller has
    read the building through `Building.objects.visible_to`."""
    return (
        VacancyRecord.objects.filter(building=building)
        .with_disputed()
        .select_related("building")
        .order_by("observed_on")
    )
