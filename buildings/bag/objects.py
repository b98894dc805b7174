"""Building a record from one BAG object: its leaves as the parser reports them, or (for the
woonplaats-gemeente relation) its element.

The parser (xmlparse.py) has libxml2 report only the leaves a record needs (LEAVES) and the
objects; `collect` puts each leaf into the object's fields by local name, and at the object's
end tag its builder makes the record, or None for an occurrence that is not current on the
extract's date. So Python touches about a dozen elements per object, not every one of them.
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

_ENDS_REGISTRATION = (
    "eindRegistratie",
    "tijdstipInactief",
    "tijdstipInactiefLV",
    "tijdstipNietBagLV",
)
_ENDED = "ended"  # the field that says one of them has a value
# How each leaf goes into the fields: its text under its name; a list (`gebruiksdoel`, one or
# more); a reference, kept in a list under the name of the element that holds it
# (`maaktDeelUitVan`, `heeftAlsHoofdadres` or `heeftAlsNevenadres`, `ligtAan`, `ligtIn`); the
# first geometry, read only if the record uses it; or the mark that the registration ended.
_TEXT, _LIST, _REF, _GEOMETRY, _END = range(5)
_ROLES = {
    **dict.fromkeys(
        (
            "identificatie",
            "status",
            "beginGeldigheid",
            "eindGeldigheid",
            "oorspronkelijkBouwjaar",
            "oppervlakte",
            "huisnummer",
            "huisletter",
            "huisnummertoevoeging",
            "postcode",
            "naam",
            "type",
        ),
        _TEXT,
    ),
    "gebruiksdoel": _LIST,
    **dict.fromkeys(("PandRef", "NummeraanduidingRef", "OpenbareRuimteRef", "WoonplaatsRef"), _REF),
    **dict.fromkeys(("pos", "posList"), _GEOMETRY),
    **dict.fromkeys(_ENDS_REGISTRATION, _END),
}
#: Every leaf a builder reads, by local name.
LEAVES = frozenset(_ROLES)
_OCCURRENCE = ("identificatie", "status", "beginGeldigheid", "eindGeldigheid", *_ENDS_REGISTRATION)
#: The leaves each object's builder reads: a part of one kind asks libxml2 for these only (the
#: fewer names it matches every element against, the faster it parses).
LEAVES_OF = {
    "Pand": frozenset({*_OCCURRENCE, "oorspronkelijkBouwjaar", "pos", "posList"}),
    "Verblijfsobject": frozenset(
        {*_OCCURRENCE, "gebruiksdoel", "oppervlakte", "PandRef", "NummeraanduidingRef"}
        | {"pos", "posList"}
    ),
    "Nummeraanduiding": frozenset(
        {*_OCCURRENCE, "huisnummer", "huisletter", "huisnummertoevoeging", "postcode"}
        | {"OpenbareRuimteRef", "WoonplaatsRef"}
    ),
    "OpenbareRuimte": frozenset({*_OCCURRENCE, "naam", "type", "WoonplaatsRef"}),
    "Woonplaats": frozenset({*_OCCURRENCE, "naam"}),
    "GemeenteWoonplaatsRelatie": frozenset(),
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


def collect(fields: dict[str, Any], local: str, elem: Any) -> None:
    """Put one leaf of the object being read into its fields."""
    role = _ROLES[local]
    if role == _TEXT:
        fields[local] = (elem.text or "").strip()
    elif role == _REF:
        fields.setdefault(LOCAL[elem.getparent().tag], []).append((elem.text or "").strip())
    elif role == _LIST:
        fields.setdefault(local, []).append((elem.text or "").strip())
    elif role == _GEOMETRY:
        fields.setdefault("geometry", elem)
    elif (elem.text or "").strip():
        fields[_ENDED] = True


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text[:10])


def _current(fields: dict[str, Any], date: dt.date) -> dt.date | None:
    """The occurrence's begin date if it is current on `date`, else None."""
    begin = _date(fields["beginGeldigheid"]) if "beginGeldigheid" in fields else None
    end = _date(fields["eindGeldigheid"]) if fields.get("eindGeldigheid") else None
    if _ENDED in fields:
        return None
    if begin is None or begin > date or (end is not None and end <= date):
        return None
    return begin


