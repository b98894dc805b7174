"""The public covenant scoreboard: commitments per party category with their status per office
region and party, and the three traffic lights the portal computes from its own data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from covenants.choices import PartyCategory, ProgressStatus
from covenants.models import Commitment
from covenants.scoreboard import latest_progress_by_commitment
from covenants.selectors import covenant_data_checks


def scoreboard(request: HttpRequest) -> HttpResponse:
    """Public: every commitment grouped by party category, with the latest progress."""
    commitments = list(Commitment.objects.order_by("order", "code", "pk"))
    progress = latest_progress_by_commitment([c.pk for c in commitments])
    checks = covenant_data_checks()
    lights = {result.check: result.light for result in checks}
    labels = dict(PartyCategory.choices)
    status_labels = dict(ProgressStatus.choices)
    for rows in progress.values():
        for row in rows:
            row.status_label = status_labels.get(row.effective_status, row.effective_status)
    groups: dict[str, list] = {}
    for commitment in commitments:
        groups.setdefault(commitment.party_category, []).append(
            (commitment, progress.get(commitment.pk, []), lights.get(commitment.data_check))
        )
    context = {
        "checks": checks,
        "groups": [(labels.get(category, category), rows) for category, rows in groups.items()],
        "today": timezone.localdate(),
    }
    return render(request, "covenants/scoreboard.html", context)
