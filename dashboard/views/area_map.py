"""The area map's choropleth figures: every municipality on one date, as JSON keyed by its code
(issue 14, item 4). Aggregates, public like the area pages' tiles."""

from __future__ import annotations

import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, JsonResponse, QueryDict
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buildings.choices import LabelCDuty
from buildings.selectors.map_figures import municipality_map_figures
from dashboard.map_layers import LAYERS, map_config
from dashboard.selectors import AreaPage
from kantorentop.core.as_of import as_of_date
from regions.models import DesignatedArea

# The boundaries the map draws (ADR 0024): made by `manage.py build_boundaries`, committed.
BOUNDARIES_PATH = "maps/boundaries-2023.json"
# The building points' legend on the label-C layer, by the map data's `labelCDuty` ("none": no
# duty before 2023).
MAP_DUTY_LABELS = {
    **dict(LabelCDuty.choices),
    "none": _("No duty (before 2023)"),
}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def municipality_figures(request: HttpRequest) -> JsonResponse:
    """`GET /kaart/gemeenten.json?datum=DD-MM-JJJJ`: per municipality code its name, stock m2
    and the percentages the map colours by (null when unknown); a date that cannot be read is a
    400, as for the buildings' map data."""
    on, error = as_of_date(request)
    if error:
        return JsonResponse({"errors": error}, status=400)
    figures = municipality_map_figures(on=on)
    return JsonResponse(
        {
            "on": on.isoformat(),
            "municipalities": {
                f.code: {
                    "name": f.name,
                    "stockM2": f.stock_m2,
                    "vacancyPercentage": _number(f.vacancy_percentage),
                    "structurallyVacant": f.structurally_vacant,
                    "structuralPercentage": _number(f.structural_percentage),
                    "goPercentage": _number(f.go_percentage),
                    "nonCompliantPercentage": _number(f.non_compliant_percentage),
                }
                for f in figures
            },
        }
    )


def map_context(
    *, page: AreaPage, on: datetime.date, area_query: QueryDict, sees_buildings: bool
) -> dict[str, object]:
    """The area page's map: the boundaries the portal serves, the municipalities' figures on
    the page's date, the area to frame (a designated area: its municipality), the layers and,
    for who may see the area's buildings, their map data."""
    focus_kind, focus_code = page.area.kind, page.area.code
    if isinstance(page.row, DesignatedArea):
        focus_kind, focus_code = "municipality", page.row.municipality.code
    figures_url = reverse("dashboard:map-municipalities")
    if on != timezone.localdate():
        figures_url += "?" + urlencode({"datum": on.strftime("%d-%m-%Y")})
    return {
        "map_tile_url": settings.MAP_TILE_URL,
        "map_data_url": reverse("dashboard:map-data") + "?" + area_query.urlencode()
        if sees_buildings
        else "",
        "map_duty_labels": MAP_DUTY_LABELS,
        "map_layers": LAYERS,
        "map_config": map_config(),
        "map_boundaries_url": static(BOUNDARIES_PATH),
        "map_figures_url": figures_url,
        "map_focus_kind": focus_kind,
        "map_focus_code": focus_code,
    }