def _current_begin(voorkomen: Any, date: dt.date) -> dt.date | None:
    """`_current` for a `Historie:Voorkomen` element (its leaves collected as the parser does)."""
    fields: dict[str, Any] = {}
    for node in voorkomen.iter():
        local = LOCAL[node.tag]
        if local in LEAVES:
            collect(fields, local, node)
    return _current(fields, date)


def _dimension(node: Any) -> int:
    """srsDimension of a `posList`, given on it or on the geometry around it (2 if nowhere)."""
    for elem in (node, *node.iterancestors()):
        value = elem.get("srsDimension")
        if value:
            return int(value)
        if LOCAL[elem.tag] == "geometrie":
            break
    return 2


def _point(node: Any) -> RdPoint | None:
    """A `gml:pos`, or the centroid of a `gml:posList` (a polygon's exterior ring)."""
    if node is None:
        return None
    text = _text(node)
    if not text:
        return None
    if LOCAL[node.tag] == "pos":
        values = text.split()
        return RdPoint(float(values[0]), float(values[1]))
    return RdPoint(*poslist_centroid(text, _dimension(node)))


def _int(value: str | None) -> int | None:
    return int(value) if value not in (None, "") else None


def pand(f: dict[str, Any], date: dt.date) -> Pand | None:
    begin = _current(f, date)
    if begin is None:
        return None
    bouwjaar = _int(f.get("oorspronkelijkBouwjaar"))
    return Pand(
        id=f["identificatie"],
        status=f["status"],
        bouwjaar=None if bouwjaar == UNKNOWN_BOUWJAAR else bouwjaar,
        begin=begin,
        point=_point(f.get("geometry")),
    )


def verblijfsobject(f: dict[str, Any], date: dt.date) -> Verblijfsobject | None:
    begin = _current(f, date)
    if begin is None:
        return None
    return Verblijfsobject(
        id=f["identificatie"],
        status=f["status"],
        gebruiksdoelen=tuple(f.get("gebruiksdoel", ())),
        oppervlakte=_int(f.get("oppervlakte")),
        pand_ids=tuple(f.get("maaktDeelUitVan", ())),
        hoofdadres_id=(f.get("heeftAlsHoofdadres") or [None])[0],
        begin=begin,
        point=_point(f.get("geometry")),
    )


def nummeraanduiding(f: dict[str, Any], date: dt.date) -> Nummeraanduiding | None:
    begin = _current(f, date)
    if begin is None:
        return None
    return Nummeraanduiding(
        id=f["identificatie"],
        huisnummer=_int(f.get("huisnummer")),
        huisletter=f.get("huisletter") or None,
        toevoeging=f.get("huisnummertoevoeging") or None,
        postcode=f.get("postcode") or None,
        status=f["status"],
        begin=begin,
        openbare_ruimte_id=(f.get("ligtAan") or [None])[0],
        woonplaats_id=(f.get("ligtIn") or [None])[0],
    )


def openbare_ruimte(f: dict[str, Any], date: dt.date) -> OpenbareRuimte | None:
    begin = _current(f, date)
    if begin is None:
        return None
    return OpenbareRuimte(
        id=f["identificatie"],
        naam=f.get("naam", ""),
        type=f.get("type", ""),
        status=f["status"],
        woonplaats_id=(f.get("ligtIn") or [None])[0],
        begin=begin,
    )


def woonplaats(f: dict[str, Any], date: dt.date) -> Woonplaats | None:
    begin = _current(f, date)
    if begin is None:
        return None
    return Woonplaats(
        id=f["identificatie"], naam=f.get("naam", ""), status=f["status"], begin=begin
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


#: Builders from an object's collected fields, by the object's local name.
BUILDERS: dict[str, Callable[[dict[str, Any], dt.date], Record | None]] = {
    "Pand": pand,
    "Verblijfsobject": verblijfsobject,
    "Nummeraanduiding": nummeraanduiding,
    "OpenbareRuimte": openbare_ruimte,
    "Woonplaats": woonplaats,
}
#: Builders from the element itself (the relation's leaves are nested and few).
ELEMENT_BUILDERS: dict[str, Callable[[Any, dt.date], Record | None]] = {
    "GemeenteWoonplaatsRelatie": gemeente_woonplaats,
}
