"""Flags page: open flags with their age and plan status, dismissal, and the watchlist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buildings.forms import FlagDismissForm
from buildings.models import Building, StructuralVacancyFlag
from buildings.selectors.plans import flag_plans
from buildings.selectors.structural_vacancy import watchlist
from buildings.services.flag_notifications import flag_notification_key
from buildings.services.flags import flag_dismiss
from kantorentop.accounts.choices import NotificationKind
from kantorentop.accounts.models import Notification
from kantorentop.accounts.scopes import officer_request_scope
from kantorentop.core.as_of import as_of_date


@login_required
def flags(request: HttpRequest) -> HttpResponse:
    """Active flags of the officer's area, oldest first, and the watchlist."""
    scope = officer_request_scope(request)
    today = timezone.localdate()
    on, date_error = as_of_date(request)
    active = list(
        StructuralVacancyFlag.objects.visible_to(scope)
        .active()
        .select_related("building__municipality", "building__owner")
        .order_by("flagged_on", "pk")
    )
    keys = {
        flag_notification_key(flag_id=flag.pk, kind=kind): flag.pk
        for flag in active
        for kind in (NotificationKind.FLAG_CREATED, NotificationKind.FLAG_REMINDER)
    }
    sent: dict[int, int] = {}
    for row in (
        Notification.objects.filter(dedupe_key__in=list(keys))
        .values("dedupe_key")
        .annotate(n=Count("pk"))
    ):
        flag_id = keys[row["dedupe_key"]]
        sent[flag_id] = sent.get(flag_id, 0) + row["n"]
    plans = flag_plans(building_ids=[flag.building_id for flag in active], scope=scope)
    entries = watchlist(on=on, scope=scope)
    buildings = Building.objects.in_bulk([e.building_id for e in entries[:200]])
    context = {
        "active_flags": [
            (
                flag,
                (today - flag.flagged_on).days,
                sent.get(flag.pk, 0),
                plans.get(flag.building_id),
            )
            for flag in active
        ],
        "watchlist": [(e, buildings.get(e.building_id)) for e in entries[:200]],
        "watchlist_total": len(entries),
        "on": on,
        "date_error": date_error,
        "form": FlagDismissForm(),
    }
    return render(request, "buildings/flags.html", context)


@login_required
@require_POST
def flag_dismiss_view(request: HttpRequest, pk: int) -> HttpResponse:
    scope = officer_request_scope(request)
    if scope.read_only:
        raise Http404
    flag = get_object_or_404(StructuralVacancyFlag.objects.visible_to(scope).active(), pk=pk)
    form = FlagDismissForm(request.POST)
    if form.is_valid():
        try:
            flag_dismiss(flag=flag, reason=form.cleaned_data["reason"], user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The flag was dismissed."))
    else:
        messages.error(request, _("Give the reason for the dismissal."))
    return redirect("dashboard:flags")
