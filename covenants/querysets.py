"""Chainable reads of the covenant: commitments in the covenant's order and those of an office
region, a progress report's status as read on a date (`overdue` is never stored: it follows from
the due date), and the latest report per commitment, office region and party."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When

from covenants.choices import ProgressStatus

if TYPE_CHECKING:
    from covenants.models import Commitment, CommitmentProgress  # noqa: F401
    from regions.models import OfficeRegion


def effective_status_on(on: datetime.date) -> Case:
    """A progress report's status as read on `on`: `overdue` when its commitment's due date lies
    before `on` and the stored status is not `done`; otherwise the stored status (the rule of
    covenants.selectors.commitment_progress_status, in SQL)."""
    return Case(
        When(
            Q(commitment__due_on__lt=on) & ~Q(status=ProgressStatus.DONE),
            then=Value(ProgressStatus.OVERDUE.value),
        ),
        default=F("status"),
        output_field=CharField(),
    )


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def in_covenant_order(self) -> CommitmentQuerySet:
        """The covenant's own order of its commitments."""
        return self.order_by("order", "code", "pk")

    def for_office_region(self, office_region: OfficeRegion) -> CommitmentQuerySet:
        """The commitments whose progress is tracked per office region and that apply to
        `office_region`: those meant for the priority regions only are left out for the others.
        """
        queryset = self.filter(per_region=True)
        if not office_region.is_priority:
            queryset = queryset.filter(applies_to_priority_regions_only=False)
        return queryset


def latest_reports(
    queryset: QuerySet[CommitmentProgress], *by: str
) -> QuerySet[CommitmentProgress]:
    """The latest report of `queryset` per commitment and the fields `by` (default: office
    region and party), in one query (DISTINCT ON): a later `reported_on` wins, then a higher
    id."""
    by = by or ("office_region_id", "party_id")
    return queryset.order_by("commitment_id", *by, "-reported_on", "-pk").distinct(
        "commitment_id", *by
    )
