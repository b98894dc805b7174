"""The public covenant scoreboard: commitments per party category with their status per office
region and party, and the three traffic lights the portal computes from its own data; the page of
one commitment with its reports, where those who may report progress do so."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from covenants.choices import PartyCategory, ProgressStatus
from covenants.filters import CommitmentFilterSet
from covenants.forms import ProgressForm
from covenants.models import Commitment
from covenants.scoreboard import latest_progress_by_commitment
from covenants.selectors import (
    DATA_CHECK_NUMBER_LABELS,
    DataCheckResult,
    commitment_reporting_options,
    commitments_listed,
    covenant_data_checks,
    progress_of_commitment,
)
from covenants.services import commitment_progress_report
from kantorentop.accounts.pages import add_service_errors
from kantorentop.core.page_filters import page_filterset, page_rows
from kantorentop.core.templatetags.dutch import m2, number


def _check_numbers(result: DataCheckResult) -> list[tuple[str, str]]:
    """The numbers of a check as (label, value in Dutch notation); a key without a label raises
    KeyError instead of showing the raw key."""
    return [
        (str(DATA_CHECK_NUMBER_LABELS[key]), m2(value) if key.endswith("_m2") else number(value))
        for key, value in result.numbers.items()
    ]


# The page's labels name what the drop-downs list, not the codes of the API's query.
FILTER_LABELS = {
    "partyCategory": gettext_lazy("Party category"),
    "officeRegion": gettext_lazy("Office region"),
    "status": gettext_lazy("Status of a latest report"),
}


def scoreboard(request: HttpRequest) -> HttpResponse:
    """Public: every commitment grouped by party category, with the latest progress; the
    filters (those of the API's list) narrow the commitments."""
    filterset = page_filterset(
        CommitmentFilterSet, request.GET, commitments_listed(), labels=FILTER_LABELS
    )
    commitments = list(page_rows(filterset))
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
        "filter_form": filterset.form,
        "checks": [(result, _check_numbers(result)) for result in checks],
        "groups": [(labels.get(category, category), rows) for category, rows in groups.items()],
        "today": timezone.localdate(),
    }
    return render(request, "covenants/scoreboard.html", context)


def _commitment_page(
    request: HttpRequest, commitment: Commitment, form: ProgressForm | None = None
) -> HttpResponse:
    options = commitment_reporting_options(user=request.user, commitment=commitment)
    if form is None and options.any:
        form = ProgressForm(commitment=commitment, options=options)
    status_labels = dict(ProgressStatus.choices)
    reports = list(progress_of_commitment(commitment=commitment))
    for report in reports:
        report.status_label = status_labels.get(report.effective_status, report.effective_status)
    light = None
    if commitment.data_check:
        lights = {result.check: result.light for result in covenant_data_checks()}
        light = lights.get(commitment.data_check)
    context = {"commitment": commitment, "reports": reports, "light": light, "form": form}
    return render(request, "covenants/commitment_detail.html", context)


def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: one commitment, every progress report newest first, and the progress form for
    those who may report on it (officers of its regions, members of a party, national)."""
    return _commitment_page(request, get_object_or_404(Commitment, pk=pk))


@login_required
@require_POST
def commitment_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Report progress; an invalid report shows the page again with the errors at the fields."""
    commitment = get_object_or_404(Commitment, pk=pk)
    options = commitment_reporting_options(user=request.user, commitment=commitment)
    if not options.any:
        raise PermissionDenied(_("You may not report progress for this region or party."))
    form = ProgressForm(request.POST, commitment=commitment, options=options)
    if form.is_valid():
        data = form.cleaned_data
        try:
            commitment_progress_report(
                commitment=commitment,
                user=request.user,
                status=data["status"],
                office_region=data["office_region"],
                party=data["party"],
                note=data["note"],
                evidence_url=data["evidence_url"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The progress has been reported."))
            return redirect("covenants:commitment", pk=pk)
    return _commitment_page(request, commitment, form=form)
