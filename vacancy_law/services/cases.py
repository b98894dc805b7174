"""The steps of a case: consultation, decision, compliance and closure, each by an officer of the
building's municipality, each with its deadline from the case's ordinance version, each audited
and told to the owner."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from kantorentop.accounts.choices import NotificationKind
from kantorentop.accounts.notification_text import NotificationText, per_language
from vacancy_law.choices import CaseEvent, CaseStatus
from vacancy_law.models import VacancyCase
from vacancy_law.periods import CaseDates, next_step_and_deadline, step_deadline
from vacancy_law.selectors import ordinance_since
from vacancy_law.services.common import (
    User,
    audit_step,
    check_date,
    describe,
    field_error,
    locked_case,
    notify,
    parties,
    require_officer,
)
from vacancy_law.services.letters import case_letter_create
from vacancy_law.services.uploads import file_discard, file_store, minutes_validate, stored_name


def case_dates(case: VacancyCase) -> CaseDates:
    """The dates the case's deadlines count from, with the day its municipality's ordinance came
    into force."""
    return CaseDates(
        ordinance_since=ordinance_since(municipality_id=case.ordinance.municipality_id),
        vacant_since=case.vacant_since,
        opened_on=case.opened_on,
        reported_on=case.reported_on,
        consulted_on=case.consulted_on,
        decided_on=case.decided_on,
        complied_on=case.complied_on,
    )


def case_next_step_set(case: VacancyCase) -> None:
    """Set the case's next step and its deadline from its status (not saved)."""
    case.next_step, case.next_due_on = next_step_and_deadline(
        status=case.status, periods=case.ordinance, dates=case_dates(case)
    )


def _require_status(case: VacancyCase, allowed: tuple[str, ...], action: Any) -> None:
    if case.status not in allowed:
        raise field_error(
            "status",
            _("A case that is %(status)s cannot be %(action)s."),
            "invalid_transition",
            status=case.get_status_display().lower(),
            action=action,
        )


def case_step_save(
    case: VacancyCase, *, user: User, action: CaseEvent, **details: Any
) -> VacancyCase:
    """Save a step: next step and deadline, the audit event, and word to the owner's members."""
    case_next_step_set(case)
    case.full_clean(exclude=["building", "ordinance", "report", "created_by"])
    case.save()
    case_letter_create(case=case, user=user)
    audit_step(
        action=action,
        obj=case,
        user=user,
        building_id=case.building_id,
        status=case.status,
        next_due_on=case.next_due_on,
        **details,
    )
    building = case.building
    notify(
        recipients=parties(building, officers=False),
        kind=NotificationKind.VACANCY_CASE_STEP,
        text=NotificationText(
            subject=gettext_noop("Vacancy case %(building)s: %(status)s"),
            body=gettext_noop("The vacancy case of %(building)s moved on: %(status)s."),
            params={
                "building": describe(building),
                "status": per_language(case.get_status_display),
            },
        ),
        url=f"/leegstandwet/zaken/{case.pk}",
        key=f"vacancy-case:{case.pk}:{case.status}",
    )
    return case


@transaction.atomic
def vacancy_case_consult(
    *,
    case: VacancyCase,
    user: User,
    consulted_on: datetime.date,
    minutes: UploadedFile[bytes] | None = None,
) -> VacancyCase:
    """Record the consultation with the owner (art. 4), with its minutes as a PDF."""
    case = locked_case(case)
    require_officer(user=user, building=case.building)
    _require_status(case, (CaseStatus.DETECTED, CaseStatus.REPORTED), _("consulted"))
    check_date("consulted_on", consulted_on, not_before=case.opened_on, label=_("the opening"))
    case.status = CaseStatus.CONSULTED
    case.consulted_on = consulted_on
    if minutes is not None:
        minutes_validate(uploaded_file=minutes)
        case.consultation_minutes_name = stored_name(minutes.name or "", "pdf")
        file_store(case.consultation_minutes, minutes, "pdf")
    try:
        return case_step_save(
            case, user=user, action=CaseEvent.CONSULTED, consulted_on=consulted_on
        )
    except BaseException:
        file_discard(case.consultation_minutes if minutes is not None else None)
        raise


@transaction.atomic
def vacancy_case_decide(
    *,
    case: VacancyCase,
    user: User,
    decided_on: datetime.date,
    decision_summary: str,
    designated_user: str = "",
    necessary_works: str = "",
    works_deadline: datetime.date | None = None,
) -> VacancyCase:
    """The vacancy decision (art. 5 and 6): a designated user, necessary works with a deadline,
    or both. A user is designated only once the vacancy has lasted the designation period."""
    case = locked_case(case)
    require_officer(user=user, building=case.building)
    _require_status(case, (CaseStatus.CONSULTED,), _("decided"))
    check_date("decided_on", decided_on, not_before=case.consulted_on, label=_("the consultation"))
    if not (designated_user.strip() or necessary_works.strip()):
        raise field_error(
            "designated_user",
            _("A decision designates a user, orders necessary works, or both."),
            "empty_decision",
        )
    if not decision_summary.strip():
        raise field_error("decision_summary", _("Describe the decision."), "required")
    earliest = step_deadline(step="decision", periods=case.ordinance, dates=case_dates(case))
    if designated_user.strip() and earliest is not None and decided_on < earliest:
        raise field_error(
            "decided_on",
            _("A user can be designated from %(date)s on, after the designation period."),
            "too_early",
            date=earliest.strftime("%d-%m-%Y"),
        )
    case.status = CaseStatus.DECIDED
    case.decided_on = decided_on
    case.decision_summary = decision_summary.strip()
    case.designated_user = designated_user.strip()
    case.necessary_works = necessary_works.strip()
    case.works_deadline = works_deadline
    if necessary_works.strip() and works_deadline is None:
        case.works_deadline = step_deadline(
            step="compliance", periods=case.ordinance, dates=case_dates(case)
        )
    return case_step_save(case, user=user, action=CaseEvent.DECIDED, decided_on=decided_on)


@transaction.atomic
def vacancy_case_comply(
    *, case: VacancyCase, user: User, complied_on: datetime.date, compliance_note: str = ""
) -> VacancyCase:
    """Record that the owner complied with the decision."""
    case = locked_case(case)
    require_officer(user=user, building=case.building)
    _require_status(case, (CaseStatus.DECIDED,), _("marked as complied"))
    check_date("complied_on", complied_on, not_before=case.decided_on, label=_("the decision"))
    case.status = CaseStatus.COMPLIED
    case.complied_on = complied_on
    case.compliance_note = compliance_note.strip()
    return case_step_save(case, user=user, action=CaseEvent.COMPLIED, complied_on=complied_on)


@transaction.atomic
def vacancy_case_close(
    *, case: VacancyCase, user: User, closed_on: datetime.date, closure_reason: str
) -> VacancyCase:
    """Close a case, at any step, with a reason (the vacancy ended, the decision was complied
    with, the case was opened in error)."""
    case = locked_case(case)
    require_officer(user=user, building=case.building)
    if case.status == CaseStatus.CLOSED:
        _require_status(case, (), _("closed"))
    check_date("closed_on", closed_on, not_before=case.opened_on, label=_("the opening"))
    if not closure_reason.strip():
        raise ValidationError(
            {"closure_reason": ValidationError(_("Give the reason."), code="required")}
        )
    case.status = CaseStatus.CLOSED
    case.closed_on = closed_on
    case.closure_reason = closure_reason.strip()
    return case_step_save(case, user=user, action=CaseEvent.CLOSED, closed_on=closed_on)
