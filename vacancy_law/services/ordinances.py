"""Writes of vacancy ordinances: a new version per municipality, never an edit of a version a case
started under."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from buildings.services.plan_rules import user_is_municipal_officer
from regions.models import Municipality
from vacancy_law.choices import BuildingKind
from vacancy_law.models import MINIMUM_REPORTING_PERIOD_MONTHS, VacancyOrdinance
from vacancy_law.services.common import User, audit_step, field_error, user_id


def ordinance_defaults() -> dict[str, Any]:
    """The periods a new version starts from: the law's minimum for reporting (art. 3(1)), the
    settings for the rest (docs/adr/0018-leegstandwet-periods.md)."""
    return {
        "building_kinds": [BuildingKind.OFFICE.value],
        "minimum_area_m2": 0,
        "reporting_period_months": MINIMUM_REPORTING_PERIOD_MONTHS,
        "consultation_period_months": settings.LEEGSTAND_CONSULTATION_MONTHS,
        "designation_period_months": settings.LEEGSTAND_DESIGNATION_MONTHS,
        "compliance_period_months": settings.LEEGSTAND_COMPLIANCE_MONTHS,
    }


def _check(values: dict[str, Any]) -> None:
    if values["reporting_period_months"] < MINIMUM_REPORTING_PERIOD_MONTHS:
        raise field_error(
            "reporting_period_months",
            _("The reporting period is at least six months (Leegstandwet art. 3(1))."),
            "below_legal_minimum",
        )
    if BuildingKind.OFFICE.value not in values["building_kinds"]:
        raise field_error(
            "building_kinds", _("The ordinance covers offices at least."), "offices_required"
        )
    if values["in_force_from"] < values["adopted_on"]:
        raise field_error(
            "in_force_from", _("An ordinance comes into force on or after its adoption."), "early"
        )


@transaction.atomic
def vacancy_ordinance_create(
    *,
    user: User,
    municipality: Municipality,
    title: str,
    adopted_on: datetime.date,
    in_force_from: datetime.date,
    **periods: Any,
) -> VacancyOrdinance:
    """Record a version of a municipality's ordinance, by one of its officers. Periods not given
    take ordinance_defaults(); running cases keep the version they started under."""
    if not user_is_municipal_officer(user=user, municipality_id=municipality.pk):
        raise PermissionDenied(_("Only the municipality's officers record its ordinance."))
    values = {**ordinance_defaults(), **periods}
    values.update(adopted_on=adopted_on, in_force_from=in_force_from)
    _check(values)
    if VacancyOrdinance.objects.filter(
        municipality=municipality, in_force_from=in_force_from
    ).exists():
        raise field_error(
            "in_force_from",
            _("A version of this ordinance already comes into force on this date."),
            "unique",
        )
    ordinance = VacancyOrdinance(
        municipality=municipality, title=title, created_by_id=user_id(user), **values
    )
    ordinance.full_clean(exclude=["municipality", "created_by"])
    ordinance.save()
    audit_step(
        action="created",
        obj=ordinance,
        user=user,
        municipality=municipality.code,
        in_force_from=in_force_from,
    )
    return ordinance
