"""Building a record from one parsed BAG object element (a `bagObject`'s child, or a relation).

Each builder returns None for an occurrence that is not current on the extract's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from buildings.bag.geometry import poslist_centroid
from buildings.bag.records import (
    UNKNOWN_BOUWJAAR,
    GemeenteWoonplaats,
    Nummeraanduiding,
    OpenbareRuimte,
    Pand,
    RdPoint,
    Record,
    Verblijfsobject,
    Woonplaats,
)

_ENDS_REGISTRATION = {
    "eindRegistratie",
    "tijdstipInactief",
    "tijdstipInactiefLV",
    "tijdstipNietBagLV",
}


class _LocalNames(dict[Any, str]):
    """Local names of qualified tags, each worked out once: parsing asks for every element's."""

    def __missing__(self, tag: Any) -> str:
        local = tag.rpartition("}")[2] if isinstance(tag, str) else ""
        if len(self) < 10_000:  # a hostile file with endless distinct tags cannot grow it
            self[tag] = local
        return local


LOCAL = _LocalNames()


def _children(elem: Any) -> Iterator[tuple[str, Any]]:
    for child in elem:
        local = LOCAL[child.tag]
        if local:
            yield local, child


def _text(elem: Any) -> str:
    return (elem.text or "").strip()


def _refs(elem: Any) -> list[str]:
    """The ids in a reference element (`maaktDeelUitVan` holds one `PandRef` per pand)."""
    return [_text(ref) for _, ref in _children(elem)]


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text[:10])


def _current_begin(voorkomen: Any, date: dt.date) -> dt.date | None:
    """The occurrence's begin date if it is current on `date`, else None."""
    begin = end = None
    for node in voorkomen.iter():
        local = LOCAL[node.tag]
        if local == "beginGeldigheid":
            begin = _date(_text(node))
        elif local == "eindGeldigheid":
            end = _date(_text(node))
        elif local in _ENDS_REGISTRATION and _text(node):
            return None
    if begin is None or begin > date or (end is not None and end <= date):
        return None
    return begin


def _point(geometry: Any) -> RdPoint | None:
    """A `gml:Point`'s position, or the centroid of the first `gml:posList` (a polygon)."""
    for node in geometry.iter():
        local = LOCAL[node.tag]
        if local in {"pos", "posList"} and _text(node):
            dim = int(node.get("srsDimension") or _dimension(geometry) or 2)
            if local == "pos":
                values = _text(node).split()
                return RdPoint(float(values[0]), float(values[1]))
            return RdPoint(*poslist_centroid(_text(node), dim))
    return None


def _dimension(geometry: Any) -> str | None:
    for node in geometry.iter():
        if node.get("srsDimension"):
            return node.get("srsDimension")
    return None


def _fields(elem: Any, date: dt.date) -> dict[str, Any] | None:
    """Direct children by local name (repeated ones as lists), or None if not current."""
    fields: dict[str, Any] = {}
    for local, child in _children(elem):
        if local == "voorkomen":
            begin = _current_begin(child, date)
            if begin is None:
                return None
            fields["begin"] = begin
        elif local == "geometrie":
            fields["point"] = _point(child)
        elif local in {"gebruiksdoel"}:
            fields.setdefault(local, []).append(_text(child))
        elif local in {"maaktDeelUitVan", "heeftAlsHoofdadres", "ligtAan", "ligtIn"}:
            fields[local] = _refs(child)
        else:
            fields[local] = _text(child)
    return fields if "begin" in fields else None


def _int(value: str | None) -> int | None:
    return int(value) if value not in (None, "") else None


def pand(elem: Any, date: dt.date) -> Pand | None:
    f = _fields(elem, date)
    if f is None:
        return None
    bouwjaar = _int(f.get("oorspronkelijkBouwjaar"))
    return Pand(
        id=f["identificatie"],
        status=f["status"],
        bouwjaar=None if bouwjaar == UNKNOWN_BOUWJAAR else bouwjaar,
        begin=f["begin"],
        point=f.get("point"),
    )


def verblijfsobject(elem: Any, date: dt.date) -> Verblijfsobject | None:
    f = _fields(elem, date)
    if f is None:
        return None
    return Verblijfsobject(
        id=f["identificatie"],
        status=f["status"],
        gebruiksdoelen=tuple(f.get("gebruiksdoel", ())),
        oppervlakte=_int(f.get("oppervlakte")),
        pand_ids=tuple(f.get("maaktDeelUitVan", ())),
        hoofdadres_id=(f.get("heeftAlsHoofdadres") or [None])[0],
        begin=f["begin"],
        point=f.get("point"),
    )


def nummeraanduiding(elem: Any, date: dt.date) -> Nummeraanduiding | None:
    f = _fields(elem, date)
    if f is None:
        return None
    return Nummeraanduiding(
        id=f["identificatie"],
        huisnummer=_int(f.get("huisnummer")),
        huisletter=f.get("huisletter") or None,
        toevoeging=f.get("huisnummertoevoeging") or None,
        postcode=f.get("postcode") or None,
        status=f["status"],
        begin=f["begin"],
        openbare_ruimte_id=(f.get("ligtAan") or [None])[0],
        woonplaats_id=(f.get("ligtIn") or [None])[0],
    )


def openbare_ruimte(elem: Any, date: dt.date) -> OpenbareRuimte | None:
    f = _fields(elem, date)
    if f is None:
        return None
    return OpenbareRuimte(
        id=f["identificatie"],
        naam=f.get("naam", ""),
        type=f.get("type", ""),
        status=f["status"],
        woonplaats_id=(f.get("ligtIn") or [None])[0],
        begin=f["begin"],
    )


def woonplaats(elem: Any, date: dt.date) -> Woonplaats | None:
    f = _fields(elem, date)
    if f is None:
        return None
    return Woonplaats(
        id=f["identificatie"], naam=f.get("naam", ""), status=f["status"], begin=f["begin"]
    )


def gemeente_woonplaats(elem: Any, date: dt.date) -> GemeenteWoonplaats | None:
    """The relation if its validity period (`tijdvakgeldigheid`, end exclusive) holds `date`."""
    values: dict[str, str] = {}
    for local, child in _children(elem):
        if local in {"gerelateerdeWoonplaats", "gerelateerdeGemeente"}:
            values[local] = "".join(_text(n) for _, n in _children(child))
        elif local == "tijdvakgeldigheid":
            values.update((name, _text(node)) for name, node in _children(child))
        else:
            values[local] = _text(child)
    begin = _date(values["begindatumTijdvakGeldigheid"])
    end = (
        _date(values["einddatumTijdvakGeldigheid"])
        if values.get("einddatumTijdvakGeldigheid")
        else None
    )
    if begin > date or (end is not None and end <= date):
        return None
    return GemeenteWoonplaats(
        woonplaats_id=values["gerelateerdeWoonplaats"],
        gemeente=values["gerelateerdeGemeente"],
        status=values.get("status", ""),
        begin=begin,
        end=end,
    )


BUILDERS: dict[str, Callable[[Any, dt.date], Record | None]] = {
    "Pand": pand,
    "Verblijfsobject": verblijfsobject,
    "Nummeraanduiding": nummeraanduiding,
    "OpenbareRuimte": openbare_ruimte,
    "Woonplaats": woonplaats,
    "GemeenteWoonplaatsRelatie": gemeente_woonplaats,
}
