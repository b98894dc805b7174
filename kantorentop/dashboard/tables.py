"""The buildings table, map and exports: one queryset built from the shared FilterSet, of the
buildings as they stood on the page's date."""

from __future__ import annotations

import datetime

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buildings.filters import BuildingFilterSet
from buildings.models import Building
from buildings.selectors.table import buildings_on
from kantorentop.accounts.scopes import Scope

PAGE_SIZE = 25
SORTABLE = {"bagId", "lettableFloorAreaM2", "vacancyPercentage"}


def visible_buildings(scope: Scope, *, on: datetime.date) -> QuerySet[Building]:
    """The buildings a scope may see, with their vacancy, flag and status on `on`."""
    return buildings_on(
        Building.objects.visible_to(scope).select_related("municipality"),
        on=on,
        today=timezone.localdate(),
    )


def building_filterset(data: QueryDict, scope: Scope, *, on: datetime.date) -> BuildingFilterSet:
    """The API's FilterSet on what the scope may see on `on`; form widgets get the NL Design
    classes and labels that say the filters read the page's date."""
    filterset = BuildingFilterSet(data=data, queryset=visible_buildings(scope, on=on))
    fields = filterset.form.fields
    fields["minVacancyPercentage"].label = _("Vacancy (%) at least")
    fields["flagged"].label = _("Structural-vacancy flag")
    # The filter's field adds the empty choice itself, under its `empty_label`.
    fields["flagged"].empty_label = _("Flagged or not")
    fields["flagged"].choices = [("true", _("Flagged")), ("false", _("Not flagged"))]
    # The API's labels name the codes its query takes; the page's drop-downs list names.
    fields["municipality"].label = _("Municipality")
    fields["province"].label = _("Province")
    fields["officeRegion"].label = _("Office region")
    for name, field in fields.items():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
        else:
            widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
        widget.attrs.setdefault("id", f"filter-{name}")
    return filterset


# The order of an area page's table, as the buildings page's `?ordering=` names it.
AREA_TABLE_ORDERING = "-vacancyPercentage"


def area_table_buildings(
    scope: Scope, *, on: datetime.date, within: dict[str, object] | None = None
) -> QuerySet[Building]:
    """An area page's table: what the scope may see on `on` (and, `within`, the lookups of the
    area row the page resolved), ordered by `AREA_TABLE_ORDERING` as the FilterSet's ordering
    filter does. The page takes no filters, so no FilterSet is built: copying its filters and
    building and cleaning its form cost more Python than the rest of the page's table
    (docs/benchmarks.md, dashboard)."""
    queryset = visible_buildings(scope, on=on)
    if within:
        queryset = queryset.filter(**within)
    ordering = BuildingFilterSet.base_filters["ordering"]
    result: QuerySet[Building] = ordering.filter(queryset, [AREA_TABLE_ORDERING])
    return result


def filtered_buildings(filterset: BuildingFilterSet) -> QuerySet[Building]:
    """The filtered set, ordered by BAG id unless the request asks another order."""
    qs = filterset.qs
    if not filterset.form.cleaned_data.get("ordering"):
        qs = qs.order_by("bag_id")
    return qs


# What a row of the table shows: plain values, no model instances (the page's cost is mostly
# Python once its series is cached; docs/benchmarks.md, dashboard).
TABLE_FIELDS = (
    "bag_id",
    "name",
    "street",
    "house_number",
    "city",
    "lettable_floor_area_m2",
    "current_vacancy_percentage",
    "current_observed_on",
    "energy_label",
    "status_on",
    "is_flagged",
)


def page_of(request: HttpRequest, queryset: QuerySet[Building]) -> Page:
    """A page of the table's rows, as dicts of `TABLE_FIELDS` and `municipality_name`."""
    rows = queryset.values(*TABLE_FIELDS, municipality_name=F("municipality__name"))
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def sort_links(data: QueryDict) -> dict[str, dict[str, str]]:
    """Per sortable column: the query string that sorts by it (toggling the direction) and its
    current state for aria-sort."""
    current = data.get("ordering", "")
    links = {}
    for key in SORTABLE:
        query = data.copy()
        query.pop("page", None)
        if current == key:
            query["ordering"] = f"-{key}"
            state = "ascending"
        elif current == f"-{key}":
            query["ordering"] = key
            state = "descending"
        else:
            query["ordering"] = key
            state = "none"
        links[key] = {"query": query.urlencode(), "state": state}
    return links
