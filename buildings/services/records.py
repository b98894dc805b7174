"""Writes on vacancy records: one record per building per date, a second replaces the first.

History: pghistory triggers on VacancyRecord keep each replaced or deleted version
(`buildings.VacancyRecordEvent`); the context of a change names the user or API client.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buildings.choices import RecordSource
from buildings.models import EARLIEST_OBSERVATION, Building, VacancyRecord
from buildings.services.buildings import scope_may_write_building
from buildings.services.errors import OutOfScope
from kantorentop.accounts.scopes import Scope
from kantorentop.core.field_values import Errors, field_values
from kantorentop.core.templatetags.dutch import dutch_number

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from kantorentop.accounts.models import ApiClient


def history_context(*, user: Any = None, api_client: Any = None) -> pghistory.context:
    """The pghistory context that names who made a change (joins an enclosing context)."""
    metadata: dict[str, Any] = {}
    if user is not None:
        metadata["user"] = user.pk
    if api_client is not None:
        metadata["api_client"] = api_client.pk
    return pghistory.context(**metadata)


def _record_values(
    *,
    observed_on: Any,
    vacant_area_m2: Any,
    source: Any,
    lettable_floor_area_m2: int,
    today: datetime.date,
) -> tuple[dict[str, Any], Errors]:
    """The date and vacant area as the record's fields hold them, and the errors of the rules."""
    errors: Errors = {}

    def add(field: str, message: Any, code: str, **params: Any) -> None:
        errors.setdefault(field, []).append(
            ValidationError(message, code=code, params=params or None)
        )

    # A value its field cannot hold is reported by field_values and left out of `values`.
    values = field_values(VacancyRecord, errors, vacant_area_m2=vacant_area_m2)
    if "vacant_area_m2" in values:
        vacant = values["vacant_area_m2"]
        if vacant < 0:
            add("vacant_area_m2", _("The vacant area is 0 or more."), "negative")
        elif vacant > lettable_floor_area_m2:
            add(
                "vacant_area_m2",
                _("The vacant area is at most the building's lettable area of %(lettable)s m2."),
                "exceeds_lettable",
                lettable=dutch_number(lettable_floor_area_m2),
            )

    values |= field_values(VacancyRecord, errors, observed_on=observed_on)
    if "observed_on" in values:
        day = values["observed_on"]
        if day > today:
            add("observed_on", _("The observation date is not in the future."), "future")
        elif day < EARLIEST_OBSERVATION:
            add("observed_on", _("The observation date is 1 January 1990 or later."), "too_early")

    if source not in RecordSource.values:
        add(
            "source",
            _("The source is one of: %(choices)s."),
            "invalid_choice",
            choices=", ".join(RecordSource.values),
        )
    return values, errors


def vacancy_record_errors(
    *,
    observed_on: Any,
    vacant_area_m2: Any,
    source: Any,
    lettable_floor_area_m2: int,
    today: datetime.date,
) -> Errors:
    """The rules of one record (domain spec "Vacancy records"), each on its field with a code.

    The date and the vacant area are read as the record's fields read them ("100" is 100 m2,
    "2020-01-01" a date); a value a field cannot hold (10.5 m2, "2020-13-45") is `invalid`.
    """
    return _record_values(
        observed_on=observed_on,
        vacant_area_m2=vacant_area_m2,
        source=source,
        lettable_floor_area_m2=lettable_floor_area_m2,
        today=today,
    )[1]


def _building_locked_for_writing(scope: Scope, building: Building) -> Building:
    """The building locked, or OutOfScope: its lettable area is what the vacant area is checked
    against, and two saves for one building (or an import's insert, which key-share locks it)
    take turns."""
    if scope.read_only:
        raise OutOfScope()
    locked = (
        Building.objects.select_related("municipality__province")
        .select_for_update(of=("self",))
        .get(pk=building.pk)
    )
    if not scope_may_write_building(scope, locked):
        raise OutOfScope()
    return locked


@transaction.atomic
def vacancy_record_save(
    *,
    scope: Scope,
    building: Building,
    observed_on: datetime.date,
    vacant_area_m2: int,
    source: str,
    note: str = "",
    user: AbstractBaseUser | None = None,
    api_client: ApiClient | None = None,
) -> tuple[VacancyRecord, bool]:
    """Record the vacancy of a building on a date; a record for the same date is replaced.

    Returns the record and whether it was created. Saving the same values again writes nothing.
    Raises OutOfScope, or ValidationError with a message per field.
    """
    locked = _building_locked_for_writing(scope, building)
    note = note or ""
    values, errors = _record_values(
        observed_on=observed_on,
        vacant_area_m2=vacant_area_m2,
        source=source,
        lettable_floor_area_m2=locked.lettable_floor_area_m2,
        today=timezone.localdate(),
    )
    if errors:
        raise ValidationError(errors)
    observed_on, vacant_area_m2 = values["observed_on"], values["vacant_area_m2"]

    with history_context(user=user, api_client=api_client):
        record = (
            VacancyRecord.objects.select_for_update()
            .filter(building=locked, observed_on=observed_on)
            .first()
        )
        if record is None:
            record = VacancyRecord(building=locked, observed_on=observed_on)
            created = True
        elif (record.vacant_area_m2, record.source, record.note) == (vacant_area_m2, source, note):
            return record, False
        else:
            created = False
        record.vacant_area_m2 = vacant_area_m2
        record.source = source
        record.note = note
        record.recorded_by_id = None if user is None else user.pk
        record.recorded_by_client = api_client
        record.save()
        if not created:
            # The database moved the modification time (recorded_at) of the row it updated.
            record.refresh_from_db(fields=["recorded_at"])
    return record, created
