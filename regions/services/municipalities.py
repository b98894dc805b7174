"""The yearly re-import of the CBS municipality table: new, renamed, moved and dissolved
municipalities, and what lies in a dissolved one moving to its successor."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from kantorentop.core.audit import audit_record_many
from regions.models import Municipality, Province
from regions.services.municipality_table import MunicipalityRow, _error, _validate_rows


@dataclass(frozen=True)
class ImportSummary:
    """What one import changed."""

    created: int
    renamed: int
    moved_province: int
    dissolved: int

    def __str__(self) -> str:
        return _(
            "%(created)d created, %(renamed)d renamed, %(moved)d moved to another province, "
            "%(dissolved)d dissolved."
        ) % {
            "created": self.created,
            "renamed": self.renamed,
            "moved": self.moved_province,
            "dissolved": self.dissolved,
        }


def _vanishing_errors(vanishing: list[Municipality]) -> list[tuple[str, ValidationError]]:
    """A municipality missing from the table may not take buildings, areas or projects along."""
    errors: list[tuple[str, ValidationError]] = []
    vanishing_ids = [municipality.pk for municipality in vanishing]
    buildings = _related_counts(vanishing_ids, "buildings")
    areas = _related_counts(vanishing_ids, "designated_areas")
    projects = _related_counts(vanishing_ids, "development_projects")
    for municipality in vanishing:
        counts = {
            "buildings": buildings.get(municipality.pk, 0),
            "areas": areas.get(municipality.pk, 0),
            "projects": projects.get(municipality.pk, 0),
        }
        if any(counts.values()):
            errors.append(
                _error(
                    "successor_code",
                    _(
                        "%(code)s (%(name)s) is missing from the file but has %(buildings)d "
                        "buildings, %(areas)d designated areas and %(projects)d development "
                        "projects: list it with a successor_code so they move without being "
                        "lost."
                    ),
                    "missing_successor",
                    code=municipality.code,
                    name=municipality.name,
                    **counts,
                )
            )
    return errors


def _current_rows_apply(
    current: list[MunicipalityRow],
    existing: dict[str, Municipality],
    provinces: Mapping[str, Province],
) -> tuple[int, int, int]:
    """Create new municipalities and update names and provinces; adds the new to `existing`.
    Returns (created, renamed, moved to another province)."""
    created = renamed = moved_province = 0
    for row in current:
        province = provinces[row.province_code]
        known = existing.get(row.code)
        if known is None:
            existing[row.code] = Municipality.objects.create(
                code=row.code, name=row.name, province=province
            )
            created += 1
            continue
        municipality = known
        changed = []
        if municipality.name != row.name:
            municipality.name = row.name
            changed.append("name")
            renamed += 1
        if municipality.province_id != province.pk:
            municipality.province = province
            changed.append("province")
            moved_province += 1
        if changed:
            municipality.save(update_fields=changed)
    return created, renamed, moved_province


@transaction.atomic
def municipalities_import(
    *, rows: Iterable[MunicipalityRow], effective_on: datetime.date
) -> ImportSummary:
    """Bring the municipalities in line with a CBS table of a new year, all or nothing.

    New codes are created; changed names and provinces are updated; a municipality that is
    missing from the table, or listed with a `successor_code`, is dissolved on `effective_on`.
    Its buildings, designated areas and development projects move to the successor, and so does
    its office region membership when the successor has none. A municipality with buildings,
    designated areas or development projects cannot disappear without a successor.
    """
    rows = list(rows)
    # Lock the table: two imports at once would both decide who is dissolved.
    list(Municipality.objects.select_for_update().values_list("pk", flat=True))
    existing = {m.code: m for m in Municipality.objects.select_related("successor")}
    provinces = {province.code: province for province in Province.objects.all()}

    errors = _validate_rows(rows, existing=existing, provinces=provinces)

    current = [row for row in rows if not row.successor_code]
    successor_of = {row.code: row.successor_code for row in rows if row.successor_code}
    listed = {row.code for row in rows}
    vanishing = [
        municipality
        for code, municipality in sorted(existing.items())
        if municipality.dissolved_on is None and code not in listed
    ]
    errors += _vanishing_errors(vanishing)
    if errors:
        by_field: dict[str, list[ValidationError]] = defaultdict(list)
        for field, error in errors:
            by_field[field].append(error)
        raise ValidationError(dict(by_field))

    created, renamed, moved_province = _current_rows_apply(current, existing, provinces)

    to_dissolve = [
        existing[code] for code in sorted(successor_of) if existing[code].dissolved_on is None
    ] + vanishing
    # Counted before the buildings move: it decides which office region a successor takes over.
    building_counts = _related_counts([m.pk for m in to_dissolve], "buildings")
    for municipality in to_dissolve:
        successor_code = successor_of.get(municipality.code)
        successor = existing[successor_code] if successor_code else None
        _municipality_dissolve(
            municipality=municipality, successor=successor, effective_on=effective_on
        )
    _office_regions_pass_on(
        dissolved=to_dissolve, existing=existing, building_counts=building_counts
    )

    return ImportSummary(
        created=created,
        renamed=renamed,
        moved_province=moved_province,
        dissolved=len(to_dissolve),
    )


def _related_counts(municipality_ids: list[int], relation: str) -> dict[int, int]:
    """Number of related rows per municipality, in one grouped query (one join only)."""
    if not municipality_ids:
        return {}
    return dict(
        Municipality.objects.filter(pk__in=municipality_ids)
        .annotate(count=Count(relation))
        .values_list("pk", "count")
    )


def _municipality_dissolve(
    *, municipality: Municipality, successor: Municipality | None, effective_on: datetime.date
) -> None:
    """Mark one municipality dissolved and move what lies in it to its successor."""
    if successor is not None:
        # Set-based: one UPDATE per relation, whatever the number of buildings; the save
        # signals do not see it, so one audit event per building moved, in one INSERT.
        building_ids = list(
            municipality.buildings.select_for_update().order_by("pk").values_list("pk", flat=True)
        )
        municipality.buildings.update(municipality=successor)
        moved = [municipality.pk, successor.pk]
        audit_record_many(
            action="buildings.building.updated",
            object_type="buildings.building",
            objects=(
                (pk, {"changed": ["municipality_id"], "values": {"municipality_id": moved}})
                for pk in building_ids
            ),
        )
        municipality.development_projects.update(municipality=successor)
        taken = set(successor.designated_areas.values_list("name", flat=True))
        for area in municipality.designated_areas.all():
            if area.name in taken:
                # Keep both areas apart: the successor may already have one of that name.
                area.name = f"{area.name} ({municipality.name})"
            area.municipality = successor
            area.save(update_fields=["municipality", "name"])
            taken.add(area.name)
    municipality.dissolved_on = effective_on
    municipality.successor = successor
    municipality.save(update_fields=["dissolved_on", "successor"])


def _office_regions_pass_on(
    *,
    dissolved: list[Municipality],
    existing: Mapping[str, Municipality],
    building_counts: Mapping[int, int],
) -> None:
    """A successor without an office region takes over that of its predecessors.

    When predecessors lay in different regions, the one with the most buildings decides (ties:
    the lowest code), since the successor's buildings then mostly come from that region.
    """
    with_successor = [m for m in dissolved if m.successor is not None]
    candidates: dict[str, list[Municipality]] = defaultdict(list)
    for municipality in with_successor:
        if municipality.office_region_id is not None:
            assert municipality.successor is not None
            candidates[municipality.successor.code].append(municipality)
    for successor_code, predecessors in candidates.items():
        successor = existing[successor_code]
        if successor.office_region_id is None:
            chosen = min(predecessors, key=lambda m: (-building_counts.get(m.pk, 0), m.code))
            successor.office_region_id = chosen.office_region_id
            successor.save(update_fields=["office_region"])
    # The membership passed on: a dissolved municipality no longer counts in a region.
    Municipality.objects.filter(pk__in=[m.pk for m in dissolved]).update(office_region=None)
