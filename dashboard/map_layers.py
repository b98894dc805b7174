"""The area map's choropleth layers (issue 14, item 4): what each colours a municipality by, its
classes and their legend. One home for the classes: the legend is rendered from them and the
map's script reads them (and the colours from the legend's swatches, `static/js/map.js`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class MapLayer:
    """A choropleth layer: the key of the radio button, the field of the map figures it
    colours by (a percentage) and the upper bounds of its first classes (the last class is
    everything from the last bound up)."""

    key: str
    label: StrOrPromise
    title: StrOrPromise
    field: str
    bounds: tuple[int, ...]

    def classes(self) -> list[dict[str, object]]:
        """The legend's classes, lowest first: their index and label."""
        labels = [_("under %(high)s%%") % {"high": self.bounds[0]}]
        labels += [
            _("%(low)s to %(high)s%%") % {"low": low, "high": high}
            for low, high in zip(self.bounds, self.bounds[1:], strict=False)
        ]
        labels.append(_("%(low)s%% or more") % {"low": self.bounds[-1]})
        return [{"index": index, "label": label} for index, label in enumerate(labels)]


LAYERS = (
    MapLayer(
        "vacancy",
        _("Vacancy"),
        _("Vacancy rate per municipality (% of the stock m2)"),
        "vacancyPercentage",
        (5, 10, 15, 20),
    ),
    MapLayer(
        "structural",
        _("Structural vacancy"),
        _("Structurally vacant per municipality (% of the stock m2)"),
        "structuralPercentage",
        (1, 3, 6, 10),
    ),
    MapLayer(
        "goShare",
        _("Stock on GO"),
        _("Stock on BAG usable area (GO) per municipality (% of the stock m2)"),
        "goPercentage",
        (1, 10, 25, 50),
    ),
    MapLayer(
        "labelCDuty",
        _("Label C duty"),
        _("Not meeting the label C duty per municipality (% of the stock m2)"),
        "nonCompliantPercentage",
        (5, 15, 30, 50),
    ),
)


def map_config() -> dict[str, object]:
    """What the map's script needs of the layers, for `json_script`."""
    return {
        "layers": {
            layer.key: {
                "field": layer.field,
                "bounds": list(layer.bounds),
                "label": str(layer.label),
            }
            for layer in LAYERS
        },
        "noData": str(_("no data")),
        "address": str(_("Address")),
        "area": str(_("Floor area")),
        "vacancy": str(_("Vacancy")),
        "flagged": str(_("Flagged")),
        "areaPage": str(_("Page of the municipality")),
        "municipalityUrl": reverse("dashboard:municipality", args=["GM0000"]),
        "attribution": str(_("Municipal boundaries: CBS/Kadaster (CC BY 4.0)")),
    }
