"""The buildings table, map and CSV export: one queryset built from the shared FilterSet."""

from __future__ import annotations

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, QueryDict

from buildings.choices import ACTIVE_FLAG_STATUSES
from buildings.filters import BuildingFilterSet, with_current_vacancy
from buildings.models import Building, StructuralVacancyFlag
from kantorentop.accounts.scopes import Scope

PAGE_SIZE = 25
SORTABLE = {"bagId", "lettableFloorAreaM2", "vacancyPercentage"}


def visible_buildings(scope: Scope) -> QuerySet[Building]:
    """The buildings a scope may see, with their current vacancy and whether they are flagged."""
    active_flag = StructuralVacancyFlag.objects.filter(
        building=OuterRef("pk"), status__in=ACTIVE_FLAG_STATUSES
    )
    return with_current_vacancy(
        Building.objects.visible_to(scope).select_related("municipality")
    ).annotate(is_flagged=Exists(active_flag))


def building_filterset(data: QueryDict, scope: Scope) -> BuildingFilterSet:
    """The API's FilterSet on what the scope may see; form widgets get the NL Design classes."""
    filterset = BuildingFilterSet(data=data, queryset=visible_buildings(scope))
    for name, field in filterset.form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.Select):
            widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
        else:
            widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
        widget.attrs.setdefault("id", f"filter-{name}")
    return filterset


def filtered_buildings(filterset: BuildingFilterSet) -> QuerySet[Building]:
    """The filtered set, ordered by BAG id unless the request asks another order."""
    qs = filterset.qs
    if not filterset.form.cleaned_data.get("ordering"):
        qs = qs.order_by("bag_id")
    return qs


def page_of(request: HttpRequest, queryset: QuerySet[Building]) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


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
