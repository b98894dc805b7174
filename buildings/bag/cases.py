"""The generator's blocks: one per rule case, then ordinary offices and homes (see plan.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Iterator

from buildings.bag.plan import (
    CASES,
    EXTRA_CASES,
    EXTRA_PREFIXES,
    IN_GEBRUIK_PND,
    IN_GEBRUIK_VBO,
    KANTOOR,
    STREETS,
    WONEN,
    Block,
    Ids,
    NumOcc,
    Occurrence,
    Options,
    PandOcc,
    VboOcc,
    _history,
)


class _Maker:
    """Makes the objects of one block, numbering them from the plan's running counters."""

    def __init__(
        self,
        options: Options,
        ids: Ids,
        counter: dict[str, int],
        rng: random.Random,
        index: int,
        case: str,
    ) -> None:
        self.options, self.ids, self.counter, self.rng = options, ids, counter, rng
        self.block = Block(case)
        col, row = index % 400, index // 400
        self.x, self.y = 150_000 + col * 80, 380_000 + row * 80

    def _next(self, kind: str) -> int:
        self.counter[kind] += 1
        return self.counter[kind]

    def pand(
        self,
        status: str = IN_GEBRUIK_PND,
        bouwjaar: int | None = None,
        before: str = "Bouw gestart",
        changes: int = 1,
    ) -> str:
        pand_id = self.ids.pand(self._next("pand"))
        offset = 35 * len(self.block.panden)
        width, depth = self.rng.randint(5, 15) * 2, self.rng.randint(5, 15) * 2
        box = (self.x + offset, self.y, self.x + offset + width, self.y + depth)
        year = bouwjaar if bouwjaar is not None else self.rng.randint(1900, 2024)
        history = _history(self.options.date, self.rng, changes)
        for occ in history:
            last = occ is history[-1]
            self.block.panden.append(
                PandOcc(pand_id, occ, status if last else before, year, box, current=last)
            )
        return pand_id

    def unit(
        self,
        pand_ids: list[str],
        uses: tuple[str, ...],
        area: int,
        status: str = IN_GEBRUIK_VBO,
        before: str = "Verblijfsobject gevormd",
        changes: int = 1,
        polygon: bool = False,
    ) -> str:
        n = self._next("vbo")
        unit_id = self.ids.vbo(n)
        address_id = self.address()
        box = next(p.box for p in self.block.panden if p.id == pand_ids[0])
        point = (
            (float(box[0] + 2), float(box[1] + 2))
            if polygon
            else (
                round(box[0] + 1 + self.rng.random(), 3),
                round(box[1] + 1 + self.rng.random(), 3),
            )
        )
        history = _history(self.options.date, self.rng, changes)
        for occ in history:
            last = occ is history[-1]
            self.block.units.append(
                VboOcc(
                    unit_id,
                    occ,
                    status if last else before,
                    uses,
                    area,
                    tuple(pand_ids),
                    address_id,
                    point,
                    polygon,
                    current=last,
                )
            )
        return unit_id

    def address(self) -> str:
        n = self._next("num")
        street = self.ids.street(1 + n % STREETS)
        letter = "abc"[n % 3] if n % 7 == 0 else None
        postcode = f"{1000 + (n // 40) % 9000}{'ABCDEFGH'[n % 8]}{'KLMNPRST'[(n // 8) % 8]}"
        begin = self.options.date - dt.timedelta(days=1000 + n % 5000)
        self.block.addresses.append(
            NumOcc(self.ids.num(n), 1 + n // STREETS, letter, postcode, street, begin)
        )
        return self.ids.num(n)


def _case(m: _Maker, case: str) -> None:  # noqa: C901 - one branch per case, read as a table
    office = (KANTOOR,)
    if case in {"office", "bouwjaar_unknown", "inactive", "unit_polygon"}:
        pand = m.pand(bouwjaar=9999 if case == "bouwjaar_unknown" else None)
        m.unit([pand], office, 1200, polygon=case == "unit_polygon")
        if case == "inactive":  # a later occurrence, withdrawn by the Kadaster: only in IA files
            last = m.block.units[-1]
            occ = Occurrence(
                last.occ.number + 1,
                m.options.date - dt.timedelta(days=5),
                inactive=dt.datetime.combine(m.options.date, dt.time(8)),
            )
            m.block.units.append(dataclasses.replace(last, occ=occ, area=7000, current=False))
    elif case in {"office_500", "too_small_499"}:
        m.unit([m.pand()], office, 500 if case == "office_500" else 499)
    elif case == "mixed_use":
        m.unit([m.pand()], (KANTOOR, "bijeenkomstfunctie"), 800)
    elif case in {"office_half", "office_minority"}:
        pand = m.pand()
        m.unit([pand], office, 600)
        m.unit([pand], (WONEN,), 600 if case == "office_half" else 601)
    elif case == "under_construction":
        m.unit(
            [m.pand(status="Bouw gestart", before="Bouwvergunning verleend")],
            office,
            2000,
            status="Verblijfsobject gevormd",
            changes=0,
        )
    elif case.startswith("placeholder_"):
        m.unit([m.pand()], office, int(case.removeprefix("placeholder_")))
    elif case == "multi_pand":
        m.unit([m.pand(), m.pand()], office, 3000)
    elif case == "demolished":
        pand = m.pand(status="Pand gesloopt", before=IN_GEBRUIK_PND)
        m.unit([pand], office, 900, status="Verblijfsobject ingetrokken", before=IN_GEBRUIK_VBO)
    elif case == "corrected":  # the first registration was corrected: same begin, new record
        m.unit([m.pand()], office, 700, changes=0)
        kept = m.block.units[-1]
        wrong = dataclasses.replace(
            kept,
            area=70,
            current=False,
            occ=dataclasses.replace(
                kept.occ, end_registration=dt.datetime.combine(kept.occ.begin, dt.time(12))
            ),
        )
        m.block.units[-1:] = [
            wrong,
            dataclasses.replace(kept, occ=dataclasses.replace(kept.occ, number=2)),
        ]


def _extra(m: _Maker, case: str) -> None:
    """The cases made only when asked (plan.EXTRA_CASES, EXTRA_PREFIXES)."""
    office = (KANTOOR,)
    kind, _, value = case.partition(":")
    if case == "placeholder_beside_office":  # the placeholder unit is not counted: 600 m2
        pand = m.pand()
        m.unit([pand], office, 600)
        m.unit([pand], office, 9999)
    elif case == "largest_office_not_largest_unit":  # a home of 550 is larger than either office
        pand = m.pand()
        m.unit([pand], office, 400)
        m.unit([pand], office, 300)
        m.unit([pand], (WONEN,), 550)
    elif kind == "pand_status":  # its unit's only occurrence begins a day after the change
        pand = m.pand(status=value, before=IN_GEBRUIK_PND)
        m.unit([pand], office, 1200, changes=0)
        begin = m.block.panden[-1].occ.begin + dt.timedelta(days=1)
        unit = m.block.units[-1]
        m.block.units[-1] = dataclasses.replace(unit, occ=Occurrence(1, begin))
    elif kind == "unit_status":
        m.unit([m.pand()], office, 1200, status=value, before=IN_GEBRUIK_VBO)
    elif kind == "area":
        m.unit([m.pand()], office, int(value))
    elif kind == "unit_ends":  # 1200 m2 until the change, 450 m2 from it
        change = m.options.date + dt.timedelta(days=int(value))
        m.unit([m.pand()], office, 1200, changes=0)
        first = m.block.units[-1]
        ended = dataclasses.replace(
            first, occ=dataclasses.replace(first.occ, end=change), current=change > m.options.date
        )
        after = dataclasses.replace(
            first, occ=Occurrence(2, change), area=450, current=change <= m.options.date
        )
        m.block.units[-1:] = [ended, after]
    elif kind == "pand_ends":  # the pand's only occurrence ends, and nothing follows it
        change = m.options.date + dt.timedelta(days=int(value))
        pand = m.pand(changes=0)
        last = m.block.panden[-1]
        m.block.panden[-1] = dataclasses.replace(
            last, occ=dataclasses.replace(last.occ, end=change), current=change > m.options.date
        )
        m.unit([pand], office, 1200)
    else:
        raise ValueError(f"unknown case {case!r}")


def _ordinary(m: _Maker, office: bool, room: int) -> None:
    pand = m.pand(changes=m.rng.randint(0, 2))
    count = min(room, m.rng.randint(1, 3) if office else m.rng.randint(1, 4))
    for _ in range(count):
        if office:
            uses = (KANTOOR,) if m.rng.random() < 0.9 else (KANTOOR, "winkelfunctie")
            m.unit([pand], uses, m.rng.randint(150, 2500), changes=m.rng.randint(0, 2))
        else:
            uses = (WONEN,) if m.rng.random() < 0.85 else ("winkelfunctie",)
            m.unit([pand], uses, m.rng.randint(40, 200), changes=m.rng.randint(0, 1))


def blocks(options: Options) -> Iterator[Block]:
    """The plan: the cases first (if asked), then ordinary blocks until `units` units."""
    ids = Ids(options.municipality)
    counter = {"pand": 0, "vbo": 0, "num": 0}
    made = index = 0
    for case in options.extra_cases:
        if case not in EXTRA_CASES and case.partition(":")[0] not in EXTRA_PREFIXES:
            raise ValueError(f"unknown case {case!r}")
    names = (CASES if options.cases else ()) + options.extra_cases
    while made < options.units:
        rng = random.Random(options.seed * 1_000_003 + index)  # noqa: S311 - test data
        case = names[index] if index < len(names) else "ordinary"
        maker = _Maker(options, ids, counter, rng, index, case)
        if index < len(CASES) and options.cases:
            _case(maker, case)
        elif index < len(names):
            _extra(maker, case)
        else:
            _ordinary(maker, rng.random() < options.office_share, options.units - made)
        made += len({u.id for u in maker.block.units})
        index += 1
        yield maker.block


__all__ = ["CASES", "blocks"]
