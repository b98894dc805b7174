"""Vacancy reports by owners (art. 3), and the case each report opens or joins."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from buildings.models import Building
from kantorentop.accounts.choices import NotificationKind
from kantorentop.accounts.notification_text import NotificationText, per_language
from kantorentop.core.templatetags.dutch import dutch_number
from vacancy_law.choices import (
    REPORT_CONFIRMABLE_STATUSES,
    CaseEvent,
    CaseOrigin,
    CaseStatus,
    ReportStatus,
)
from vacancy_law.models import VacancyCase, VacancyOrdinance, VacancyReport
from vacancy_law.selectors import ordinance_in_force
from vacancy_law.services.cases import case_next_step_set, case_step_save
from vacancy_law.services.common import (
    User,
    audit_step,
    check_date,
    describe,
    field_error,
    notify,
    parties,
    require_officer,
    require_owner,
    user_id,
)
from vacancy_law.services.letters import case_letter_create


def _check_area(building: Building, vacant_area_m2: int) -> None:
    if not 1 <= vacant_area_m2 <= building.lettable_floor_area_m2:
        raise field_error(
            "vacant_area_m2",
            _("The vacant area is 1 m2 or more and at most the lettable area (%(area)s m2)."),
            "out_of_range",
            area=dutch_number(building.lettable_floor_area_m2),
        )


def _ordinance_for(building: Building, on: datetime.date) -> VacancyOrdinance:
    ordinance = ordinance_in_force(municipality_id=building.municipality_id, on=on)
    if ordinance is None:
        raise field_error(
            "bag_id",
            _("The building's municipality has no vacancy ordinance in force."),
            "no_ordinance",
        )
    if building.lettable_floor_area_m2 < ordinance.minimum_area_m2:
        raise field_error(
            "bag_id",
            _("The ordinance covers buildings of %(area)s m2 or more."),
            "below_minimum_area",
            area=dutch_number(ordinance.minimum_area_m2),
        )
    return ordinance


def vacancy_case_opened_notify(case: VacancyCase) -> int:
    """Tell the owner's members and the municipality's officers that a case was opened."""
    building = case.building
    return notify(
        recipients=parties(building),
        kind=NotificationKind.VACANCY_CASE_OPENED,
        text=NotificationText(
            subject=gettext_noop("Vacancy case opened: %(building)s"),
            body=gettext_noop(
                "A vacancy case was opened for %(building)s (vacant since %(since)s, %(origin)s)."
            ),
            params={
                "building": describe(building),
                "since": case.vacant_since.strftime("%d-%m-%Y"),
                "origin": per_language(lambda: case.get_origin_display().lower()),
            },
        ),
        url=f"/leegstandwet/zaken/{case.pk}",
        key=f"vacancy-case:{case.pk}:opened",
    )


@transaction.atomic
def vacancy_report_submit(
    *,
    user: User,
    building: Building,
    vacant_since: datetime.date,
    vacant_area_m2: int,
    contact_name: str,
    contact_email: str,
    contact_phone: str = "",
    remarks: str = "",
    reported_on: datetime.date | None = None,
) -> VacancyReport:
    """An owner's member reports a building's vacancy. The report opens a case, or answers the
    case the portal opened for unreported vacancy."""
    require_owner(user=user, building=building)
    building = Building.objects.select_for_update(of=("self",)).get(pk=building.pk)
    reported_on = reported_on or timezone.localdate()
    check_date("reported_on", reported_on, not_before=None, label="")
    check_date("vacant_since", vacant_since, not_before=None, label="")
    if vacant_since > reported_on:
        raise field_error("vacant_since", _("The vacancy began before the report."), "after")
    _check_area(building, vacant_area_m2)
    case = VacancyCase.objects.open().filter(building=building).select_related("ordinance").first()
    if case is not None and case.status != CaseStatus.DETECTED:
        raise field_error(
            "bag_id", _("A vacancy case of this building is already running."), "case_open"
        )
    ordinance = case.ordinance if case is not None else _ordinance_for(building, reported_on)
    assert building.owner is not None  # require_owner above: the user is one of its members
    report = VacancyReport.objects.create(
        building=building,
        organisation=building.owner,
        vacant_since=vacant_since,
        vacant_area_m2=vacant_area_m2,
        reported_on=reported_on,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        remarks=remarks.strip(),
        submitted_by_id=user_id(user),
    )
    audit_step(action="submitted", obj=report, user=user, building_id=building.pk)
    if case is not None:
        case.report, case.reported_on, case.status = report, reported_on, CaseStatus.REPORTED
        case_step_save(case, user=user, action=CaseEvent.REPORTED, report_id=report.pk)
        return report
    _case_open(report, ordinance=ordinance, user=user)
    return report


def _case_open(report: VacancyReport, *, ordinance: VacancyOrdinance, user: User) -> VacancyCase:
    """The case a report opens, with its first deadline; the officers and the owner are told."""
    case = VacancyCase(
        building=report.building,
        ordinance=ordinance,
        origin=CaseOrigin.REPORT,
        report=report,
        status=CaseStatus.REPORTED,
        vacant_since=report.vacant_since,
        opened_on=report.reported_on,
        reported_on=report.reported_on,
        created_by_id=user_id(user),
    )
    case_next_step_set(case)
    case.save()
    case_letter_create(case=case, user=user)
    audit_step(
        action=CaseEvent.OPENED,
        obj=case,
        user=user,
        building_id=case.building_id,
        origin=case.origin,
    )
    vacancy_case_opened_notify(case)
    return case


@transaction.atomic
def vacancy_report_confirm(*, report: VacancyReport, user: User) -> VacancyReport:
    """An officer of the municipality confirms a report, until the case is decided."""
    report = (
        VacancyReport.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=report.pk)
    )
    require_officer(user=user, building=report.building)
    if report.status != ReportStatus.SUBMITTED:
        raise field_error("status", _("The report has been confirmed already."), "confirmed")
    if report.case.status not in REPORT_CONFIRMABLE_STATUSES:
        raise field_error(
            "status",
            _("The report can no longer be confirmed: the case has been decided or closed."),
            "case_past_decision",
        )
    report.status = ReportStatus.CONFIRMED
    report.confirmed_at = timezone.now()
    report.confirmed_by_id = user_id(user)
    report.save(update_fields=["status", "confirmed_at", "confirmed_by", "updated_at"])
    audit_step(action="confirmed", obj=report, user=user, building_id=report.building_id)
    return report
