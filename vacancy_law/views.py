"""Pages of the Leegstandwet register (Dutch URLs under /leegstandwet), namespace `vacancy_law`.

Thin: vacancy_law.selectors picks what a user may see (anything else is a 404),
vacancy_law.services decides who may act (its PermissionDenied is a 403) and validates.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from buildings.models import Building, VacancyRecord
from buildings.services.plan_rules import user_is_municipal_officer
from kantorentop.accounts.choices import Role
from kantorentop.accounts.pages import add_service_errors, error_text
from kantorentop.accounts.scopes import request_scope
from regions.models import Municipality
from vacancy_law import selectors, services
from vacancy_law.choices import (
    REPORT_CONFIRMABLE_STATUSES,
    CaseStatus,
    CaseStep,
    DisputeStatus,
    ReportStatus,
)
from vacancy_law.forms import (
    CloseForm,
    ComplyForm,
    ConsultForm,
    DecideForm,
    DisputeDecisionForm,
    DisputeForm,
    OrdinanceForm,
    ReportForm,
)
from vacancy_law.periods import case_timeline, days_left, statutory_report_deadline
from vacancy_law.services.cases import case_dates

# The officer's steps on the case page: the form, the service and the statuses it starts from.
STEPS = {
    "overleg": (
        ConsultForm,
        services.vacancy_case_consult,
        (CaseStatus.DETECTED, CaseStatus.REPORTED),
    ),
    "besluit": (DecideForm, services.vacancy_case_decide, (CaseStatus.CONSULTED,)),
    "naleving": (ComplyForm, services.vacancy_case_comply, (CaseStatus.DECIDED,)),
    "sluiten": (CloseForm, services.vacancy_case_close, tuple(CaseStatus.values[:-1])),
}


def countdown(days: int | None) -> dict[str, object]:
    """The countdown of a deadline in words: days left, due today, or days overdue."""
    if days is None:
        return {"text": "–", "overdue": False}
    if days < 0:
        text = ngettext("%(n)s day overdue", "%(n)s days overdue", -days) % {"n": -days}
        return {"text": text, "overdue": True}
    if days == 0:
        return {"text": _("due today"), "overdue": False}
    return {
        "text": ngettext("%(n)s day left", "%(n)s days left", days) % {"n": days},
        "overdue": False,
    }


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    """The officers' worklist (cases by next deadline, disputes awaiting a decision), the
    owner's own cases, and the counts per municipality of the user's area."""
    scope = request_scope(request)
    today = timezone.localdate()
    work = selectors.worklist(scope=scope)
    rows = [
        (case, countdown(days_left(due_on=case.next_due_on, today=today))) for case in work.cases
    ]
    context = {
        "rows": rows,
        "disputes": work.disputes,
        "counts": selectors.case_counts_per_municipality(scope=scope, on=today),
        "today": today,
    }
    return render(request, "vacancy_law/worklist.html", context)


def _case_deadlines(case):  # type: ignore[no-untyped-def]
    """Every step of the case with its date (by when, or for the decision from when) and the day
    it was taken, for its timeline; the report's statutory deadline as well when the register
    asked for the report later."""
    dates = case_dates(case)
    statutory = statutory_report_deadline(
        periods=case.ordinance,
        vacant_since=case.vacant_since,
        ordinance_since=dates.ordinance_since,
    )
    return [
        {
            "step": row.step,
            "label": row.step.label,
            "due_on": row.due_on,
            "done_on": row.done_on,
            "due_is_deadline": row.due_is_deadline,
            "statutory_on": (
                statutory
                if row.step == CaseStep.REPORT
                and row.due_on != statutory
                and statutory < case.opened_on
                else None
            ),
        }
        for row in case_timeline(periods=case.ordinance, dates=dates)
    ]


def _case_page(request: HttpRequest, case, forms=None, status: int = 200) -> HttpResponse:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    is_officer = user_is_municipal_officer(
        user=request.user, municipality_id=case.building.municipality_id
    )
    steps = {}
    if is_officer:
        for name, (form_class, _service, allowed) in STEPS.items():
            if case.status in allowed:
                steps[name] = (forms or {}).get(name) or form_class()
    deadlines = _case_deadlines(case)
    context = {
        "case": case,
        "countdown": countdown(days_left(due_on=case.next_due_on, today=today)),
        "deadlines": deadlines,
        # The next step's date when it is a "from" date (the decision), not a deadline.
        "next_from": next(
            (
                row["due_on"]
                for row in deadlines
                if row["step"] == case.next_step and not row["due_is_deadline"]
            ),
            None,
        ),
        "steps": steps,
        "may_confirm_report": is_officer
        and case.report is not None
        and case.report.status == ReportStatus.SUBMITTED
        and case.status in REPORT_CONFIRMABLE_STATUSES,
        "history": selectors.case_history(case=case),
    }
    return render(request, "vacancy_law/case_detail.html", context, status=status)


def _visible_case(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    return get_object_or_404(selectors.cases_visible_to(request_scope(request)), pk=pk)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One case: its deadlines with the countdown, its history and the officer's next step."""
    return _case_page(request, _visible_case(request, pk))


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """An officer's step: consultation, decision, compliance or closure."""
    case = _visible_case(request, pk)
    if step not in STEPS:
        raise Http404
    form_class, service, _allowed = STEPS[step]
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            service(case=case, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The case has been updated."))
            return redirect("vacancy_law:case", pk=case.pk)
    return _case_page(request, case, forms={step: form}, status=400)


@login_required
def case_minutes(request: HttpRequest, pk: int) -> FileResponse:
    case = _visible_case(request, pk)
    if not case.consultation_minutes:
        raise Http404
    return _download(case.consultation_minutes, case.consultation_minutes_name, "application/pdf")


@login_required
def case_letter(request: HttpRequest, pk: int, letter_id: int) -> FileResponse:
    case = _visible_case(request, pk)
    letter = get_object_or_404(case.letters.all(), pk=letter_id)
    return _download(letter.file, letter.file_name, "application/pdf")


def _download(field, name: str, content_type: str) -> FileResponse:  # type: ignore[no-untyped-def]
    response = FileResponse(
        field.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def report_create(request: HttpRequest, bag_id: str) -> HttpResponse:
    """An owner's member reports a building's vacancy (only the owner's own buildings)."""
    scope = request_scope(request)
    building = get_object_or_404(
        Building.objects.visible_to(scope).filter(owner_id__in=scope.owner_organisation_ids),
        bag_id=bag_id,
    )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.vacancy_report_submit(
                user=request.user, building=building, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your report has been received."))
            return redirect("vacancy_law:case", pk=report.case.pk)
    return render(request, "vacancy_law/report_form.html", {"form": form, "building": building})


@login_required
@require_POST
def report_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(selectors.reports_visible_to(request_scope(request)), pk=pk)
    try:
        services.vacancy_report_confirm(report=report, user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The report has been confirmed."))
    return redirect("vacancy_law:case", pk=report.case.pk)


@login_required
def dispute_create(request: HttpRequest, record_id: int) -> HttpResponse:
    """An owner's member disputes a record of one of the owner's buildings."""
    scope = request_scope(request)
    record = get_object_or_404(
        VacancyRecord.objects.visible_to(scope)
        .filter(building__owner_id__in=scope.owner_organisation_ids)
        .select_related("building"),
        pk=record_id,
    )
    form = DisputeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            dispute = services.record_dispute_submit(
                user=request.user, record=record, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your dispute has been submitted."))
            return redirect("vacancy_law:dispute", pk=dispute.pk)
    return render(request, "vacancy_law/dispute_form.html", {"form": form, "record": record})


@login_required
def dispute_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A dispute, its evidence and its outcome; the officers decide it here."""
    dispute = get_object_or_404(selectors.disputes_visible_to(request_scope(request)), pk=pk)
    may_decide = dispute.status == DisputeStatus.OPEN and user_is_municipal_officer(
        user=request.user, municipality_id=dispute.building.municipality_id
    )
    form = DisputeDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_dispute_decide(
                    dispute=dispute, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The dispute has been decided."))
                return redirect("vacancy_law:dispute", pk=dispute.pk)
        status = 400
    context = {"dispute": dispute, "may_decide": may_decide, "form": form}
    return render(request, "vacancy_law/dispute_detail.html", context, status=status)


@login_required
def dispute_evidence(request: HttpRequest, pk: int) -> FileResponse:
    dispute = get_object_or_404(selectors.disputes_visible_to(request_scope(request)), pk=pk)
    return _download(dispute.evidence, dispute.evidence_name, dispute.evidence_content_type)


def _officer_municipalities(request: HttpRequest):  # type: ignore[no-untyped-def]
    if not request.user.is_authenticated:
        return Municipality.objects.none()
    return Municipality.objects.filter(
        organisations__memberships__user=request.user,
        organisations__memberships__role=Role.MUNICIPAL_OFFICER,
    ).distinct()


def ordinance_list(request: HttpRequest) -> HttpResponse:
    """Public: every version of every municipality's ordinance, with its periods."""
    context = {
        "ordinances": selectors.ordinances_public(),
        "may_record": _officer_municipalities(request).exists(),
    }
    return render(request, "vacancy_law/ordinance_list.html", context)


@login_required
def ordinance_create(request: HttpRequest) -> HttpResponse:
    """A municipality's officer records a new version of its ordinance."""
    municipality = _officer_municipalities(request).order_by("code").first()
    if municipality is None:
        raise Http404
    form = OrdinanceForm(request.POST or None, initial=services.ordinance_defaults())
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_ordinance_create(
                user=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The ordinance has been recorded."))
            return redirect("vacancy_law:ordinances")
    context = {"form": form, "municipality": municipality}
    return render(request, "vacancy_law/ordinance_form.html", context)
