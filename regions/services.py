"""Writes for the regions app: the yearly re-import of the CBS municipality table, and the
registration of new office developments (development control)."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Model
from django.utils.translation import gettext as _

from kantorentop.accounts.scopes import scope_for_user
from kantorentop.core.audit import audit_record_many
from regions.choices import NO_NEW_OFFICE_KINDS, DevelopmentStatus
from regions.models import DesignatedArea, DevelopmentProject, Municipality, Province

MUNICIPALITY_CODE_RE = re.compile(r"^GM\d{4}$")
REQUIRED_COLUMNS = ("code", "name", "province_code")
OPTIONAL_COLUMNS = ("successor_code",)


@dataclass(frozen=True)
class MunicipalityRow:
    """One row of a CBS municipality table. `line` is the line in the file (header = line 1).

    A row with a `successor_code` describes a municipality that merged into that successor; a row
    without one is a municipality that exists on the effective date.
    """

    line: int
    code: str
    name: str
    province_code: str
    successor_code: str = ""


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


def municipality_table_parse(*, text: str) -> list[MunicipalityRow]:
    """Parse a CBS municipality table: CSV with the columns code, name, province_code and an
    optional successor_code, separated by commas or semicolons, with or without a BOM.

    Only the shape is checked here; `municipalities_import` validates the content.
    """
    text = text.removeprefix("\ufeff")
    header_line = text.split("\n", 1)[0]
    # Names may contain commas ("Nuenen, Gerwen en Nederwetten"), the header never does.
    delimiter = ";" if ";" in header_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        raise ValidationError(_("The file is empty."), code="empty") from None
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ValidationError(
            _("The header lacks the columns: %(columns)s (found: %(found)s)."),
            code="missing_columns",
            params={"columns": ", ".join(missing), "found": ", ".join(header)},
        )
    index = {
        column: header.index(column)
        for column in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
        if column in header
    }

    rows = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        line = reader.line_num

        def value(column: str, values: list[str] = values) -> str:
            position = index.get(column)
            if position is None or position >= len(values):
                return ""
            return values[position].strip()

        rows.append(
            MunicipalityRow(
                line=line,
                code=value("code").upper(),
                name=value("name"),
                province_code=value("province_code").upper(),
                successor_code=value("successor_code").upper(),
            )
        )
    return rows


def _error(
    field: str, message: str, error_code: str, /, **params: object
) -> tuple[str, ValidationError]:
    return field, ValidationError(message, code=error_code, params=params)


def _validate_rows(
    rows: list[MunicipalityRow],
    *,
    existing: Mapping[str, Municipality],
    provinces: Mapping[str, Province],
) -> list[tuple[str, ValidationError]]:
    """Every problem of the table at once, so an officer can fix the file in one go."""
    errors: list[tuple[str, ValidationError]] = []
    if not rows:
        errors.append(_error("rows", _("The file has no municipalities."), "empty"))
        return errors

    first_line: dict[str, int] = {}
    current_codes = {row.code for row in rows if not row.successor_code}
    for row in rows:
        line = row.line
        if not MUNICIPALITY_CODE_RE.match(row.code):
            errors.append(
                _error(
                    "code",
                    _("Line %(line)s: %(code)r is not a municipality code (GM + 4 digits)."),
                    "invalid_code",
                    line=line,
                    code=row.code,
                )
            )
            continue
        if row.code in first_line:
            errors.append(
                _error(
                    "code",
                    _("Line %(line)s: %(code)s appears again (first on line %(first)s)."),
                    "duplicate_code",
                    line=line,
                    code=row.code,
                    first=first_line[row.code],
                )
            )
            continue
        first_line[row.code] = line
        known = existing.get(row.code)

        if row.successor_code:
            if row.successor_code == row.code:
                errors.append(
                    _error(
                        "successor_code",
                        _("Line %(line)s: %(code)s cannot merge into itself."),
                        "own_successor",
                        line=line,
                        code=row.code,
                    )
                )
            elif row.successor_code not in current_codes:
                errors.append(
                    _error(
                        "successor_code",
                        _(
                            "Line %(line)s: successor %(successor)s of %(code)s must be a "
                            "municipality of the file without a successor of its own."
                        ),
                        "unknown_successor",
                        line=line,
                        code=row.code,
                        successor=row.successor_code,
                    )
                )
            if known is None:
                errors.append(
                    _error(
                        "code",
                        _("Line %(line)s: %(code)s merges, but no such municipality is known."),
                        "unknown_code",
                        line=line,
                        code=row.code,
                    )
                )
            elif (
                known.dissolved_on is not None
                and known.successor is not None
                and known.successor.code != row.successor_code
            ):
                errors.append(
                    _error(
                        "successor_code",
                        _(
                            "Line %(line)s: %(code)s was already merged into %(previous)s, "
                            "not %(successor)s."
                        ),
                        "successor_changed",
                        line=line,
                        code=row.code,
                        previous=known.successor.code,
                        successor=row.successor_code,
                    )
                )
            continue

        if not row.name:
            errors.append(
                _error(
                    "name",
                    _("Line %(line)s: %(code)s has no name."),
                    "missing_name",
                    line=line,
                    code=row.code,
                )
            )
        if row.province_code not in provinces:
            errors.append(
                _error(
                    "province_code",
                    _("Line %(line)s: %(province)r is not a province code (PV20..PV31)."),
                    "unknown_province",
                    line=line,
                    province=row.province_code,
                )
            )
        if known is not None and known.dissolved_on is not None:
            errors.append(
                _error(
                    "code",
                    _(
                        "Line %(line)s: %(code)s (%(name)s) was dissolved on %(date)s; "
                        "municipality codes are never reused."
                    ),
                    "code_reused",
                    line=line,
                    code=row.code,
                    name=known.name,
                    date=known.dissolved_on.isoformat(),
                )
            )
    return errors


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
    if errors:
        by_field: dict[str, list[ValidationError]] = defaultdict(list)
        for field, error in errors:
            by_field[field].append(error)
        raise ValidationError(dict(by_field))

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


# --- development control ---------------------------------------------------------------------


def user_may_control_development(*, user: object, municipality: Municipality) -> bool:
    """Officers register developments: of the municipality, its province, or national."""
    scope = scope_for_user(user)
    return (
        scope.national
        or municipality.code in scope.municipality_codes
        or municipality.province.code in scope.province_codes
    )


def _development_validate(project: DevelopmentProject) -> None:
    """The covenant's rules for new office space, with field names for the form."""
    errors: dict[str, list[ValidationError]] = defaultdict(list)
    area: DesignatedArea | None = project.designated_area
    if area is not None:
        if area.municipality_id != project.municipality_id:
            errors["designated_area"].append(
                ValidationError(
                    _("The designated area does not lie in this municipality."),
                    code="area_outside_municipality",
                )
            )
        elif area.kind in NO_NEW_OFFICE_KINDS and project.status != DevelopmentStatus.CANCELLED:
            errors["designated_area"].append(
                ValidationError(
                    _(
                        "The covenant allows no new office m2 in restriction and "
                        "transformation areas (%(area)s is a %(kind)s area)."
                    ),
                    code="covenant_restricted_area",
                    params={"area": area.name, "kind": area.get_kind_display().lower()},
                )
            )
    if project.tenant_relocation:
        if project.building_left_behind_id is None:
            errors["building_left_behind"].append(
                ValidationError(
                    _("A tenant relocation needs the building left behind."),
                    code="required",
                )
            )
        if not (project.vision_for_left_behind or "").strip():
            errors["vision_for_left_behind"].append(
                ValidationError(
                    _("A tenant relocation needs a vision for the building left behind."),
                    code="required",
                )
            )
    if errors:
        raise ValidationError(dict(errors))
    project.full_clean(exclude=["municipality", "designated_area", "building_left_behind"])


