"""The API's list of buildings, limited to what an actor may see."""

from __future__ import annotations

import datetime
from functools import lru_cache

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject

from buildings.choices import ACTIVE_FLAG_STATUSES
from buildings.models import Building, StructuralVacancyFlag
from buildings.selectors.table import with_vacancy_on
from kantorentop.accounts.scopes import Scope


def buildings_visible_to(scope: Scope, *, on: datetime.date) -> QuerySet[Building]:
    """The buildings in the scope by BAG id, each with its latest record (`with_vacancy_on`),
    its label-C duty on `on`, its area codes and its active flag, in one query per page.

    A fresh copy of a queryset built once per scope and day: it holds no data (the scope's
    codes and the day are all it is made of), and building its annotations and subqueries
    took about a tenth of an API page (docs/benchmarks.md). Never evaluate the kept one."""
    return _built_for(scope, on).all()


@lru_cache(maxsize=256)
def _built_for(scope: Scope, on: datetime.date) -> QuerySet[Building]:
    return with_vacancy_on(
        Building.objects.visible_to(scope)
        .with_label_duty(on=on)
        # Three codes instead of three related objects per building, and the active flag (at
        # most one: a partial unique index) as JSON in the same query instead of a prefetch;
        # the serializer's to_representation reads them.
        .annotate(
            municipality_code=F("municipality__code"),
            province_code=F("municipality__province__code"),
            office_region_slug=F("municipality__office_region__slug"),
            active_flag=Subquery(
                StructuralVacancyFlag.objects.filter(
                    building=OuterRef("pk"), status__in=ACTIVE_FLAG_STATUSES
                )
                .order_by()
                .values(
                    json=JSONObject(
                        status="status", vacantSince="vacant_since", flaggedOn="flagged_on"
                    )
                )[:1]
            ),
        )
    ).order_by("bag_id")
