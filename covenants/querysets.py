"""Chainable reads of the covenant: commitments in the covenant's order, and a progress
report's status as read on a date (`overdue` is never stored: it follows from the due date)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When

from covenants.choices import ProgressStatus

if TYPE_CHECKING:
    from covenants.models import Commitment  # noqa: F401


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
