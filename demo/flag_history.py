"""The flag job through the demo's history: at every quarter end from the covenant's first
(30-06-2012) to the history's end, as the nightly job would have run on the new quarter's data.

One run per quarter end gives the flags the dates they would have had: a building vacant since 2010
is flagged in 2012 or 2013, not on the last quarter end, so its plan deadline, its reminder and its
resolution (re-let, transformed, demolished) fall on their own dates. After each run the flags of
buildings whose owner had submitted a plan by then follow the plan, and the six-month reminders go
out, in the order the portal's jobs take. Each run is the production job (set-based SQL), a tenth
of a second on the national dataset.

The notifications and runs those jobs write are dated to the night after their quarter end, and
count as e-mailed then: they are history, not news to send when the demo loads.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from buildings.choices import FlagStatus
from buildings.models import StructuralVacancyFlag, TransformationPlan
from buildings.services.flag_notifications import flag_notification_key_parts, flag_reminders_send
from buildings.services.flags import structural_vacancy_flags_update
from buildings.services.plan_rules import ANSWERING_STATUSES
from demo.stock import quarter_ends
from kantorentop.accounts.choices import NotificationKind

# The covenant was signed on 27-06-2012: its first quarter end is the first run.
FIRST_RUN_ON = datetime.date(2012, 6, 30)
# The nightly job's hour (Europe/Amsterdam, as the portal's beat schedule): runs, notifications
# and flags carry the night after their quarter end.
RUN_HOUR = datetime.time(2, 0)


@dataclass(frozen=True)
class FlagHistory:
    runs: int
    flags: int
    active: int
    resolved: int
    reminded: int


def flag_history_run(*, history_end: datetime.date) -> FlagHistory:
    """Run the flag job at every quarter end up to `history_end`, with plans and reminders."""
    dates = quarter_ends(FIRST_RUN_ON, history_end) or [history_end]
    for on in dates:
        structural_vacancy_flags_update(as_of=on)
        flags_follow_plans(on=on)
        flag_reminders_send(on=on)
    _history_dated()
    flags = StructuralVacancyFlag.objects
    return FlagHistory(
        runs=len(dates),
        flags=flags.count(),
        active=flags.active().count(),
        resolved=flags.filter(status=FlagStatus.RESOLVED).count(),
        reminded=flags.filter(reminded_on__isnull=False).count(),
    )


def flags_follow_plans(*, on: datetime.date) -> int:
    """Open flags of buildings whose owner had submitted a plan that answers a flag by `on` move
    to plan_submitted (as the plan service does when the plan is submitted)."""
    by = datetime.datetime.combine(
        on + datetime.timedelta(days=1), datetime.time(0), tzinfo=timezone.get_current_timezone()
    )
    submitted = TransformationPlan.objects.filter(
        building_id=OuterRef("building_id"),
        status__in=ANSWERING_STATUSES,
        submitted_at__lt=by,
    )
    return (
        StructuralVacancyFlag.objects.filter(status=FlagStatus.OPEN)
        .filter(Exists(submitted))
        .update(status=FlagStatus.PLAN_SUBMITTED, updated_at=timezone.now())
    )


# Each date is moved to the night after it, in the portal's time zone (the parameters).
_DATED_SQL = (
    """UPDATE buildings_flagrun
       SET started_at = ((as_of + 1) + %(hour)s::time) AT TIME ZONE %(zone)s,
           finished_at = ((as_of + 1) + %(hour)s::time) AT TIME ZONE %(zone)s""",
    """UPDATE buildings_structuralvacancyflag
       SET created_at = ((flagged_on + 1) + %(hour)s::time) AT TIME ZONE %(zone)s""",
    """UPDATE accounts_notification n
       SET created_at = ((f.flagged_on + 1) + %(hour)s::time) AT TIME ZONE %(zone)s,
           emailed_at = ((f.flagged_on + 1) + %(hour)s::time) AT TIME ZONE %(zone)s
       FROM buildings_structuralvacancyflag f
       WHERE n.dedupe_key = %(created_before)s::text || f.id || %(created_after)s::text""",
    """UPDATE accounts_notification n
       SET created_at = ((f.reminded_on + 1) + %(hour)s::time) AT TIME ZONE %(zone)s,
           emailed_at = ((f.reminded_on + 1) + %(hour)s::time) AT TIME ZONE %(zone)s
       FROM buildings_structuralvacancyflag f
       WHERE n.dedupe_key = %(reminder_before)s::text || f.id || %(reminder_after)s::text
         AND f.reminded_on IS NOT NULL""",
)


def _history_dated() -> None:
    created = flag_notification_key_parts(kind=NotificationKind.FLAG_CREATED)
    reminder = flag_notification_key_parts(kind=NotificationKind.FLAG_REMINDER)
    params = {
        "hour": RUN_HOUR.isoformat(),
        "zone": timezone.get_current_timezone_name(),
        "created_before": created[0],
        "created_after": created[1],
        "reminder_before": reminder[0],
        "reminder_after": reminder[1],
    }
    with connection.cursor() as cursor:
        for sql in _DATED_SQL:
            cursor.execute(sql, params)
