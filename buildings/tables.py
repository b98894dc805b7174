"""The buildings table, map and exports: one queryset built from the shared FilterSet, of the
buildings as they stood on the page's date: the office stock on that date, unless the table's
`withdrawn` filter asks for the buildings withdrawn from it too."""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any, cast

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Case, F, QuerySet, Value, When
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from buildings.choices import BuildingStatus, LabelCDuty
from buildings.figure_filters import FIGURES_OUTSIDE_STOCK, FigureFilterMixin
from buildings.filters import BuildingFilterSet
from buildings.models import AreaBasis, Building
from buildings.querysets import BuildingQuerySet, withdrawn_by
from buildings.selectors.table import buildings_on
from events.selectors import data_version
from kantorentop.accounts.scopes import Scope
from kantorentop.core.compiled_rows import CompiledRows
from kantorentop.core.kept import kept_objects

PAGE_SIZE = 25
SORTABLE = {"bagId", "lettableFloorAreaM2", "vacancyPercentage"}


def visible_buildings(
    scope: Scope, *, on: datetime.date, today: datetime.date | None = None
) -> QuerySet[Building]:
    """The buildings a scope may see, with their vacancy, flag and status on `on`, and
    `is_withdrawn`: withdrawn from the stock on or before `on` (shown greyed)."""
    return buildings_on(
        Building.objects.visible_to(scope).select_related("municipality"),
        on=on,
        today=today or timezone.localdate(),
    ).annotate(is_withdrawn=Case(When(withdrawn_by(on), then=Value(True)), default=Value(False)))


# Statuses only a withdrawn building has: filtering on one of them asks for withdrawn buildings.
WITHDRAWN_STATUSES = (BuildingStatus.TRANSFORMED, BuildingStatus.DEMOLISHED)


class BuildingTableFilterSet(BuildingFilterSet, FigureFilterMixin):
    """The API's filters on the buildings of the page's date, plus whether buildings withdrawn
    from the stock by then are listed. Without that filter the table, map and exports list the
    stock on the date (`BuildingQuerySet.in_stock`), as the key figures count it."""

    withdrawn = django_filters.ChoiceFilter(
        choices=[
            ("include", _("Show them too (greyed)")),
            ("only", _("Only withdrawn buildings")),
        ],
        empty_label=_("Hide them (the stock on the date)"),
        method="filter_withdrawn",
        label=_("Withdrawn buildings (transformed, demolished)"),
    )
    # The label-C duty on the page's date (`buildings_on` annotates it) and the area basis.
    labelCDuty = django_filters.ChoiceFilter(  # noqa: N815 - the API's query key
        choices=LabelCDuty.choices,
        method="filter_label_duty",
        empty_label=_("Any duty status"),
        label=_("Label C duty"),
    )
    areaBasis = django_filters.ChoiceFilter(  # noqa: N815 - the API's query key
        field_name="area_basis",
        choices=AreaBasis.choices,
        empty_label=_("VVO or GO"),
        label=_("Area basis"),
    )
    # The API's filter for mirrors; the page shows the figures on a date instead.
    modifiedSince = None  # noqa: N815

    def __init__(self, *args: Any, on: datetime.date, **kwargs: Any) -> None:
        self.on = on
        super().__init__(*args, **kwargs)

    def filter_queryset(self, queryset: QuerySet[Building]) -> QuerySet[Building]:
        data = self.form.cleaned_data
        if (
            not data.get("withdrawn")
            and data.get("status") not in WITHDRAWN_STATUSES
            and data.get("figure") not in FIGURES_OUTSIDE_STOCK
        ):
            queryset = cast(BuildingQuerySet, queryset).in_stock(on=self.on)
        result: QuerySet[Building] = super().filter_queryset(queryset)
        return result

    def filter_label_duty(
        self, queryset: BuildingQuerySet, name: str, value: str
    ) -> BuildingQuerySet:
        if "label_c_duty" not in queryset.query.annotations:
            queryset = queryset.with_label_duty(on=self.on)
        return queryset.filter(label_c_duty=value)

    def filter_withdrawn(
        self, queryset: BuildingQuerySet, name: str, value: str
    ) -> BuildingQuerySet:
        if value == "only":
            return queryset.withdrawn(on=self.on)
        return queryset.entered_stock(on=self.on)


# The empty choice of each drop-down says what choosing nothing means, instead of Django's
# "---------"; the FilterSet's own filters name theirs (`empty_label`).
EMPTY_LABELS = {
    "municipality": _("All municipalities"),
    "province": _("All provinces"),
    "officeRegion": _("All office regions"),
    "status": _("All statuses"),
    "energyLabel": _("All energy labels"),
    "designatedArea": _("In a designated area or not"),
}
# Drop-downs with choices too long for one column of the form ("Getransformeerd naar een andere
# functie", "Nuenen, Gerwen en Nederwetten"): they take two, so that no choice is cut off.
WIDE_SELECTS = {"municipality", "status", "areaBasis", "designatedArea", "figure", "withdrawn"}
SELECT_CLASS = "utrecht-select utrecht-select--html-select"
# The drop-downs whose choices are rows of the area tables (some 400): read and labelled once
# per data version and language, instead of on every request (the ORM's rows were a quarter of
# the buildings page's time). Their changes move the data version (events migrations).
AREA_SELECTS = ("municipality", "province", "officeRegion", "designatedArea")


