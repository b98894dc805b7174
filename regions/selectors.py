"""Reads of the regions app for the statistics engine, the API and the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from kantorentop.accounts.scopes import Scope
from regions.models import (
    DesignatedArea,
    DevelopmentProject,
    Municipality,
    OfficeRegion,
    Province,
    RegionalVision,
)

type AreaKind = Literal["nation", "province", "officeRegion", "municipality", "designatedArea"]
AREA_KINDS: tuple[str, ...] = (
    "nation",
    "province",
    "officeRegion",
    "municipality",
    "designatedArea",
)
NATION_CODE = "NL"


@dataclass(frozen=True)
class Area:
    """An area by kind and code: the CBS code of a province or municipality, the slug of an office
    region, the id of a designated area, or NL for the nation. The one area type of statistics,
    the covenant rule, the API and the pages."""

    kind: AreaKind
    code: str
    name: str


NATION = Area(kind="nation", code=NATION_CODE, name="Nederland")

type AreaRow = Province | OfficeRegion | Municipality | DesignatedArea


def _invalid(
    field: str, message: str, *, error_code: str = "unknown_area", **params: str
) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=error_code, params=params)})


def area_resolve(*, kind: str, code: str) -> AreaRow | None:
    """The row of the area that an API or dashboard parameter names, None for the nation (it has
    no row): `kind` is one of AREA_KINDS, `code` the CBS code (PV.., GM..), the office region's
    slug, the designated area's id, or NL (or empty) for the nation.

    Dissolved municipalities resolve too, so old references stay readable.
    """
    code = code.strip()
    if kind == "nation":
        if code and code.upper() != NATION_CODE:
            raise _invalid("code", _("The nation's code is NL, not %(code)r."), code=code)
        return None
    row: AreaRow | None
    if kind == "province":
        row = Province.objects.filter(code=code.upper()).first()
    elif kind == "municipality":
        row = Municipality.objects.select_related("province").filter(code=code.upper()).first()
    elif kind == "officeRegion":
        row = OfficeRegion.objects.filter(slug=code.lower()).first()
    elif kind == "designatedArea":
        row = DesignatedArea.objects.filter(pk=int(code)).first() if code.isdigit() else None
        if row is None:
            raise _invalid("code", _("No designated area with id %(code)r."), code=code)
    else:
        raise _invalid(
            "kind",
            _("Unknown area kind %(kind)r; expected one of: %(kinds)s."),
            error_code="unknown_kind",
            kind=kind,
            kinds=", ".join(AREA_KINDS),
        )
    if row is None:
        raise _invalid("code", _("No %(kind)s with code %(code)r."), kind=kind, code=code)
    return row


def area_of(row: AreaRow | None) -> Area:
    """The Area of a resolved row (None: the nation)."""
    if isinstance(row, Province):
        return Area(kind="province", code=row.code, name=row.name)
    if isinstance(row, Municipality):
        return Area(kind="municipality", code=row.code, name=row.name)
    if isinstance(row, OfficeRegion):
        return Area(kind="officeRegion", code=row.slug, name=row.name)
    if isinstance(row, DesignatedArea):
        return Area(kind="designatedArea", code=str(row.pk), name=row.name)
    return NATION


def area_for(kind: str, code: str) -> Area:
    """Resolve an area from its kind and code; an unknown kind or code is a ValidationError."""
    return area_of(area_resolve(kind=kind, code=code))


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


@dataclass(frozen=True)
class TargetSetting:
    """The vacancy rate an area aims at (its frictional setting, in percent), the year by
    which it aims to reach it (None: no year), and whether both are an office region's (False:
    the default of an area of several regions or outside any, which has no year to set)."""

    percentage: Decimal
    target_year: int | None
    of_region: bool = False


def target_setting_of(row: AreaRow | None) -> TargetSetting:
    """The target of a resolved area row (domain spec, "The way to the target"): an office region's
    own frictional setting and its vision's target year; a municipality's and a designated area's
    those of its office region; the default (5%, no year) for an area of several regions (a
    province, the nation) and for a municipality outside any region."""
    default = TargetSetting(Decimal(settings.DEFAULT_FRICTIONAL_VACANCY_PERCENTAGE), None)
    municipality = row.municipality if isinstance(row, DesignatedArea) else row
    region = row if isinstance(row, OfficeRegion) else None
    if isinstance(municipality, Municipality):
        region = municipality.office_region
    if region is None:
        return default
    vision = RegionalVision.objects.filter(office_region=region).only("target_year").first()
    return TargetSetting(
        region.frictional_vacancy_percentage,
        vision.target_year if vision else None,
        of_region=True,
    )


def area_target_setting(*, area: Area) -> TargetSetting:
    """The target of an area (see `target_setting_of`); an unknown area is a ValidationError."""
    return target_setting_of(area_resolve(kind=area.kind, code=area.code))


def provinces_listed() -> QuerySet[Province]:
    """The provinces by CBS code."""
    return Province.objects.order_by("code")


def municipalities_listed() -> QuerySet[Municipality]:
    """Every municipality, dissolved ones included, by CBS code, with its province and office
    region."""
    return Municipality.objects.select_related("province", "office_region").order_by("code")


def office_regions_listed() -> QuerySet[OfficeRegion]:
    """The office regions by slug, each with its current municipalities by CBS code as
    `current_municipalities` (one query for all of them)."""
    return OfficeRegion.objects.prefetch_related(
        Prefetch(
            "municipalities",
            queryset=Municipality.objects.filter(dissolved_on__isnull=True).order_by("code"),
            to_attr="current_municipalities",
        )
    ).order_by("slug")


def developments_visible_to(scope: Scope) -> QuerySet[DevelopmentProject]:
    """Developments in the actor's area: national, provincial or municipal; none for others."""
    return (
        DevelopmentProject.objects.visible_to(scope)
        .select_related("municipality", "designated_area", "building_left_behind")
        .order_by("-created_at", "-pk")
    )
