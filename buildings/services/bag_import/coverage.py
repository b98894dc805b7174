"""Guards against an extract that would take out buildings it says nothing about.

An extract of another municipality holds none of the municipality's panden, so every building
in stock would look missing: `refuse_uncovered` stops it before the read (the extract names the
municipalities it was selected for) or, where it names none, after the read (none of its panden
lies in the municipality). `refuse_mass_withdrawal` is the second guard for "withdraw missing".
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from buildings.bag import names
from buildings.bag.errors import BagError
from buildings.bag.records import ExtractInfo
from kantorentop.core.templatetags.dutch import dutch_number
from regions.models import Municipality

#: Withdrawing more than this share of a scope's stock at once needs `force` (an administrator's).
WITHDRAW_MAX_SHARE = 0.5


def _labels(codes: list[str]) -> str:
    """The municipalities by name and code ("Doesburg (0221)"), in one query."""
    names = dict(
        Municipality.objects.filter(code__in=[f"GM{code}" for code in codes]).values_list(
            "code", "name"
        )
    )
    return ", ".join(
        f"{names[f'GM{code}']} ({code})" if f"GM{code}" in names else code for code in codes
    )


def refuse_without_panden(info: ExtractInfo) -> None:
    """A file without pand parts (the woonplaats relation, addresses only) is no pand extract.
    A lone XML part under a name of its own is of unknown kind: it is read as it is."""
    if set(info.kinds) <= set(names.KINDS) and names.PND not in info.kinds:
        raise BagError(
            _("The file holds no panden: it is not a BAG extract of buildings"), part=info.source
        )


def uncovered_message(only: str, covers: str) -> str:
    return _(
        "This extract does not cover the municipality %(municipality)s: it covers %(covers)s. "
        "Nothing was written."
    ) % {"municipality": _labels([only]), "covers": covers}


def coverage_problem(info: ExtractInfo, only: str | None) -> str | None:
    """Why the extract does not cover `only`, known from its names; None if it does or the
    names do not tell (a GeoPackage or a folder of unnamed parts: see `content_problem`)."""
    if only is None or info.national or not info.gemeenten or only in info.gemeenten:
        return None
    return uncovered_message(only, _labels(list(info.gemeenten)))


def content_problem(cursor: Any, only: str | None) -> str | None:
    """After the read: an extract of unknown reach with no pand in the municipality (no unit of
    it, none of its buildings) does not cover it."""
    if only is None:
        return None
    cursor.execute(
        """SELECT EXISTS (SELECT 1 FROM bag_unit WHERE gemeente = %(only)s)
               OR EXISTS (SELECT 1 FROM buildings_building b
                          JOIN regions_municipality m ON m.id = b.municipality_id
                          JOIN bag_pnd p ON p.id = b.bag_id
                          WHERE m.code = %(code)s)""",
        {"only": only, "code": f"GM{only}"},
    )
    if cursor.fetchone()[0]:
        return None
    return _(
        "This extract does not cover the municipality %(municipality)s: none of its panden lies "
        "in it. Nothing was written."
    ) % {"municipality": _labels([only])}


def mass_withdrawal_problem(*, stock: int, missing: int) -> str | None:
    """Why withdrawing `missing` of the `stock` buildings of the extract's municipalities is
    refused: more than WITHDRAW_MAX_SHARE of them."""
    if not missing or missing <= WITHDRAW_MAX_SHARE * stock:
        return None
    return _(
        "Withdrawing refused: %(missing)s of the %(stock)s buildings in stock are not in the "
        "extract, more than half. Is it a full extract of the municipality? An administrator "
        "can import it anyway with the option to force it. Nothing was written."
    ) % {"missing": dutch_number(missing), "stock": dutch_number(stock)}
