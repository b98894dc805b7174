"""Buildings as they stood on a date: the state that tables, maps and exports list.

Each building gets its latest record on or before the date, whether it had an active flag on that
date and its status on that date, as subqueries in the same SELECT (one query per page, whatever
its size). The annotations carry the names that `buildings.filters.BuildingFilterSet` filters and
sorts on, so the shared FilterSet applied to this queryset filters the state on the date.

Today (or later) is the present state: the current flags and status. A past date is
reconstructed from the dates the data keeps: records by `observed_on`, flags by `flagged_on` and
`resolved_on` (flags are an operational record, so a date before the first flag run shows none),
and the status by `withdrawn_on`. When the works of a transformation started is not recorded, so
on a past date a building that was not yet withdrawn is `in_use`. Buildings completed after a past
date did not exist yet and are left out.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.db.models import (
    Case,
    CharField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast

from buildings.choices import ACTIVE_FLAG_STATUSES, BuildingStatus
from buildings.models import StructuralVacancyFlag, VacancyRecord
from buildings.querysets import BuildingQuerySet


# Any queryset of buildings (BuildingQuerySet or a plain QuerySet[Building]) keeps its type.
def with_vacancy_on[Q_: QuerySet[Any]](queryset: Q_, *, on: datetime.date | None = None) -> Q_:
    """Annotate each building with its latest record on or before `on` (any date when None):
    `current_observed_on`, `current_vacant_area_m2` and `current_vacancy_percentage` (one
    decimal), all null without such a record. A queryset that has them already is returned as
    it is, so the date it was annotated for holds."""
    if "current_vacancy_percentage" in queryset.query.annotations:
        return queryset
    records = VacancyRecord.objects.filter(building=OuterRef("pk"))
    if on is not None:
        records = records.filter(observed_on__lte=on)
    latest = records.order_by("-observed_on")
    return queryset.annotate(
        current_observed_on=Subquery(latest.values("observed_on")[:1]),
        current_vacant_area_m2=Subquery(latest.values("vacant_area_m2")[:1]),
    ).annotate(
        current_vacancy_percentage=Cast(
            ExpressionWrapper(
                F("current_vacant_area_m2") * Value(100.0) / F("lettable_floor_area_m2"),
                output_field=DecimalField(),
            ),
            # numeric(4,1) rounds half away from zero, like the statistics.
            output_field=DecimalField(max_digits=4, decimal_places=1),
        )
    )


def flag_active_on(*, on: datetime.date, today: datetime.date) -> Exists:
    """Whether the building (OuterRef pk) had an active flag on `on`: raised on or before it and
    not resolved or dismissed by then. From today on, the flags that are active now."""
    flags = StructuralVacancyFlag.objects.filter(building=OuterRef("pk"))
    if on >= today:
        return Exists(flags.filter(status__in=ACTIVE_FLAG_STATUSES))
    return Exists(
        flags.filter(flagged_on__lte=on).filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=on))
    )


def buildings_on[Q_: QuerySet[Any]](queryset: Q_, *, on: datetime.date, today: datetime.date) -> Q_:
    """The buildings of `queryset` (a BuildingQuerySet) as they stood on `on` (see the module
    docstring): annotated with `current_observed_on`, `current_vacant_area_m2`,
    `current_vacancy_percentage`, `is_flagged`, `status_on` and `label_c_duty` (the label-C duty
    on `on`, `BuildingQuerySet.with_label_duty`; null before 2023)."""
    if on >= today:
        status_on: F | Case = F("status")
    else:
        queryset = queryset.filter(Q(completed_on__isnull=True) | Q(completed_on__lte=on))
        status_on = Case(
            When(withdrawn_on__lte=on, then=F("status")),
            default=Value(BuildingStatus.IN_USE.value),
            output_field=CharField(),
        )
    queryset = cast(Q_, cast(BuildingQuerySet, queryset).with_label_duty(on=on))
    return with_vacancy_on(queryset, on=on).annotate(
        is_flagged=flag_active_on(on=on, today=today), status_on=status_on
    )