def _area_choices(name: str, field: forms.ModelChoiceField, version: str) -> list[tuple[str, str]]:
    """The drop-down's choices as (value, label), as its field would list them."""
    key = ("filter-choices", name, get_language(), version)
    choices: list[tuple[str, str]] | None = kept_objects.get(key)
    if choices is None:
        choices = [(str(value), str(label)) for value, label in field.choices]
        kept_objects.put(key, choices)
    return choices


def building_filterset(
    data: QueryDict, scope: Scope, *, on: datetime.date
) -> BuildingTableFilterSet:
    """The table's FilterSet on what the scope may see on `on`; form widgets get the NL
    Design classes and labels that say the filters read the page's date."""
    filterset = BuildingTableFilterSet(data=data, queryset=visible_buildings(scope, on=on), on=on)
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
    version = data_version()
    for name, field in fields.items():
        widget = field.widget
        if isinstance(widget, forms.Select):
            wide = " kt-select--wide" if name in WIDE_SELECTS else ""
            widget.attrs["class"] = SELECT_CLASS + wide
            if name in EMPTY_LABELS:
                field.empty_label = EMPTY_LABELS[name]  # type: ignore[attr-defined]
                # The form's widget shares its choices with the class's field, whose empty
                # label they would show: they are the field's own again.
                widget.choices = field.choices  # type: ignore[attr-defined]
            if name in AREA_SELECTS:
                widget.choices = _area_choices(name, field, version)  # type: ignore[arg-type]
        else:
            widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
        widget.attrs.setdefault("id", f"filter-{name}")
    return filterset


# The order of an area page's table, as the buildings page's `?ordering=` names it.
AREA_TABLE_ORDERING = "-vacancyPercentage"


def area_table_ordering(data: QueryDict) -> str:
    """The order of an area page's table: its address's `ordering` when it names a sortable
    column, else `AREA_TABLE_ORDERING` (most vacant first)."""
    ordering = data.get("ordering", "")
    return ordering if ordering.removeprefix("-") in SORTABLE else AREA_TABLE_ORDERING


def area_table_rows(
    scope: Scope,
    *,
    on: datetime.date,
    within: tuple[str, int] | None = None,
    ordering: str = AREA_TABLE_ORDERING,
) -> CompiledRows:
    """An area page's table rows (`table_rows`): what the scope may see on `on` (and, `within`,
    of the area row a lookup and primary key name), in `ordering` (`area_table_ordering`) as the
    FilterSet's ordering filter gives it. It lists the stock on the date, as the page's key
    figures count it: no withdrawn building.

    The page takes no filters, so no FilterSet is built, and the query is built and compiled
    once per scope, date, day and area: it holds no data, and building and compiling its
    annotations cost more Python than the rest of the page (docs/benchmarks.md, dashboard)."""
    return _area_table_built(scope, on, timezone.localdate(), within, ordering)


@lru_cache(maxsize=256)
def _area_table_built(
    scope: Scope,
    on: datetime.date,
    today: datetime.date,
    within: tuple[str, int] | None,
    ordering: str,
) -> CompiledRows:
    queryset = cast(BuildingQuerySet, visible_buildings(scope, on=on, today=today)).in_stock(on=on)
    if within:
        lookup, pk = within
        queryset = queryset.filter(**{lookup: pk})
    return CompiledRows(table_rows(BuildingFilterSet.ordered(queryset, ordering)))


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
    "area_basis",
    "current_vacancy_percentage",
    "current_observed_on",
    "energy_label",
    "status_on",
    "label_c_duty",
    "is_flagged",
    "is_withdrawn",
)


def table_rows(queryset: QuerySet[Building]) -> QuerySet[Building]:
    """The table's rows: dicts of `TABLE_FIELDS` and `municipality_name`."""
    return queryset.values(*TABLE_FIELDS, municipality_name=F("municipality__name"))


def page_of(request: HttpRequest, rows: QuerySet[Building] | CompiledRows) -> Page:
    """A page of the table's rows (`table_rows`): the first for a page number that is not one
    or lies before it (`?page=0`), the last for one past the end."""
    number = request.GET.get("page")
    try:
        before_first = number is not None and int(number) < 1
    except ValueError:
        before_first = False  # not a number: get_page gives the first page itself
    # Django's get_page would give the last page, as for one past the end.
    return Paginator(rows, PAGE_SIZE).get_page("1" if before_first else number)


def query_without_page(data: QueryDict) -> str:
    """The table's query string without its page number: what the table's exports and its
    pages share."""
    query = data.copy()
    query.pop("page", None)
    return query.urlencode()


def pages_url(path: str, data: QueryDict) -> str:
    """The address of a page of the table without its number: `path` with `data` (the page
    number left out) and `page=` last, so that a link adds the number."""
    encoded = query_without_page(data)
    return f"{path}?{encoded}&page=" if encoded else f"{path}?page="


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
