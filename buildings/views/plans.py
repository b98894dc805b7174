"""Pages of the investors' plans (my buildings, my flags, plan create/edit/submit with PDFs)
and the officers' review.

Views are thin: the scope selects what a user may see (anything else is a 404), the services
decide who may write (their PermissionDenied is a 403) and validate.
"""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buildings.choices import WITHDRAWING_PLAN_KINDS, PlanStatus
from buildings.forms import (
    ChangesForm,
    CommentForm,
    CompletionForm,
    DocumentForm,
    PlanForm,
    ReasonsForm,
)
from buildings.models import Building, PlanDocument, StructuralVacancyFlag, TransformationPlan
from buildings.selectors.plans import plan_document_for_download, plans_visible_to
from buildings.services import plans as plan_services
from buildings.services.plan_documents import plan_document_add
from buildings.tables import page_of
from kantorentop.accounts.pages import (
    add_service_errors,
    confirmation_page,
    error_text,
    is_confirmed,
)
from kantorentop.accounts.scopes import request_scope

# The covenant expects a plan within six months of a flag (the reminder goes out then).
PLAN_EXPECTED_WITHIN = relativedelta(months=6)
# Room for the multipart boundaries and headers around the file itself.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


def _owned_buildings(request: HttpRequest):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    return Building.objects.filter(owner_id__in=scope.owner_organisation_ids)


@login_required
def my_buildings(request: HttpRequest) -> HttpResponse:
    """The buildings of the user's organisations, a page at a time, flagged ones first, with
    their active flag and latest plan."""
    buildings = (
        _owned_buildings(request)
        .select_related("municipality")
        .prefetch_related("transformation_plans")
        .annotate(
            is_flagged=Exists(
                StructuralVacancyFlag.objects.active().filter(building=OuterRef("pk"))
            )
        )
        .order_by("-is_flagged", "name", "bag_id")
    )
    page = page_of(request, buildings)
    on_page = list(page.object_list)
    flags = {
        flag.building_id: flag
        for flag in StructuralVacancyFlag.objects.active().filter(building__in=on_page)
    }
    rows = []
    for building in on_page:
        plans = sorted(building.transformation_plans.all(), key=lambda p: p.updated_at)
        rows.append((building, flags.get(building.pk), plans[-1] if plans else None))
    return render(request, "buildings/my_buildings.html", {"rows": rows, "page": page})


@login_required
def my_flags(request: HttpRequest) -> HttpResponse:
    """Flags of the user's buildings with the date by which a plan is expected."""
    flags = (
        StructuralVacancyFlag.objects.filter(building__in=_owned_buildings(request).values("pk"))
        .select_related("building__municipality")
        .order_by("-flagged_on", "pk")
    )
    rows = [(flag, flag.flagged_on + PLAN_EXPECTED_WITHIN) for flag in flags]
    return render(request, "buildings/my_flags.html", {"rows": rows})


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans the user may see: their own, and for officers the submitted plans of their area."""
    plans = plans_visible_to(request_scope(request))[:500]
    return render(request, "buildings/plan_list.html", {"plans": plans})


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    """A new draft plan for one of the user's buildings (`?gebouw=<bag id>`)."""
    building = get_object_or_404(
        _owned_buildings(request), bag_id=request.GET.get("gebouw") or request.POST.get("gebouw")
    )
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_services.plan_create(
                user=request.user, building=building, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan has been saved as a draft."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "buildings/plan_form.html", {"form": form, "building": building})


def _visible_plan(request: HttpRequest, pk: int) -> TransformationPlan:
    return get_object_or_404(plans_visible_to(request_scope(request)), pk=pk)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft, or revise a plan returned for changes (the owner's members only); a plan
    in any other status is shown on its page, with why it cannot be changed."""
    plan = _visible_plan(request, pk)
    if not plan_services.user_is_owner_member(
        user=request.user, organisation_id=plan.organisation_id
    ):
        raise Http404
    if plan.status not in plan_services.EDITABLE_STATUSES:
        # No form for a plan the owner may not change (the plan page offers none either): its
        # page instead, read-only, with the reason; a POST from a page left open is refused so.
        reason = _(
            "Only a draft, or a plan the municipality returned for changes, can be changed; "
            "this plan has the status %(status)s."
        ) % {"status": plan.get_status_display().lower()}
        (messages.error if request.method == "POST" else messages.info)(request, reason)
        return redirect("plans:detail", pk=plan.pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in plan_services.EDITABLE_FIELDS}
        plan.refresh_from_db()
        try:
            plan = plan_services.plan_update(plan=plan, user=request.user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect("plans:detail", pk=plan.pk)
    return render(
        request, "buildings/plan_form.html", {"form": form, "building": plan.building, "plan": plan}
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan with its documents and comments, and the actions the user may take."""
    return _detail_page(request, _visible_plan(request, pk))


def _detail_page(
    request: HttpRequest, plan: TransformationPlan, completion_form: CompletionForm | None = None
) -> HttpResponse:
    """The plan page; each action shows only to who may take it in the plan's status (the
    services decide again on the POST)."""
    is_owner = plan_services.user_is_owner_member(
        user=request.user, organisation_id=plan.organisation_id
    )
    is_reviewer = plan_services.user_is_municipal_officer(
        user=request.user, municipality_id=plan.building.municipality_id
    )
    withdraws_building = plan.kind in WITHDRAWING_PLAN_KINDS
    context = {
        "plan": plan,
        "documents": plan.documents.order_by("uploaded_at", "pk"),
        "comments": plan.comments.select_related("author").order_by("created_at", "pk"),
        "is_owner": is_owner,
        "is_reviewer": is_reviewer,
        "may_edit": is_owner and plan.status in plan_services.EDITABLE_STATUSES,
        "may_submit": is_owner and plan.status in plan_services.EDITABLE_STATUSES,
        "may_withdraw": is_owner and plan.status in plan_services.WITHDRAWABLE_STATUSES,
        "may_start": is_owner and plan.status == PlanStatus.APPROVED,
        "may_complete": is_owner and plan.status == PlanStatus.IN_PROGRESS,
        "may_upload": is_owner and plan.status in plan_services.DOCUMENT_STATUSES,
        "may_start_review": is_reviewer and plan.status == PlanStatus.SUBMITTED,
        "may_decide": is_reviewer and plan.status in plan_services.DECIDABLE_STATUSES,
        "may_comment": plan_services.user_may_comment(user=request.user, plan=plan),
        "withdraws_building": withdraws_building,
        "comment_form": CommentForm(),
        "reasons_form": ReasonsForm(),
        "changes_form": ChangesForm(),
        "document_form": DocumentForm(),
        "completion_form": completion_form,
    }
    if completion_form is None:
        context["completion_form"] = CompletionForm(
            initial={"completed_on": timezone.localdate()}, withdraws_building=withdraws_building
        )
    return render(request, "buildings/plan_detail.html", context)


def _transition(request: HttpRequest, pk: int, service, done: str, **kwargs) -> HttpResponse:  # type: ignore[no-untyped-def]
    plan = _visible_plan(request, pk)
    try:
        service(plan=plan, user=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
    return redirect("plans:detail", pk=pk)


@login_required
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, plan_services.plan_submit, _("The plan has been submitted."))


@login_required
@require_POST
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, plan_services.plan_review_start, _("The review has been started.")
    )


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approval is a decision: the button asks for confirmation first (a page, no script)."""
    plan = _visible_plan(request, pk)
    if not is_confirmed(request) and plan.status in plan_services.DECIDABLE_STATUSES:
        plan_services._require_officer(user=request.user, plan=plan)
        label = plan.building.name or plan.building.bag_id
        return confirmation_page(
            request,
            title=_("Approve the plan"),
            question=_("Approve the plan for %(building)s? The owner is notified.")
            % {"building": label},
            confirm_label=_("Yes, approve the plan"),
            cancel_url=reverse("plans:detail", args=[pk]),
        )
    return _transition(request, pk, plan_services.plan_approve, _("The plan has been approved."))


@login_required
@require_POST
def plan_request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the plan to its owner with the changes it needs; the owner revises and resubmits."""
    return _transition(
        request,
        pk,
        plan_services.plan_request_changes,
        _("The plan has been returned to the owner for changes."),
        reasons=request.POST.get("changes", ""),
    )


@login_required
@require_POST
def plan_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        plan_services.plan_reject,
        _("The plan has been rejected."),
        reasons=request.POST.get("reasons", ""),
    )


