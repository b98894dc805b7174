"""Upload a CSV of vacancy records as a background job; its progress and its error report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from buildings.choices import ImportJobStatus
from buildings.forms import RecordsUploadForm
from buildings.models import ImportJob
from buildings.services.errors import OutOfScope
from buildings.services.imports import import_job_create
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.csv_writer import csv_lines, csv_response

FINISHED = {ImportJobStatus.SUCCEEDED, ImportJobStatus.FAILED}
# The errors of the header (row 0); the other errors of row 0 are about the whole file.
HEADER_CODES = {"duplicate_column", "missing_columns", "unknown_columns"}


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    if scope.read_only or scope.is_empty:
        raise Http404
    form = RecordsUploadForm()
    status = 200
    if request.method == "POST":
        form = RecordsUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = import_job_create(
                    uploaded_file=form.cleaned_data["file"], scope=scope, user=request.user
                )
            except OutOfScope as error:
                raise Http404 from error
            return redirect("dashboard:import-job", pk=job.pk)
        status = 400
    jobs = ImportJob.objects.filter(created_by=request.user).order_by("-created_at")[:10]
    return render(request, "buildings/import.html", {"form": form, "jobs": jobs}, status=status)


def _job(request: HttpRequest, pk: int) -> ImportJob:
    return get_object_or_404(ImportJob, pk=pk, created_by_id=request.user.pk)


def _error_shown(error: dict[str, object]) -> dict[str, object]:
    """An error with the place it names: its row, the header ("Kopregel", not "Regel 0") or
    nothing for the whole file (its reason says so)."""
    if error.get("row"):
        place = _("Row %(row)s") % {"row": error["row"]}
    elif error.get("code") in HEADER_CODES:
        place = _("Header row")
    else:
        place = ""
    return {**error, "place": place}


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's page; an htmx poll gets the progress partial until the job has finished."""
    item = _job(request, pk)
    context = {
        "job": item,
        "finished": item.status in FINISHED,
        "shown_errors": [_error_shown(error) for error in (item.errors or [])[:20]],
    }
    template = "buildings/import_job.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, context)


@login_required
def job_errors_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's errors, one line per problem with its row number (Dutch column names). A reason
    may quote the uploaded text, so it goes through the portal's formula-safe writer."""
    item = _job(request, pk)
    rows = (
        [error.get("row"), error.get("field") or "", error.get("code"), error.get("reason")]
        for error in item.errors or []
    )
    return csv_response(
        csv_lines(["Rij", "Veld", "Code", "Reden"], rows),
        filename=f"import-{item.pk}-fouten.csv",
    )
