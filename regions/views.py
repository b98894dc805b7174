"""Development control pages: officers list and register planned office developments of their
area. A development in a restriction or transformation area is refused with the covenant's
reason (regions/services/developments.py); others than officers get 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kantorentop.accounts.pages import add_service_errors
from kantorentop.accounts.scopes import Scope, area_condition, officer_request_scope
from regions.forms import DevelopmentForm
from regions.models import DesignatedArea, Municipality
from regions.selectors import developments_visible_to
from regions.services import development_project_create


def _municipalities(scope: Scope):  # type: ignore[no-untyped-def]
    queryset = Municipality.objects.filter(dissolved_on__isnull=True).select_related("province")
    if not scope.national:
        queryset = queryset.filter(area_condition(scope, municipality=""))
    return queryset.order_by("name")


@login_required
def development_list(request: HttpRequest) -> HttpResponse:
    """The developments in the officer's area, newest first."""
    scope = officer_request_scope(request)
    # Who registered each one is shown on the page only (the API does not expose it).
    projects = developments_visible_to(scope).select_related(
        "registered_by", "registered_by_client"
    )[:500]
    return render(request, "regions/development_list.html", {"projects": projects})


@login_required
def development_create(request: HttpRequest) -> HttpResponse:
    """Register a development; the covenant's refusal is shown on the designated area."""
    scope = officer_request_scope(request)
    municipalities = _municipalities(scope)
    areas = DesignatedArea.objects.filter(municipality__in=municipalities).select_related(
        "municipality"
    )
    form = DevelopmentForm(request.POST or None, municipalities=municipalities, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        bag_id = data.pop("building_left_behind_bag_id", "")
        building = None
        if bag_id:
            related = DevelopmentForm._meta.model._meta.get_field("building_left_behind")
            building = related.related_model.objects.visible_to(scope).filter(bag_id=bag_id).first()
            if building is None:
                form.add_error("building_left_behind_bag_id", _("No building with this BAG id."))
        if not form.errors:
            try:
                development_project_create(user=request.user, building_left_behind=building, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The development has been registered."))
                return redirect("developments:list")
    return render(request, "regions/development_form.html", {"form": form})
