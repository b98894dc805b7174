"""Reads of the regions app for the statistics engine, the API and the dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from regions.models import Municipality, OfficeRegion, Province

AREA_KINDS = ("nation", "province", "officeRegion", "municipality")
NATION_CODE = "NL"


@dataclass(frozen=True)
class Nation:
    """The whole country as an area; it has no row of its own."""

    code: str = NATION_CODE
    name: str = "Nederland"


NATION = Nation()

type Area = Nation | Province | OfficeRegion | Municipality


def _invalid(
    field: str, message: str, *, error_code: str = "unknown_area", **params: str
) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=error_code, params=params)})


def area_resolve(*, kind: str, code: str) -> Area:
    """The area that an API or dashboard parameter names: `kind` is one of AREA_KINDS, `code` the
    CBS code (PV.., GM..), the office region's slug, or NL (or empty) for the nation.

    Dissolved municipalities resolve too, so old references stay readable.
    """
    code = code.strip()
    if kind == "nation":
        if code and code.upper() != NATION_CODE:
            raise _invalid("code", _("The nation's code is NL, not %(code)r."), code=code)
        return NATION
    area: Area | None
    if kind == "province":
        area = Province.objects.filter(code=code.upper()).first()
    elif kind == "municipality":
        area = Municipality.objects.select_related("province").filter(code=code.upper()).first()
    elif kind == "officeRegion":
        area = OfficeRegion.objects.filter(slug=code.lower()).first()
    else:
        raise _invalid(
            "kind",
            _("Unknown area kind %(kind)r; expected one of: %(kinds)s."),
            error_code="unknown_kind",
            kind=kind,
            kinds=", ".join(AREA_KINDS),
        )
    if area is None:
        raise _invalid("code", _("No %(kind)s with code %(code)r."), kind=kind, code=code)
    return area


def office_region_municipality_codes(*, slug: str) -> list[str]:
    """The CBS codes of the current (not dissolved) municipalities of an office region, sorted.

    An unknown slug is a ValidationError, not an empty list, so a typo never reads as an empty
    region.
    """
    if not OfficeRegion.objects.filter(slug=slug).exists():
        raise _invalid("slug", _("No office region %(slug)r."), slug=slug)
    return list(
        Municipality.objects.filter(office_region__slug=slug, dissolved_on__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)
    )
