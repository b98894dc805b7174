"""The building page: details, units and their labels, the label-C duty on the page's date
(`?datum=`, today by default), timeline, flags, plans, transactions and a new observation."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from buildings.choices import RecordSource
from buildings.forms import VacancyObservationForm
from buildings.models import Building
from buildings.page_sections import building_page_sections_context
from buildings.selectors.label_duty import OFFICE_USE
from buildings.selectors.plans import plans_visible_to
from buildings.selectors.structural_vacancy import share_threshold_percent
from buildings.selectors.units import building_units_on, label_duty_reason
from buildings.services.buildings import scope_may_write_building
from buildings.services.errors import OutOfScope
from buildings.services.records import vacancy_record_save
from kantorentop.accounts.scopes import Scope, request_scope
from kantorentop.core.as_of import as_of_date


def _default_source(scope: Scope, building: Building) -> str:
    if scope.is_officer:
        if building.municipality.code in scope.municipality_codes:
            return RecordSource.MUNICIPALITY
        return RecordSource.PROVINCE
    return RecordSource.OWNER


@require_http_methods(["GET", "POST"])
def building(request: HttpRequest, bag_id: str) -> HttpResponse:
    """Anything outside the user's scope answers 404, as if it did not exist."""
    scope = request_scope(request)
    on, date_error = as_of_date(request)
    item = get_object_or_404(
        Building.objects.visible_to(scope)
        .with_label_duty(on=on)
        .select_related(
            "municipality__province", "municipality__office_region", "owner", "designated_area"
        ),
        bag_id=bag_id,
    )
    may_record = scope_may_write_building(scope, item)
    form = VacancyObservationForm(initial={"source": _default_source(scope, item)})
    status = 200
    if request.method == "POST":
        if not may_record:
            raise Http404
        form = VacancyObservationForm(request.POST)
        if form.is_valid():
            try:
                _record, created = vacancy_record_save(
                    scope=scope,
                    building=item,
                    observed_on=form.cleaned_data["observed_on"],
                    vacant_area_m2=form.cleaned_data["vacant_area_m2"],
                    source=form.cleaned_data["source"],
                    note=form.cleaned_data["note"],
                    user=request.user,
                )
            except OutOfScope as error:
                raise Http404 from error
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("The observation was recorded.") if created else _("The record was updated."),
                )
                return redirect("dashboard:building", bag_id=item.bag_id)
        status = 400
    context = _page_context(scope, item, on=on, date_error=date_error)
    context.update(may_record=may_record, form=form)
    return render(request, "buildings/building.html", context, status=status)


def _page_context(
    scope: Scope, item: Building, *, on: datetime.date, date_error: str
) -> dict[str, object]:
    """What the page shows besides the form: a constant number of queries, whatever the number
    of records, flags, plans, transactions and units."""
    records = list(item.vacancy_records.order_by("observed_on"))
    lettable = item.lettable_floor_area_m2
    threshold = share_threshold_percent()
    timeline = {
        "labels": [r.observed_on.strftime("%d-%m-%Y") for r in records],
        "dates": [r.observed_on.isoformat() for r in records],
        "vacancy": [round(r.vacant_area_m2 * 100 / lettable, 1) for r in records],
        "labelVacancy": _("Vacant share (%)"),
        "threshold": threshold,
        "labelThreshold": _("Covenant threshold (%(percent)s%%)") % {"percent": threshold},
    }
    units = list(building_units_on(building=item, on=on))
    duty = getattr(item, "label_c_duty", None)
    return {
        "building": item,
        "on": on,
        "date_error": date_error,
        "records": list(reversed(records)),
        "latest": records[-1] if records else None,
        "timeline": timeline,
        "timeline_rows": list(zip(timeline["labels"], timeline["vacancy"], strict=True)),
        "flags": list(
            item.structural_vacancy_flags.select_related("dismissed_by").order_by("-flagged_on")
        ),
        "plans": list(plans_visible_to(scope).filter(building=item)),
        "transactions": list(item.transactions.order_by("-transaction_date")),
        "units": units,
        "label_duty": duty,
        "label_duty_reason": label_duty_reason(building=item, status=duty, units=units),
        "office_use": OFFICE_USE,
        "map_tile_url": settings.MAP_TILE_URL,
        **building_page_sections_context(scope=scope, building=item),
    }
