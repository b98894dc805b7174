"""The buildings table's filters that lead from an area page's figure to the buildings behind it:
`figure` (the buildings a key figure counts on the page's date, by the statistics' own SQL,
`buildings.selectors.figures`) and `designatedArea` (a designated area's buildings).

The key figures are computed on the whole area, so a figure's link is shown only to who may see
every building of the area (`dashboard.drilldown.scope_covers`): the filtered table
then counts exactly the figure (tests/dashboard/test_figure_links.py).
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Count, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from buildings.models import Building
from buildings.selectors.figures import COVENANT_SIGNED_ON, figure_buildings_sql
from regions.models import DesignatedArea
from regions.selectors import Area

FIGURE_CHOICES = [
    ("stock", _("Office stock")),
    ("vacant", _("Vacant buildings (fully or partly)")),
    ("fully", _("Fully vacant buildings")),
    ("partly", _("Partly vacant buildings")),
    ("structural", _("Structurally vacant")),
    ("watchlist", _("Watchlist")),
    ("stale", _("Stale records")),
    ("withdrawn", _("Withdrawn since the covenant")),
]
# Figures whose buildings are no longer in the stock on the date.
FIGURES_OUTSIDE_STOCK = frozenset({"withdrawn"})
# The area filters, smallest area first: the figure's SQL is limited to the first one given.
_AREA_FILTERS = ("designatedArea", "municipality", "officeRegion", "province")


def figure_area(data: dict[str, Any]) -> Area | None:
    """The area of the filters' cleaned data that a figure is computed on (None: the country)."""
    for name in _AREA_FILTERS:
        row = data.get(name)
        if row is None:
            continue
        if name == "designatedArea":
            return Area("designatedArea", str(row.pk), row.name)
        if name == "officeRegion":
            return Area("officeRegion", row.slug, row.name)
        return Area(name, row.code, row.name)  # type: ignore[arg-type]
    return None


class FigureFilterMixin(django_filters.FilterSet):  # type: ignore[misc]
    """`figure` and `designatedArea` for the buildings table's FilterSet, which gives `self.on`."""

    on: datetime.date

    designatedArea = django_filters.ModelChoiceFilter(  # noqa: N815 - the query key
        queryset=DesignatedArea.objects.select_related("municipality"),
        field_name="designated_area",
        label=_("Designated area"),
    )
    figure = django_filters.ChoiceFilter(
        choices=FIGURE_CHOICES,
        method="filter_figure",
        label=_("Key figure"),
        empty_label=_("Any building"),
    )

    def filter_figure(
        self, queryset: QuerySet[Building], name: str, value: str
    ) -> QuerySet[Building]:
        sql, params = figure_buildings_sql(
            figure=value,
            on=self.on,
            since=COVENANT_SIGNED_ON,
            area=figure_area(self.form.cleaned_data),
        )
        return queryset.filter(id__in=RawSQL(sql, params))  # noqa: S611 (parameters)


def figure_summary(filterset: FigureFilterMixin) -> dict[str, object] | None:
    """What the table filtered on a figure adds up to, for the line above it: the figure's name,
    the area, the number of buildings and their lettable and vacant m2 (one query); None when
    no figure is asked."""
    data = filterset.form.cleaned_data
    figure = data.get("figure")
    if not figure:
        return None
    totals = filterset.qs.order_by().aggregate(
        buildings=Count("pk"),
        lettable_m2=Sum("lettable_floor_area_m2"),
        vacant_m2=Sum("current_vacant_area_m2"),
    )
    area = figure_area(data)
    return {
        "figure": figure,
        "label": dict(FIGURE_CHOICES)[figure],
        "area_name": area.name if area is not None else None,
        **totals,
    }
