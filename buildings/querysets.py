"""Chainable reads for buildings, records and flags."""

import datetime

from django.db import models
from django.db.models import Q

from buildings.choices import ACTIVE_FLAG_STATUSES


class BuildingQuerySet(models.QuerySet):
    def in_stock(self, *, on: datetime.date) -> "BuildingQuerySet":
        """In the office stock on `on`: completed on or before it (or unknown), not withdrawn."""
        return self.filter(
            Q(completed_on__isnull=True) | Q(completed_on__lte=on),
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on),
        )

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


class VacancyRecordQuerySet(models.QuerySet):
    def on_or_before(self, on: datetime.date) -> "VacancyRecordQuerySet":
        return self.filter(observed_on__lte=on)


class FlagQuerySet(models.QuerySet):
    def active(self) -> "FlagQuerySet":
        return self.filter(status__in=ACTIVE_FLAG_STATUSES)
