"""Streaming one XML part of an LVBAG 2.0 extract into records.

Parsed with lxml's `iterparse`: each object is read at its end tag and then released with
everything read before it, so memory stays flat however large the part is.

An LVC extract holds every occurrence (`Historie:Voorkomen`) of every object as its own
`bagObject`. Only the current one is kept (domain spec, "The office stock from the BAG"): begun
on or before the extract's date (`StandTechnischeDatum`), no `eindGeldigheid` on or before that
date, no `eindRegistratie`, and not made inactive (`tijdstipInactief`, `tijdstipInactiefLV`,
`tijdstipNietBagLV`).
"""

from __future__ import annotations

import datetime as dt
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from buildings.bag import objects
from buildings.bag.errors import BagError, broken_xml, broken_zip, not_bag
from buildings.bag.objects import LOCAL
from buildings.bag.records import Record
from buildings.bag.sources import Part

_ROOTS = {"bagStand", "BAG-GWR-Deelbestand-LVC"}
_CONTAINERS = {"stand", "GemeenteWoonplaatsRelatieProduct"}
_RELEASE = {"bagObject", "GemeenteWoonplaatsRelatie"}
# The elements the reader acts on, in any namespace: libxml2 reports only these, so Python sees a
# few events per object instead of one per element (the tree is built whole all the same).
_TAGS = tuple(
    f"{{*}}{name}"
    for name in sorted({*_ROOTS, "StandTechnischeDatum", *objects.BUILDERS, *_RELEASE})
)


def iterparse(stream: Any, tags: tuple[str, ...] | None = None) -> Any:
    """Start and end events over a binary stream (of the given tags only, if any), without
    network access or entity expansion."""
    return etree.iterparse(  # noqa: S320 - entities, DTDs and network off
        stream,
        events=("start", "end"),
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
            yield from _records(stream, part.label)
    except BagError:
        raise
    except etree.XMLSyntaxError as exc:
        raise broken_xml(part.label, str(exc).splitlines()[0]) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise broken_zip(part.label, str(exc)) from exc
    except KeyError as exc:
        raise broken_xml(part.label, f"missing <{exc.args[0]}>") from exc
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
    raise broken_xml(part.label, "no StandTechnischeDatum")


def _check_root(root: Any, label: str) -> None:
    if LOCAL[root.tag] not in _ROOTS or "kadaster.nl/schemas/lvbag" not in root.tag:
        raise not_bag(label, f"<{LOCAL[root.tag]}>")


def _root(events: Any) -> Any:
    """The root: the first event's element, or the document's when that is not the root (a root
    outside _TAGS has no events of its own) or when no element had one."""
    first = next(events, None)
    if first is None:
        return events.root
    return first[1].getroottree().getroot()


def _records(stream: Any, label: str) -> Iterator[Record]:
    date: dt.date | None = None
    events = iterparse(stream, _TAGS)
    _check_root(_root(events), label)
    for event, elem in events:
        local = LOCAL[elem.tag]
        if event == "start":
            continue
        if local == "StandTechnischeDatum":
            date = dt.date.fromisoformat((elem.text or "").strip())
        elif local in objects.BUILDERS:
            if date is None:
                raise broken_xml(label, "objects before StandTechnischeDatum")
            record = objects.BUILDERS[local](elem, date)
            if record is not None:
                yield record
        if local in _RELEASE:
            _release(elem)


def _release(elem: Any) -> None:
    """Drop an object read and all its earlier siblings, so the tree never grows."""
    elem.clear(keep_tail=False)
    while elem.getprevious() is not None:
        del elem.getparent()[0]