@transaction.atomic
def development_project_create(
    *,
    user: object,
    municipality: Municipality,
    name: str,
    office_area_m2: int,
    designated_area: DesignatedArea | None = None,
    status: str = DevelopmentStatus.PLANNED,
    expected_completion: datetime.date | None = None,
    tenant_relocation: bool = False,
    building_left_behind: Model | None = None,
    vision_for_left_behind: str = "",
) -> DevelopmentProject:
    """Register a planned office development.

    Refused in a restriction or transformation area (the covenant's reason; a database trigger
    refuses it too); a tenant relocation needs the building left behind and a vision for it.
    """
    if not user_may_control_development(user=user, municipality=municipality):
        raise PermissionDenied(_("Only officers of this area may register developments."))
    project = DevelopmentProject(
        name=name,
        municipality=municipality,
        designated_area=designated_area,
        office_area_m2=office_area_m2,
        status=status,
        expected_completion=expected_completion,
        tenant_relocation=tenant_relocation,
        # By id: regions imports no buildings model (import-linter), so the type is Model.
        building_left_behind_id=None if building_left_behind is None else building_left_behind.pk,
        vision_for_left_behind=vision_for_left_behind,
    )
    _development_validate(project)
    project.save()
    return project


@transaction.atomic
def development_project_update(
    *, project: DevelopmentProject, user: object, **fields: object
) -> DevelopmentProject:
    """Change a development (status, area, m2, ...) under the same rules as registration."""
    allowed = {
        "name",
        "designated_area",
        "office_area_m2",
        "status",
        "expected_completion",
        "tenant_relocation",
        "building_left_behind",
        "vision_for_left_behind",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"development_project_update() got unknown fields: {sorted(unknown)}")
    project = DevelopmentProject.objects.select_for_update().get(pk=project.pk)
    if not user_may_control_development(user=user, municipality=project.municipality):
        raise PermissionDenied(_("Only officers of this area may change developments."))
    for field_name, value in fields.items():
        setattr(project, field_name, value)
    _development_validate(project)
    project.save()
    return project
