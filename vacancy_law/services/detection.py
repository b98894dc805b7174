"""The register's daily jobs: cases for vacancy nobody reported, and reminders of overdue steps.
Both are idempotent: a second run on the same date opens and sends nothing."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from buildings.models import Building
from kantorentop.accounts.choices import NotificationKind
from kantorentop.accounts.notification_text import NotificationText
from kantorentop.core.audit import audit_record
from vacancy_law.choices import CaseEvent, CaseOrigin, CaseStatus, CaseStep
from vacancy_law.models import MINIMUM_REPORTING_PERIOD_MONTHS, VacancyCase, VacancyOrdinance
from vacancy_law.periods import statutory_report_deadline
from vacancy_law.selectors import ordinances_since, unreported_vacancy
from vacancy_law.services.cases import case_next_step_set
from vacancy_law.services.common import audit_step, describe, notify, parties
from vacancy_law.services.letters import case_letter_create
from vacancy_law.services.reports import vacancy_case_opened_notify


def _open_detected(
    building: Building, ordinance: VacancyOrdinance, vacant_since: datetime.date, on: datetime.date
) -> VacancyCase | None:
    case = VacancyCase(
        building=building,
        ordinance=ordinance,
        origin=CaseOrigin.DETECTION,
        status=CaseStatus.DETECTED,
        vacant_since=vacant_since,
        opened_on=on,
    )
    case_next_step_set(case)
    try:
        # A savepoint: a case opened meanwhile (a report) leaves this building to it.
        with transaction.atomic():
            case.save()
    except IntegrityError:
        return None
    case_letter_create(case=case, user=None)
    audit_step(
        action=CaseEvent.OPENED, obj=case, user=None, building_id=building.pk, origin=case.origin
    )
    vacancy_case_opened_notify(case)
    return case


@transaction.atomic
def vacancy_cases_detect(*, on: datetime.date, building_ids: list[int] | None = None) -> int:
    """Open a case for every building (or for those of `building_ids`) whose records show
    vacancy longer than its ordinance's reporting period on `on` without a report; tell the
    owner and the officers. Returns the number opened."""
    rows = unreported_vacancy(
        on=on, minimum_months=MINIMUM_REPORTING_PERIOD_MONTHS, building_ids=building_ids
    )
    buildings = Building.objects.in_bulk([row[0] for row in rows])
    ordinances = VacancyOrdinance.objects.in_bulk({row[1] for row in rows})
    since = ordinances_since()
    opened = 0
    for building_id, ordinance_id, vacant_since in rows:
        ordinance = ordinances[ordinance_id]
        # Art. 3(1): reported once the vacancy lasts longer than the period.
        deadline = statutory_report_deadline(
            periods=ordinance,
            vacant_since=vacant_since,
            ordinance_since=since[ordinance.municipality_id],
        )
        if on > deadline:
            opened += (
                _open_detected(buildings[building_id], ordinance, vacant_since, on) is not None
            )
    audit_record(
        action="vacancy_law.vacancycase.detection_run",
        object_type="vacancy_law.vacancycase",
        details={"on": on.isoformat(), "opened": opened, "candidates": len(rows)},
    )
    return opened


@transaction.atomic
def vacancy_case_reminders_send(*, on: datetime.date) -> int:
    """Remind the officers (and, of a report not made, the owner) of every open case whose next
    step is overdue on `on`: once per step and deadline. Returns the notifications created."""
    cases = (
        VacancyCase.objects.open()
        .filter(next_due_on__lt=on)
        .select_related("building")
        .order_by("next_due_on", "pk")
    )
    sent = 0
    for case in cases:
        assert case.next_due_on is not None  # filtered above
        due = case.next_due_on.strftime("%d-%m-%Y")
        step = CaseStep(case.next_step)
        created = notify(
            recipients=parties(case.building, owner=step == CaseStep.REPORT),
            kind=NotificationKind.VACANCY_CASE_OVERDUE,
            text=NotificationText(
                subject=gettext_noop("Step overdue: %(building)s"),
                body=gettext_noop(
                    "The step '%(step)s' of the vacancy case of %(building)s was due on %(due)s."
                ),
                params={"building": describe(case.building), "step": step.label, "due": due},
            ),
            url=f"/leegstandwet/zaken/{case.pk}",
            key=f"vacancy-case:{case.pk}:{step.value}:{case.next_due_on.isoformat()}:overdue",
        )
        if created:
            audit_step(
                action=CaseEvent.REMINDED,
                obj=case,
                user=None,
                building_id=case.building_id,
                step=step.value,
                due_on=case.next_due_on,
            )
        sent += created
    return sent