@login_required
@require_POST
def plan_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, plan_services.plan_withdraw, _("The plan has been withdrawn."))


@login_required
@require_POST
def plan_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, plan_services.plan_start, _("The execution of the plan has started.")
    )


@login_required
@require_POST
def plan_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Complete a plan in progress on the date given; a transformation or demolition withdraws
    the building from the stock on that date. A wrong date shows the page again with the error
    next to the field."""
    plan = _visible_plan(request, pk)
    if not plan_services.user_is_owner_member(
        user=request.user, organisation_id=plan.organisation_id
    ):
        raise PermissionDenied(_("Only members of the owner organisation may change this plan."))
    if plan.status != PlanStatus.IN_PROGRESS:
        # A stale page (the form shows only while in progress): say so, whatever the date.
        messages.error(request, _("Only a plan in progress can be completed."))
        return redirect("plans:detail", pk=pk)
    form = CompletionForm(request.POST, withdraws_building=plan.kind in WITHDRAWING_PLAN_KINDS)
    if form.is_valid():
        try:
            plan_services.plan_complete(
                plan=plan, user=request.user, completed_on=form.cleaned_data["completed_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan has been completed."))
            return redirect("plans:detail", pk=pk)
    plan.refresh_from_db()
    return _detail_page(request, plan, completion_form=form)


@login_required
@require_POST
def plan_comment(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _visible_plan(request, pk)
    try:
        plan_services.plan_comment_add(
            plan=plan, user=request.user, text=request.POST.get("text", "")
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your comment has been added."))
    return redirect("plans:detail", pk=pk)


def _too_large(request: HttpRequest, plan: TransformationPlan) -> HttpResponse:
    context = {"plan": plan, "max_mb": int(settings.PLAN_DOCUMENT_MAX_BYTES) // (1024 * 1024)}
    return render(request, "buildings/upload_too_large.html", context, status=413)


@login_required
@require_POST
def plan_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a PDF; over the limit a 413 page and nothing stored, not a PDF a message."""
    plan = _visible_plan(request, pk)
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > int(settings.PLAN_DOCUMENT_MAX_BYTES) + MULTIPART_OVERHEAD_BYTES:
        return _too_large(request, plan)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a PDF document."))
        return redirect("plans:detail", pk=pk)
    try:
        plan_document_add(plan=plan, user=request.user, uploaded_file=form.cleaned_data["file"])
    except ValidationError as error:
        codes = [item.code for item in getattr(error, "error_dict", {}).get("file", [])]
        if "too_large" in codes:
            return _too_large(request, plan)
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The document has been added."))
    return redirect("plans:detail", pk=pk)


@login_required
def plan_document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The PDF as an attachment, only for those who may see its plan (others: 404)."""
    try:
        document = plan_document_for_download(scope=request_scope(request), document_id=pk)
    except PlanDocument.DoesNotExist:
        raise Http404 from None
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
