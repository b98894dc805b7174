"""Pages of the regional office funds: the funds and their balance over time (public), the
ledger (managers and the region's officers), compensation applications with the fund manager's
actions, and the report with its CSV export (public).

Views are thin: funds/selectors.py selects what a user may see (anything else is a 404),
funds/services/ decides who may write (its PermissionDenied is a 403) and validates.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from buildings.models import Building
from funds import services
from funds.choices import ApplicationStatus
from funds.filters import CompensationApplicationFilterSet, FundFilterSet, LedgerEntryFilterSet
from funds.forms import ApplicationForm, GrantForm, LedgerEntryForm, ReasonsForm
from funds.models import Fund
from funds.selectors import (
    applications_visible_to,
    fund_balance,
    fund_balance_series,
    fund_reports,
    fund_reports_csv,
    funds_with_balance,
    ledger_entries_of,
    ledger_funds_visible_to,
    may_apply_for_compensation,
)
from funds.services.roles import require_fund_manager
from kantorentop.accounts.pages import (
    add_service_errors,
    confirmation_page,
    error_text,
    is_confirmed,
)
from kantorentop.accounts.scopes import request_scope
from kantorentop.core.page_filters import page_filterset, page_rows
from kantorentop.core.templatetags.dutch import dutch_euro


def fund_list(request: HttpRequest) -> HttpResponse:
    """Public: every fund with its region, manager and balance; filtered by office region."""
    filterset = page_filterset(
        FundFilterSet,
        request.GET,
        funds_with_balance(),
        labels={"officeRegion": _("Office region")},
    )
    rows = [(fund, fund.balance_eur) for fund in page_rows(filterset)]
    return render(request, "funds/fund_list.html", {"rows": rows, "filter_form": filterset.form})


# The page's labels name what the drop-downs list, not the codes of the API's query.
LEDGER_FILTER_LABELS = {
    "kind": gettext_lazy("Kind"),
    "bookedFrom": gettext_lazy("Booked on or after"),
    "bookedTo": gettext_lazy("Booked on or before"),
}
APPLICATION_FILTER_LABELS = {
    "status": gettext_lazy("Status"),
    "kind": gettext_lazy("Kind"),
    "fund": gettext_lazy("Fund"),
    "municipality": gettext_lazy("Municipality"),
}


def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: a fund's balance over time, per booking date."""
    fund = get_object_or_404(Fund.objects.select_related("office_region", "manager"), pk=pk)
    series = fund_balance_series(fund=fund)
    scope = request_scope(request)
    may_see_ledger = (
        request.user.is_authenticated
        and ledger_funds_visible_to(scope=scope, user=request.user).filter(pk=fund.pk).exists()
    )
    context = {
        "fund": fund,
        "balance": fund_balance(fund=fund),
        "series": series,
        "may_see_ledger": may_see_ledger,
        "may_apply": may_apply_for_compensation(scope=scope),
    }
    return render(request, "funds/fund_detail.html", context)


