"""Streaming one XML part of an LVBAG 2.0 extract into records.

Parsed with lxml's `iterparse`: each object is read at its end tag, and every RELEASE_EVERY
objects all those read are dropped from the tree, so memory stays flat however large the part
is.

An LVC extract holds every occurrence (`Historie:Voorkomen`) of every object as its own
`bagObject`. Only the current one is kept (domain spec, "The office stock from the BAG"): begun
on or before the extract's date (`StandTechnischeDatum`), no `eindGeldigheid` on or before that
date, no `eindRegistratie`, and not made inactive (`tijdstipInactief`, `tijdstipInactiefLV`,
`tijdstipNietBagLV`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext
from lxml import etree  # type: ignore[import-untyped]

from buildings.bag import objects
from buildings.bag.errors import BagError, broken_xml, broken_zip, not_bag
from buildings.bag.objects import LOCAL
from buildings.bag.records import Record
from buildings.bag.sources import Part

_ROOTS = {"bagStand", "BAG-GWR-Deelbestand-LVC"}
_CONTAINERS = {"stand", "GemeenteWoonplaatsRelatieProduct"}
# What the parser does at each element it is told of (ROLES, by qualified tag): collect a leaf,
# build a record at an object's end (from its leaves, or from the element for the relation),
# or read the extract's date. libxml2 reports only these elements (those of the part's kind), so
# Python sees about ten events per object instead of one per element (the tree is built whole
# all the same, and released in batches).
_LEAF, _OBJECT, _ELEMENT, _DATE = range(4)


def _role(local: str) -> int | None:
    if local in objects.LEAVES:
        return _LEAF
    if local in objects.BUILDERS:
        return _OBJECT
    if local in objects.ELEMENT_BUILDERS:
        return _ELEMENT
    return _DATE if local == "StandTechnischeDatum" else None


class _Roles(dict[Any, tuple[str, int | None]]):
    """(local name, role) of each qualified tag, worked out once."""

    def __missing__(self, tag: Any) -> tuple[str, int | None]:
        local = LOCAL[tag]
        found = (local, _role(local))
        if len(self) < 10_000:
            self[tag] = found
        return found


ROLES = _Roles()
_OBJECT_OF_KIND = {
    "PND": "Pand",
    "VBO": "Verblijfsobject",
    "NUM": "Nummeraanduiding",
    "OPR": "OpenbareRuimte",
    "WPL": "Woonplaats",
    "GEM-WPL-RELATIE": "GemeenteWoonplaatsRelatie",
}


def _tags(kind: str) -> tuple[str, ...]:
    """The elements to be told of in a part of this kind (every object's, if the kind is not
    known from the part's name)."""
    names = [_OBJECT_OF_KIND[kind]] if kind in _OBJECT_OF_KIND else list(objects.LEAVES_OF)
    wanted = {"StandTechnischeDatum", *names}
    for name in names:
        wanted |= objects.LEAVES_OF[name]
    return tuple(f"{{*}}{name}" for name in sorted(wanted))


_END = ("end",)
# The objects read are dropped from the tree in batches: one slice deletion per batch costs less
# than one per object, and the tree never holds more than a batch (and what libxml2 has parsed
# ahead). Small batches: freeing 64 or 256 objects at once let the resident set creep up over the
# read (by 11 MB over 500,000 units at 256, libxml2's freed nodes fragmenting the heap); at 16 it
# stays flat, as with a release per object.
RELEASE_EVERY = 16


def iterparse(
    stream: Any,
    tags: tuple[str, ...] | None = None,
    events: tuple[str, ...] = ("start", "end"),
) -> Any:
    """Events over a binary stream (of the given tags only, if any), without network access or
    entity expansion."""
    return etree.iterparse(  # noqa: S320 - entities, DTDs and network off
        stream,
        events=events,
        tag=tags,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=True,
    )


def read_part(part: Part) -> Iterator[Record]:
    """The current records of one XML part; BagError if it is broken or not a BAG part."""
    try:
        with part.open() as stream:
            yield from _records(stream, part.label, part.kind)
    except BagError:
        raise
    except etree.XMLSyntaxError as exc:
        raise broken_xml(part.label, str(exc).splitlines()[0]) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise broken_zip(part.label, str(exc)) from exc
    except KeyError as exc:
        raise broken_xml(part.label, gettext("missing <%(tag)s>") % {"tag": exc.args[0]}) from exc
    except (ValueError, TypeError, AttributeError, IndexError) as exc:
        raise broken_xml(part.label, f"{type(exc).__name__}: {exc}") from exc


def part_date(part: Part) -> dt.date:
    """The `StandTechnischeDatum` of a part, read from its header only."""
    try:
        with part.open() as stream:
            events = iterparse(stream)
            _check_root(next(events)[1], part.label)
            for event, elem in events:
                local = LOCAL[elem.tag]
                if event == "start" and local in _CONTAINERS:
                    break
                if event == "end" and local == "StandTechnischeDatum":
                    return dt.date.fromisoformat((elem.text or "").strip())
    except BagError:
        raise
    except etree.XMLSyntaxError as exc:
        raise broken_xml(part.label, str(exc).splitlines()[0]) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise broken_zip(part.label, str(exc)) from exc
    except (ValueError, StopIteration) as exc:
        raise broken_xml(part.label, f"StandTechnischeDatum: {exc}") from exc
    raise broken_xml(part.label, gettext("no StandTechnischeDatum"))


def _check_root(root: Any, label: str) -> None:
    if LOCAL[root.tag] not in _ROOTS or "kadaster.nl/schemas/lvbag" not in root.tag:
        raise not_bag(label, f"<{LOCAL[root.tag]}>")


def _root(events: Any) -> tuple[Any, Any]:
    """The root (the first event's element's, or the document's when no element had an event:
    a root outside _TAGS has none of its own) and the events with the first one put back."""
    first = next(events, None)
    if first is None:
        return events.root, iter(())
    return first[1].getroottree().getroot(), itertools.chain((first,), events)


def _records(stream: Any, label: str, kind: str) -> Iterator[Record]:
    date: dt.date | None = None
    root, events = _root(iterparse(stream, _tags(kind), _END))
    _check_root(root, label)
    builders, element_builders, collect, roles = (
        objects.BUILDERS,
        objects.ELEMENT_BUILDERS,
        objects.collect,
        ROLES,
    )
    fields: dict[str, Any] = {}
    read = 0
    for _, elem in events:
        local, role = roles[elem.tag]
        if role == _LEAF:
            collect(fields, local, elem)
            continue
        if role == _DATE:
            date = dt.date.fromisoformat((elem.text or "").strip())
            continue
        if role is None:
            continue
        if date is None:
            raise broken_xml(label, gettext("objects before StandTechnischeDatum"))
        if role == _OBJECT:
            record = builders[local](fields, date)
        else:
            record = element_builders[local](elem, date)
        fields = {}
        read += 1
        if read % RELEASE_EVERY == 0:
            _release_before(elem)
        if record is not None:
            yield record


def _release_before(elem: Any) -> None:
    """Drop every object before this one from the tree (with the `bagObject`s holding them)."""
    unit = elem.getparent()
    if unit is None or LOCAL[unit.tag] != "bagObject":
        unit = elem
    container = unit.getparent()
    if container is not None:
        del container[: container.index(unit)]
