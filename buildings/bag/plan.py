"""What the test-data generator puts in an extract: panden, units and addresses, with history.

A plan is a stream of blocks (a pand or two with their units), each made from its own seeded
random generator, so the stream can be walked once per output file without holding it in
memory. The first blocks are one per named case (CASES), so every reading and office rule has a
pand that meets it and one that just misses it; then ordinary offices and homes follow.

Each block knows which occurrence of each object is current, so the records a reader must
return (`expected`) come from the plan itself, not from the reader's rules.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

KANTOOR, WONEN = "kantoorfunctie", "woonfunctie"
IN_GEBRUIK_PND, IN_GEBRUIK_VBO = "Pand in gebruik", "Verblijfsobject in gebruik"
STREETS = 40


@dataclass(frozen=True)
class Options:
    """Generator parameters. `office_share` is the share of ordinary blocks that are offices."""

    units: int = 200
    office_share: float = 0.1
    municipality: str = "0221"
    date: dt.date = dt.date(2026, 11, 1)
    national: bool = False
    seed: int = 13
    objects_per_file: int = 10_000
    compresslevel: int = 1
    cases: bool = True
    #: More cases after CASES (see EXTRA_CASES), for tests of one rule at a time; the default
    #: plan, and with it every count other tests rely on, stays as it is.
    extra_cases: tuple[str, ...] = ()

    @property
    def woonplaatsen(self) -> tuple[str, str]:
        return "9" + self.municipality[1:], "8" + self.municipality[1:]


@dataclass(frozen=True)
class Occurrence:
    """One `Historie:Voorkomen`: validity, registration, and inactivity (for the IA files)."""

    number: int
    begin: dt.date
    end: dt.date | None = None
    end_registration: dt.datetime | None = None
    inactive: dt.datetime | None = None

    @property
    def registered(self) -> dt.datetime:
        return dt.datetime.combine(self.begin, dt.time(9, 30))


@dataclass(frozen=True)
class PandOcc:
    id: str
    occ: Occurrence
    status: str
    bouwjaar: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in RD metres (integers: exact centroids)
    current: bool = False


@dataclass(frozen=True)
class VboOcc:
    id: str
    occ: Occurrence
    status: str
    uses: tuple[str, ...]
    area: int
    pand_ids: tuple[str, ...]
    address_id: str
    point: tuple[float, float]
    polygon: bool = False
    current: bool = False


@dataclass(frozen=True)
class NumOcc:
    id: str
    number: int
    letter: str | None
    postcode: str
    street_id: str
    begin: dt.date


@dataclass
class Block:
    """One case or ordinary pand: its occurrences, in and out of the main files."""

    case: str
    panden: list[PandOcc] = field(default_factory=list)
    units: list[VboOcc] = field(default_factory=list)
    addresses: list[NumOcc] = field(default_factory=list)


class Ids:
    """Object ids: municipality, type (10 pand, 01 unit, 20 address, 30 street), number."""

    def __init__(self, municipality: str) -> None:
        self.code = municipality

    def pand(self, n: int) -> str:
        return f"{self.code}10{n:010d}"

    def vbo(self, n: int) -> str:
        return f"{self.code}01{n:010d}"

    def num(self, n: int) -> str:
        return f"{self.code}20{n:010d}"

    def street(self, n: int) -> str:
        return f"{self.code}30{n:010d}"


def _history(date: dt.date, rng: random.Random, changes: int) -> list[Occurrence]:
    """`changes + 1` occurrences ending in a current one begun before `date`."""
    begins = sorted({date - dt.timedelta(days=rng.randint(30, 12000)) for _ in range(changes + 1)})
    while len(begins) < changes + 1:
        begins.insert(0, begins[0] - dt.timedelta(days=1))
    occurrences = []
    for i, begin in enumerate(begins):
        last = i == len(begins) - 1
        end = None if last else begins[i + 1]
        ended = None if last else dt.datetime.combine(begins[i + 1], dt.time(10))
        occurrences.append(Occurrence(i + 1, begin, end, ended))
    return occurrences


CASES = (
    "office",
    "office_500",
    "too_small_499",
    "mixed_use",
    "office_half",
    "office_minority",
    "under_construction",
    "placeholder_1",
    "placeholder_9999",
    "placeholder_999999",
    "multi_pand",
    "demolished",
    "inactive",
    "corrected",
    "bouwjaar_unknown",
    "unit_polygon",
)

# Cases made only when asked (`Options.extra_cases`). Parametric ones carry their value after a
# colon: `pand_status:<status>` (an office whose pand has that status since its last
# occurrence), `unit_status:<status>` (its office unit has that status), `area:<m2>` (one office
# unit of that area), `unit_ends:<days>` (an office unit of 1200 m2 whose occurrence ends that
# many days after the extract's date, then 450 m2), `pand_ends:<days>` (its pand's only
# occurrence ends then, with nothing after it).
EXTRA_CASES = ("placeholder_beside_office", "largest_office_not_largest_unit")
EXTRA_PREFIXES = ("pand_status", "unit_status", "area", "unit_ends", "pand_ends")
