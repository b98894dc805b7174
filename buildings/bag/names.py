"""What each file of a Kadaster LVBAG 2.0 extract is, from its name alone.

A delivery is `BAGNLDL-<ddmmyyyy>.zip` (national) or `BAGGEM<code>L-<ddmmyyyy>.zip` (one
municipality). It holds `Leveringsdocument-BAG-Extract.xml`, one zip per object type
(`<code><TYPE><ddmmyyyy>.zip`, with XML parts `<code><TYPE><ddmmyyyy>-000001.xml`, …), the
woonplaats-gemeente relation (`GEM-WPL-RELATIE-<ddmmyyyy>.zip`), and zips of inactive, under
investigation and non-BAG objects (`<code>Inactief…`, `<code>InOnderzoek…`, `<code>NietBag…`, with
parts `<code>IA<TYPE>…`, `IO…`, `NB…`). Those last three hold nothing current: they are skipped.
"""

from __future__ import annotations

import re

PND, VBO, NUM, OPR, WPL, GWR = "PND", "VBO", "NUM", "OPR", "WPL", "GEM-WPL-RELATIE"
#: Every kind the reader yields, in the order it reads them: places before streets before
#: addresses, panden before their units, so an importer can build its lookups as it goes.
KINDS = (WPL, GWR, OPR, NUM, PND, VBO)
DELIVERY = "delivery"
LEVERINGSDOCUMENT = "Leveringsdocument-BAG-Extract.xml"

_DELIVERY = re.compile(r"^BAG(NLDL|GEM\d{4}L)-\d{8}\.zip$", re.IGNORECASE)
_OBJECTS = re.compile(
    r"^\d{4}(?P<extra>IA|IO|NB)?(?P<kind>PND|VBO|NUM|OPR|WPL|LIG|STA)\d{8}[^/]*\.(zip|xml)$",
    re.IGNORECASE,
)
_SKIPPED_CONTAINER = re.compile(r"^\d{4}(Inactief|InOnderzoek|NietBag)\d{8}\.zip$", re.IGNORECASE)
_GWR = re.compile(r"^GEM-WPL-RELATIE-\d{8}[^/]*\.(zip|xml)$", re.IGNORECASE)


def basename(name: str) -> str:
    """The last part of a zip member name or path."""
    return name.rstrip("/").rsplit("/", 1)[-1]


def classify(name: str) -> str | None:
    """The kind of a file or zip member: one of KINDS, DELIVERY, or None for what is skipped.

    Known but unused parts (ligplaatsen, standplaatsen, inactive, under investigation, not BAG)
    and anything else (`__MACOSX/`, `.DS_Store`) are None.
    """
    if "__MACOSX" in name:
        return None
    base = basename(name)
    if _DELIVERY.match(base):
        return DELIVERY
    if _GWR.match(base):
        return GWR
    found = _OBJECTS.match(base)
    if found and not found["extra"] and found["kind"].upper() in KINDS:
        return found["kind"].upper()
    return None


def is_bag_name(name: str) -> bool:
    """Whether a BAG delivery uses this name, read or skipped (tells a BAG zip from others)."""
    base = basename(name)
    return bool(
        base == LEVERINGSDOCUMENT
        or _DELIVERY.match(base)
        or _GWR.match(base)
        or _OBJECTS.match(base)
        or _SKIPPED_CONTAINER.match(base)
    )


def order(kind: str) -> int:
    """The reading order of a kind (deliveries first: they hold the rest)."""
    return -1 if kind == DELIVERY else KINDS.index(kind)
