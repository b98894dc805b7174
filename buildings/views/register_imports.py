"""Upload a BAG extract or EP-Online file as a background import; its progress and its report.

Administrators (superusers) import for any municipality or the whole file; a municipal officer
for their own municipality only. Anyone else gets 404, as does a report outside one's scope.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django_htmx.http import HttpResponseClientRefresh

from buildings.choices import ImportJobStatus, RegisterKind, RegisterLineKind
from buildings.forms import RegisterUploadForm
from buildings.models import RegisterImport, RegisterImportLine
from buildings.selectors.register_imports import (
    count_sentences,
    register_imports_visible_to,
    register_upload_municipalities,
    report_lines,
)
from buildings.services.register_imports import RegisterUploadRefused, register_import_create
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.csv_writer import csv_lines, csv_response
from kantorentop.core.templatetags.dutch import dutch_number

FINISHED = {ImportJobStatus.SUCCEEDED, ImportJobStatus.FAILED}
# Lines of each kind shown on the page; all of them are in the CSV.
SHOWN_LINES = 500


def _allowed(request: HttpRequest):  # type: ignore[no-untyped-def]
    allowed = register_upload_municipalities(user=request.user)
    if allowed is None:
        raise Http404
    return allowed


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    allowed = _allowed(request)
    administrator = request.user.is_superuser
    options = {"municipalities": allowed, "administrator": administrator}
    form = RegisterUploadForm(**options)
    status = 200
    if request.method == "POST":
        form = RegisterUploadForm(request.POST, request.FILES, **options)
        if form.is_valid():
            data = form.cleaned_data
            try:
                job = register_import_create(
                    kind=data["kind"],
                    uploaded_file=data["file"],
                    user=request.user,
                    municipality=data["municipality"],
                    allowed=None if administrator else allowed,
                    withdraw_missing=data["withdraw_missing"],
                    force=data.get("force", False),
                )
            except RegisterUploadRefused as refused:
                form.add_error(None, str(refused))
            else:
                return redirect("dashboard:register-import", pk=job.pk)
        status = 400
    recent = register_imports_visible_to(scope=request_scope(request))[:10]
    context = {"form": form, "recent": recent, "administrator": administrator}
    return render(request, "buildings/register_import.html", context, status=status)


def _job(request: HttpRequest, pk: int) -> RegisterImport:
    _allowed(request)
    return get_object_or_404(register_imports_visible_to(scope=request_scope(request)), pk=pk)


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """The import's progress while it runs (an htmx poll gets the bar alone, and a full reload
    once it has finished), then its report."""
    item = _job(request, pk)
    finished = item.status in FINISHED
    if request.htmx and finished:
        return HttpResponseClientRefresh()
    context: dict[str, object] = {"job": item, "finished": finished}
    if request.htmx:
        return render(request, "buildings/register_import_job.html#progress", context)
    if item.status == ImportJobStatus.SUCCEEDED:
        counts = dict(
            RegisterImportLine.objects.filter(register_import=item)
            .values_list("kind")
            .annotate(n=Count("id"))
        )
        lines = {RegisterLineKind.SKIPPED.value: [], RegisterLineKind.MISSING.value: []}
        for line, words in report_lines(item):
            shown = lines[line.kind]
            if len(shown) < SHOWN_LINES:
                shown.append((line, words))
        context.update(
            sentences=count_sentences(item, number=dutch_number),
            skipped=lines[RegisterLineKind.SKIPPED.value],
            missing=lines[RegisterLineKind.MISSING.value],
            skipped_count=counts.get(RegisterLineKind.SKIPPED.value, 0),
            missing_count=counts.get(RegisterLineKind.MISSING.value, 0),
            shown_lines=SHOWN_LINES,
        )
    return render(request, "buildings/register_import_job.html", context)


@login_required
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole report, one line per skipped pand or file row and per missing building, with
    its reason in words and its code (Dutch column names, the portal's formula-safe writer)."""
    item = _job(request, pk)
    if item.status != ImportJobStatus.SUCCEEDED:
        raise Http404
    reference = "BAG-id" if item.kind == RegisterKind.BAG else "Regel of id"
    kinds = {
        RegisterLineKind.SKIPPED.value: "overgeslagen",
        RegisterLineKind.MISSING.value: "niet in extract",
    }
    rows = (
        [kinds[line.kind], line.reference, words, line.reason] for line, words in report_lines(item)
    )
    return csv_response(
        csv_lines(["Soort", reference, "Reden", "Redencode"], rows),
        filename=f"registerimport-{item.pk}-rapport.csv",
    )
