"""The label-C duty worklist of a municipality (CSV and Excel): the offices there that do not
meet the duty today or whose labels leave it open, for the officers who enforce it.

A municipal officer has the list of their own municipality, a provincial officer those of the
municipalities in their province, national officers and administrators every list; anyone else
gets a 404, as for anything outside their scope (a visitor who is not signed in is sent to sign
in first).
"""

from __future__ import annotations

import datetime
import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from buildings.label_duty_exports import worklist_csv_lines, worklist_write_xlsx
from buildings.selectors.label_duty_worklist import WorklistOffice, label_duty_worklist
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.csv_writer import csv_response
from kantorentop.core.xlsx_writer import CONTENT_TYPE as XLSX_CONTENT_TYPE
from regions.models import Municipality


def _worklist(request: HttpRequest, code: str) -> tuple[str, datetime.date, list[WorklistOffice]]:
    """The file name stem, today and the worklist of municipality `code` today; 404 outside the
    scope's area."""
    municipality = get_object_or_404(Municipality.objects.select_related("province"), code=code)
    scope = request_scope(request)
    if not scope.covers(municipality_code=code, province_code=municipality.province.code):
        raise Http404
    on = timezone.localdate()
    stem = f"labelplicht-{municipality.code}-{on.strftime('%Y%m%d')}"
    return stem, on, label_duty_worklist(municipality=municipality, on=on)


@login_required
def worklist_csv(request: HttpRequest, code: str) -> HttpResponse:
    """The worklist as CSV (semicolons, decimal commas, DD-MM-JJJJ)."""
    stem, on, offices = _worklist(request, code)
    return csv_response(worklist_csv_lines(offices, on=on), filename=f"{stem}.csv")


@login_required
def worklist_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The worklist as an Excel workbook, streamed from a temporary file."""
    stem, on, offices = _worklist(request, code)
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    try:
        worklist_write_xlsx(handle, offices, on=on)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return FileResponse(
        handle, as_attachment=True, filename=f"{stem}.xlsx", content_type=XLSX_CONTENT_TYPE
    )
