"""Reads of the covenant app: the effective status of progress and the commitments of a region.

`overdue` is never stored (a database constraint refuses it): it follows from the commitment's due
date and the date the status is read on, so it is computed here, in Python for one row and in SQL
for a list.
"""

from __future__ import annotations

import datetime

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.utils import timezone

from covenants.choices import ProgressStatus
from covenants.models import Commitment, CommitmentProgress
from regions.models import OfficeRegion


def commitment_progress_status(*, progress: CommitmentProgress, on: datetime.date) -> str:
    """The status of `progress` as read on `on`: `overdue` when its commitment's due date lies
    before `on` and the stored status is not `done`; otherwise the stored status.

    On the due date itself the commitment is not yet overdue.
    """
    due_on = progress.commitment.due_on
    if due_on is not None and due_on < on and progress.status != ProgressStatus.DONE:
        return ProgressStatus.OVERDUE
    return progress.status


def commitment_progress_list(
    *,
    on: datetime.date | None = None,
    queryset: QuerySet[CommitmentProgress] | None = None,
) -> QuerySet[CommitmentProgress]:
    """Progress rows annotated with `effective_status` as read on `on` (default: today in the
    portal's time zone), by the same rule as `commitment_progress_status`, in one SQL query.
    """
    on = on or timezone.localdate()
    if queryset is None:
        queryset = CommitmentProgress.objects.all()
    return queryset.select_related("commitment", "office_region", "party").annotate(
        effective_status=Case(
            When(
                Q(commitment__due_on__lt=on) & ~Q(status=ProgressStatus.DONE),
                then=Value(ProgressStatus.OVERDUE.value),
            ),
            default=F("status"),
            output_field=CharField(),
        )
    )


def commitments_for_region(*, office_region: OfficeRegion) -> QuerySet[Commitment]:
    """The commitments whose progress is tracked per office region and that apply to
    `office_region`: those meant for the priority regions only are left out for the others.
    """
    queryset = Commitment.objects.filter(per_region=True)
    if not office_region.is_priority:
        queryset = queryset.filter(applies_to_priority_regions_only=False)
    return queryset.order_by("order", "code")
