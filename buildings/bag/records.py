"""Typed records the BAG reader yields: one per current occurrence of a BAG object.

Identifiers stay text (16 characters with leading zeros; woonplaats and gemeente 4). Dates are
`datetime.date`. A point is RD New (EPSG:28992) metres; `wgs84` converts it (see geometry.py).
Values are as the BAG gives them: statuses verbatim, `oppervlakte` including the placeholders
1, 9999 and 999999 (the importer skips those with a reason); only `oorspronkelijkBouwjaar` 9999
becomes `None`, since it is the BAG's own spelling of "unknown".

Records are named tuples: immutable like a frozen dataclass, and made four times as fast, which
counts when the reader makes one per occurrence (millions for the national extract).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from buildings.bag.geometry import rd_to_wgs84

UNKNOWN_BOUWJAAR = 9999


class RdPoint(NamedTuple):
    """A point in RD New (EPSG:28992), metres."""

    x: float
    y: float

    @property
    def wgs84(self) -> tuple[float, float]:
        """(longitude, latitude) in WGS84."""
        return rd_to_wgs84(self.x, self.y)


class Pand(NamedTuple):
    """A pand (building): status, construction year and the centroid of its polygon."""

    id: str
    status: str
    bouwjaar: int | None
    begin: dt.date
    point: RdPoint | None


class Verblijfsobject(NamedTuple):
    """A unit: its uses, usable area (GO), the panden it lies in and its main address.

    `gemeente` is set only where the source names the municipality directly (the GeoPackage's
    `bronhouder_identificatie`); the XML extract gives it through address and woonplaats.
    """

    id: str
    status: str
    gebruiksdoelen: tuple[str, ...]
    oppervlakte: int | None
    pand_ids: tuple[str, ...]
    hoofdadres_id: str | None
    begin: dt.date
    point: RdPoint | None
    gemeente: str | None = None


class Nummeraanduiding(NamedTuple):
    """An address. The GeoPackage has no openbare ruimte ids: it names street and place instead."""

    id: str
    huisnummer: int | None
    huisletter: str | None
    toevoeging: str | None
    postcode: str | None
    status: str
    begin: dt.date
    openbare_ruimte_id: str | None
    woonplaats_id: str | None = None
    straatnaam: str | None = None
    woonplaatsnaam: str | None = None


class OpenbareRuimte(NamedTuple):
    """A public space (street): its name and the woonplaats it lies in."""

    id: str
    naam: str
    type: str
    status: str
    woonplaats_id: str | None
    begin: dt.date


class Woonplaats(NamedTuple):
    """A woonplaats (place name)."""

    id: str
    naam: str
    status: str
    begin: dt.date


class GemeenteWoonplaats(NamedTuple):
    """The Kadaster's relation of a woonplaats to its municipality, valid on the extract's date."""

    woonplaats_id: str
    gemeente: str
    status: str
    begin: dt.date
    end: dt.date | None


class ExtractInfo(NamedTuple):
    """What an extract is, known before its objects are read."""

    date: dt.date
    gemeenten: tuple[str, ...]
    kinds: tuple[str, ...]
    source: str
    #: The extract covers the whole country (`BAGNLDL-…`, parts named `9999…`).
    national: bool = False


Record = (
    Pand | Verblijfsobject | Nummeraanduiding | OpenbareRuimte | Woonplaats | GemeenteWoonplaats
)


def gemeente_by_woonplaats(relations: Iterable[GemeenteWoonplaats]) -> dict[str, str]:
    """The municipality of each woonplaats on the extract's date.

    The Kadaster's file can hold several relations of one woonplaats still open on that date
    (after a merger the old one is not always closed, e.g. 1392: 0311 since 2009, 1904 since
    2011): the latest begin wins, and on the same begin `definitief` over `voorlopig`.
    """
    best: dict[str, GemeenteWoonplaats] = {}
    for relation in relations:
        known = best.get(relation.woonplaats_id)
        rank = (relation.begin, relation.status == "definitief")
        if known is None or rank > (known.begin, known.status == "definitief"):
            best[relation.woonplaats_id] = relation
    return {woonplaats: relation.gemeente for woonplaats, relation in best.items()}
