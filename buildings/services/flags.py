"""The lifecycle of structural-vacancy flags: the flag job, plan submission and dismissal.

The job keeps the flags in line with the covenant rule on an as-of date (domain spec, "Flag
lifecycle"): qualifying buildings without an active flag get an open flag, active flags of
buildings that no longer qualify are resolved with the first reason that applies. Flags move
forward in time, so a run for a date before the latest run is refused.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buildings.choices import ACTIVE_FLAG_STATUSES, FlagResolution, FlagStatus
from buildings.models import FlagRun, StructuralVacancyFlag
from buildings.selectors.structural_vacancy import (
    IN_STOCK_SQL,
    RULE_PARAMS_SQL,
    rule_params,
    rule_state_sql,
)
from buildings.services.flag_notifications import flag_created_notifications_send

# pg_advisory_xact_lock key of the flag job ("KTFL"): overlapping runs wait for each other.
FLAG_JOB_LOCK_KEY = 0x4B54464C
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class FlagRunSummary:
    """What one run of the flag job did, and how many flags are active after it."""

    as_of: datetime.date
    created: int
    resolved: int
    active: int
    created_ids: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return f"created {self.created}, resolved {self.resolved}, active {self.active}"


# Both statements are composed of constant SQL fragments; every value is a query parameter.
_CREATE_SQL = f"""
    WITH {RULE_PARAMS_SQL}, qualifying AS ({rule_state_sql(met=True)})
    INSERT INTO buildings_structuralvacancyflag (
        building_id, status, vacant_since, flagged_on, resolution, dismissal_reason,
        created_at, updated_at
    )
    SELECT q.building_id, %s, q.vacant_since, p.d, '', '', %s, statement_timestamp()
    FROM qualifying q CROSS JOIN p
    WHERE NOT EXISTS (
        SELECT 1 FROM buildings_structuralvacancyflag f
        WHERE f.building_id = q.building_id AND f.status = ANY(%s)
    )
    -- An officer's dismissal holds for the vacancy run it was about; a new run is flagged anew.
    AND NOT EXISTS (
        SELECT 1 FROM buildings_structuralvacancyflag f
        WHERE f.building_id = q.building_id AND f.status = 'dismissed'
          AND f.vacant_since = q.vacant_since
    )
    ORDER BY q.building_id
    RETURNING id
"""  # noqa: S608

_RESOLVE_SQL = f"""
    WITH {RULE_PARAMS_SQL}, qualifying AS ({rule_state_sql(met=True)})
    UPDATE buildings_structuralvacancyflag f
    SET status = %s,
        resolved_on = p.d,
        updated_at = statement_timestamp(),
        resolution = CASE
            WHEN NOT ({IN_STOCK_SQL}) THEN %s
            WHEN b.lettable_floor_area_m2 < p.min_area THEN %s
            ELSE %s
        END
    FROM p, buildings_building b
    WHERE b.id = f.building_id
      AND f.status = ANY(%s)
      AND NOT EXISTS (SELECT 1 FROM qualifying q WHERE q.building_id = f.building_id)
    RETURNING f.id
"""  # noqa: S608

_ACTIVE = [str(status) for status in ACTIVE_FLAG_STATUSES]


def _latest_run_date() -> datetime.date | None:
    latest: datetime.date | None = FlagRun.objects.aggregate(latest=Max("as_of"))["latest"]
    return latest


@transaction.atomic
def structural_vacancy_flags_update(*, as_of: datetime.date) -> FlagRunSummary:
    """Bring the flags in line with the covenant rule on `as_of`, in one transaction.

    Runs serialise on a transaction-level advisory lock. A second run for the same date changes
    nothing; a run for a date before the latest run's date is refused (ValidationError). The owner
    organisation and the municipal officers are notified of each new flag (e-mailed after commit).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FLAG_JOB_LOCK_KEY])
    latest = _latest_run_date()
    if latest is not None and as_of < latest:
        raise ValidationError(
            {
                "as_of": ValidationError(
                    _(
                        "Flags move forward in time: the latest run was for %(latest)s, so a run "
                        "for %(as_of)s is refused. The statistics show the rule on past dates."
                    ),
                    code="before_latest_run",
                    params={"latest": latest.isoformat(), "as_of": as_of.isoformat()},
                )
            }
        )
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            _RESOLVE_SQL,
            [
                *rule_params(as_of),
                FlagStatus.RESOLVED.value,
                FlagResolution.WITHDRAWN_FROM_STOCK.value,
                FlagResolution.BELOW_AREA_THRESHOLD.value,
                FlagResolution.VACANCY_BELOW_THRESHOLD.value,
                _ACTIVE,
            ],
        )
        resolved = cursor.rowcount
        cursor.execute(_CREATE_SQL, [*rule_params(as_of), FlagStatus.OPEN.value, now, _ACTIVE])
        created_ids = [row[0] for row in cursor.fetchall()]
    active = StructuralVacancyFlag.objects.active().count()

    run, was_created = FlagRun.objects.select_for_update().get_or_create(
        as_of=as_of,
        defaults={"created": len(created_ids), "resolved": resolved, "active": active},
    )
    if not was_created:
        # A rerun of the same date adds what it did to the day's totals.
        run.created += len(created_ids)
        run.resolved += resolved
        run.active = active
    run.finished_at = timezone.now()
    run.save()
    # In the same transaction as the flags: a worker killed after commit has notified, one
    # killed before has done neither (and the rerun does both).
    flag_created_notifications_send(flag_ids=created_ids)
    return FlagRunSummary(
        as_of=as_of,
        created=len(created_ids),
        resolved=resolved,
        active=active,
        created_ids=created_ids,
    )


def _lock_active(flag: StructuralVacancyFlag) -> StructuralVacancyFlag:
    """The flag's current row, locked; a flag that is no longer active is refused."""
    locked = StructuralVacancyFlag.objects.select_for_update().get(pk=flag.pk)
    if not locked.is_active:
        raise ValidationError(
            {
                "status": ValidationError(
                    _(
                        "Only an active flag (open or plan submitted) can change; this one is "
                        "%(s)s."
                    ),
                    code="not_active",
                    params={"s": locked.get_status_display()},
                )
            }
        )
    return locked


@transaction.atomic
def flag_dismiss(
    *, flag: StructuralVacancyFlag, reason: str, user: object
) -> StructuralVacancyFlag:
    """An officer dismisses an active flag with a written reason (status `dismissed`)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Give the reason for the dismissal."), code="required")}
        )
    locked = _lock_active(flag)
    locked.status = FlagStatus.DISMISSED
    locked.dismissal_reason = reason
    locked.dismissed_by = user  # type: ignore[assignment]
    locked.resolved_on = today_in_amsterdam()
    locked.save(
        update_fields=["status", "dismissal_reason", "dismissed_by", "resolved_on", "updated_at"]
    )
    return locked


@transaction.atomic
def flag_mark_plan_submitted(*, flag: StructuralVacancyFlag) -> StructuralVacancyFlag:
    """A transformation plan was submitted for the flagged building: `open` -> `plan_submitted`.

    Marking a flag that already has a plan changes nothing.
    """
    locked = _lock_active(flag)
    if locked.status != FlagStatus.PLAN_SUBMITTED:
        locked.status = FlagStatus.PLAN_SUBMITTED
        locked.save(update_fields=["status", "updated_at"])
    return locked


def today_in_amsterdam() -> datetime.date:
    """Today's date in Europe/Amsterdam, the flag job's default date (domain spec)."""
    return datetime.datetime.now(AMSTERDAM).date()
