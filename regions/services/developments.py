"""Development control: registering and changing office developments."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from kantorentop.accounts.scopes import scope_for_user
from regions.choices import NO_NEW_OFFICE_KINDS, DevelopmentStatus
from regions.models import DesignatedArea, DevelopmentProject, Municipality


def user_may_control_development(*, user: object, municipality: Municipality) -> bool:
    """Officers register developments: of the municipality, its province, or national."""
    scope = scope_for_user(user)
    return scope.covers(
        municipality_code=municipality.code, province_code=municipality.province.code
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
                        "transformation areas (%(area)s is a %(kind)s)."
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
    project.full_clean(
        exclude=[
            "municipality",
            "designated_area",
            "building_left_behind",
            "registered_by",
            "registered_by_client",
        ]
    )


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
    Records who registered it: the officer, or the API client of a key.
    """
    if not user_may_control_development(user=user, municipality=municipality):
        raise PermissionDenied(_("Only officers of this area may register developments."))
    project = DevelopmentProject(
        # Who registered it: a portal user, or the API client of a key (an ApiClientUser, which
        # has no pk of its own and names its client).
        registered_by_id=getattr(user, "pk", None),
        registered_by_client=getattr(user, "api_client", None),
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
