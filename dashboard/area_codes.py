"""How the pages name an area: its page's URL, the buildings table's filter for it, and the code
the comparison page takes (`?gebied=`; docs/adr/0021-explore-areas.md).

Codes: `NL` for the nation, the CBS code of a province (`PV27`) or municipality (`GM0363`), the
slug of an office region (`amsterdam`), `DA` and the id of a designated area (`DA3`).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.urls import reverse

from kantorentop.core.as_of import date_query
from regions.selectors import NATION_CODE

DESIGNATED_PREFIX = "DA"

# The buildings table's query key for each kind of area (the nation needs none).
FILTER_KEYS = {
    "province": "province",
    "officeRegion": "officeRegion",
    "municipality": "municipality",
    "designatedArea": "designatedArea",
}

_PAGE_NAMES = {
    "province": "dashboard:province",
    "officeRegion": "dashboard:office-region",
    "municipality": "dashboard:municipality",
    "designatedArea": "dashboard:designated-area",
}


def compare_code(kind: str, code: str) -> str:
    """The comparison page's code of an area (`code` as `buildings.selectors.areas.Area` has
    it: the id of a designated area)."""
    if kind == "designatedArea":
        return f"{DESIGNATED_PREFIX}{code}"
    if kind == "nation":
        return NATION_CODE
    return code


@functools.cache
def _page_prefix(kind: str) -> str:
    # Every area page's URL is a fixed prefix and the code: reversed once per kind and process.
    if kind == "nation":
        return reverse("dashboard:nation")
    marker = "1" if kind == "designatedArea" else "x"
    return reverse(_PAGE_NAMES[kind], args=[marker]).removesuffix(marker)


@dataclass(frozen=True)
class AreaLinks:
    """The links of a page on one date. A page links hundreds of figures (a province's child
    tables): the date's part of the query, which asks the time zone for today, is made once."""

    query: str

    @classmethod
    def on(cls, on: datetime.date | None) -> AreaLinks:
        return cls(date_query(on) if on is not None else "")

    def page(self, kind: str, code: str) -> str:
        """The URL of an area's page."""
        url = _page_prefix(kind) if kind == "nation" else _page_prefix(kind) + code
        return f"{url}?{self.query}" if self.query else url

    def figure(self, kind: str, code: str, figure: str) -> str:
        """The buildings table filtered to the buildings behind a key figure of an area."""
        parts = [f"{FILTER_KEYS[kind]}={code}"] if kind in FILTER_KEYS else []
        parts.append(f"figure={figure}")
        if self.query:
            parts.append(self.query)
        return _buildings_url() + "?" + "&".join(parts)


@functools.cache
def _buildings_url() -> str:
    return reverse("dashboard:buildings")