@login_required
def fund_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    """The append-only ledger; the fund's managers book contributions and adjustments."""
    fund = get_object_or_404(
        ledger_funds_visible_to(scope=request_scope(request), user=request.user), pk=pk
    )
    is_manager = services.user_is_fund_manager(user=request.user, fund=fund)
    form = LedgerEntryForm(request.POST or None)
    if request.method == "POST":
        if not is_manager:
            raise PermissionDenied(_("Only the fund's managers book entries."))
        if form.is_valid():
            try:
                services.ledger_entry_create(
                    fund=fund, created_by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The entry has been booked."))
                return redirect("funds:ledger", pk=fund.pk)
    filterset = page_filterset(
        LedgerEntryFilterSet,
        request.GET,
        ledger_entries_of(fund=fund).select_related("application"),
        labels=LEDGER_FILTER_LABELS,
    )
    context = {
        "fund": fund,
        "entries": page_rows(filterset),
        "filter_form": filterset.form,
        "is_manager": is_manager,
        "form": form,
    }
    return render(request, "funds/ledger.html", context)


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """The applications the user may see: as applicant, fund manager or officer of the area;
    the filters narrow them."""
    scope = request_scope(request)
    filterset = page_filterset(
        CompensationApplicationFilterSet,
        request.GET,
        applications_visible_to(scope=scope, user=request.user),
        labels=APPLICATION_FILTER_LABELS,
    )
    context = {
        "applications": page_rows(filterset)[:500],
        "filter_form": filterset.form,
        "may_apply": may_apply_for_compensation(scope=scope),
    }
    return render(request, "funds/application_list.html", context)


@login_required
def application_create(request: HttpRequest) -> HttpResponse:
    """An owner applies to a fund for compensation for one of its buildings."""
    scope = request_scope(request)
    if not may_apply_for_compensation(scope=scope):
        raise Http404
    fund = get_object_or_404(Fund, pk=request.GET.get("fonds") or request.POST.get("fonds") or 0)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        building = (
            Building.objects.filter(owner_id__in=scope.owner_organisation_ids)
            .select_related("municipality")
            .filter(bag_id=data.pop("bag_id"))
            .first()
        )
        if building is None:
            form.add_error("bag_id", _("None of your organisation's buildings has this BAG id."))
        else:
            try:
                application = services.compensation_application_submit(
                    user=request.user, fund=fund, building=building, **data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your application has been submitted."))
                return redirect("funds:application", pk=application.pk)
    return render(request, "funds/application_form.html", {"form": form, "fund": fund})


def _visible_application(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    return get_object_or_404(
        applications_visible_to(scope=request_scope(request), user=request.user), pk=pk
    )


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One application, with the fund manager's actions."""
    application = _visible_application(request, pk)
    is_manager = services.user_is_fund_manager(user=request.user, fund=application.fund)
    status = application.status
    context = {
        "application": application,
        "is_manager": is_manager,
        "may_review": is_manager and status == ApplicationStatus.SUBMITTED,
        "may_decide": is_manager
        and status in (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW),
        "may_pay": is_manager and status == ApplicationStatus.APPROVED,
        "grant_form": GrantForm(initial={"amount_granted_eur": application.amount_requested_eur}),
        "reasons_form": ReasonsForm(),
    }
    return render(request, "funds/application_detail.html", context)


def _confirmation(request: HttpRequest, application, action: str) -> HttpResponse | None:  # type: ignore[no-untyped-def]
    """Approval and payout move money: their buttons get a confirmation page first. None when
    the POST needs none (confirmed, another action, or a state in which the service refuses)."""
    if is_confirmed(request) or action not in ("toekennen", "uitbetalen"):
        return None
    require_fund_manager(user=request.user, fund=application.fund)
    building = application.building.name or application.building.bag_id
    cancel_url = reverse("funds:application", args=[application.pk])
    if action == "uitbetalen":
        if application.status != ApplicationStatus.APPROVED:
            return None
        amount = dutch_euro(application.amount_granted_eur)
        return confirmation_page(
            request,
            title=_("Pay out the compensation"),
            question=_(
                "Pay %(amount)s from %(fund)s to %(applicant)s for %(building)s? A payout "
                "cannot be undone."
            )
            % {
                "amount": amount,
                "fund": application.fund.name,
                "applicant": application.applicant.name,
                "building": building,
            },
            confirm_label=_("Yes, pay %(amount)s") % {"amount": amount},
            cancel_url=cancel_url,
        )
    form = GrantForm(request.POST)
    decidable = (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW)
    if application.status not in decidable or not form.is_valid():
        return None
    granted = form.cleaned_data["amount_granted_eur"]
    return confirmation_page(
        request,
        title=_("Approve the application"),
        question=_("Grant %(amount)s to %(applicant)s for %(building)s?")
        % {
            "amount": dutch_euro(granted),
            "applicant": application.applicant.name,
            "building": building,
        },
        confirm_label=_("Yes, grant %(amount)s") % {"amount": dutch_euro(granted)},
        cancel_url=cancel_url,
        fields={"amount_granted_eur": str(granted)},
    )


@login_required
@require_POST
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The fund manager's review, approval (with the amount granted), rejection or payout;
    approval and payout after a confirmation page."""
    application = _visible_application(request, pk)
    confirmation = _confirmation(request, application, action)
    if confirmation is not None:
        return confirmation
    try:
        if action == "beoordelen":
            services.compensation_application_review(application=application, user=request.user)
        elif action == "toekennen":
            form = GrantForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Enter the amount granted."))
            services.compensation_application_approve(
                application=application,
                user=request.user,
                amount_granted_eur=form.cleaned_data["amount_granted_eur"],
            )
        elif action == "afwijzen":
            services.compensation_application_reject(
                application=application, user=request.user, reasons=request.POST.get("reasons", "")
            )
        elif action == "uitbetalen":
            services.compensation_application_pay(application=application, user=request.user)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _action_done(action, application))
    return redirect("funds:application", pk=pk)


def _action_done(action: str, application) -> str:  # type: ignore[no-untyped-def]
    """What the fund manager's action did, in the words of the application's new status."""
    application.refresh_from_db(fields=["amount_granted_eur"])
    amount = dutch_euro(application.amount_granted_eur)
    return {
        "beoordelen": _("The application is now under review."),
        "toekennen": _("The application has been approved: %(amount)s granted.")
        % {"amount": amount},
        "afwijzen": _("The application has been rejected."),
        "uitbetalen": _("The application has been paid out: %(amount)s.") % {"amount": amount},
    }[action]


def fund_report(request: HttpRequest) -> HttpResponse:
    """Public: contributions, payouts and euros per m2 withdrawn per fund."""
    return render(request, "funds/report.html", {"reports": fund_reports()})


def fund_report_csv(request: HttpRequest) -> HttpResponse:
    """The report as CSV, for a spreadsheet."""
    response = HttpResponse(
        fund_reports_csv(reports=fund_reports()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="fondsenrapportage.csv"'
    return response
