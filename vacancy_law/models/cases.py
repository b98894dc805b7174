"""Vacancy reports (meldingen) by owners and the cases of the Leegstandwet register."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kantorentop.core.models import TimeStampedModel
from vacancy_law.choices import (
    OPEN_CASE_STATUSES,
    CaseOrigin,
    CaseStatus,
    CaseStep,
    ReportStatus,
)
from vacancy_law.querysets import CaseQuerySet, ReportQuerySet

S = CaseStatus
# Every step of a case, as (from, to): the database refuses any other change of status.
CASE_TRANSITIONS = [
    (S.DETECTED.value, S.REPORTED.value),
    (S.DETECTED.value, S.CONSULTED.value),
    (S.REPORTED.value, S.CONSULTED.value),
    (S.CONSULTED.value, S.DECIDED.value),
    (S.DECIDED.value, S.COMPLIED.value),
    *[(status, S.CLOSED.value) for status in OPEN_CASE_STATUSES],
]


class VacancyReport(TimeStampedModel):
    """An owner's report that a building stands vacant (Leegstandwet art. 3); an officer of the
    municipality confirms it."""

    building = models.ForeignKey(
        "buildings.Building",
        on_delete=models.PROTECT,
        related_name="vacancy_reports",
        verbose_name=_("building"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="vacancy_reports",
    )
    vacant_since = models.DateField(_("vacant since"))
    vacant_area_m2 = models.PositiveIntegerField(_("vacant area (m2)"))
    reported_on = models.DateField(_("reported on"))
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact telephone"), max_length=30, blank=True)
    remarks = models.TextField(_("remarks"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("vacancy report")
        verbose_name_plural = _("vacancy reports")
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vacant_area_m2__gte=1), name="vacancy_report_area_positive"
            ),
            models.CheckConstraint(
                condition=Q(reported_on__gte=F("vacant_since")),
                name="vacancy_report_after_vacancy_began",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="vacancy_report_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.SUBMITTED, confirmed_at__isnull=True)
                | Q(status=ReportStatus.CONFIRMED, confirmed_at__isnull=False),
                name="vacancy_report_confirmed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.building} ({self.reported_on:%d-%m-%Y})"


def _case_constraints() -> list[models.BaseConstraint]:
    """Each status carries the dates and texts of the steps it has passed."""
    past_consultation = [S.CONSULTED, S.DECIDED, S.COMPLIED]
    past_decision = [S.DECIDED, S.COMPLIED]
    return [
        models.UniqueConstraint(
            fields=["building"],
            condition=~Q(status=S.CLOSED),
            name="vacancy_case_one_open_per_building",
        ),
        models.CheckConstraint(condition=Q(status__in=S.values), name="vacancy_case_status_valid"),
        models.CheckConstraint(
            condition=Q(status=S.CLOSED, next_step="", next_due_on__isnull=True)
            | (~Q(status=S.CLOSED) & Q(next_step__in=CaseStep.values)),
            name="vacancy_case_next_step_while_open",
        ),
        models.CheckConstraint(
            condition=Q(origin__in=CaseOrigin.values), name="vacancy_case_origin_valid"
        ),
        models.CheckConstraint(
            condition=~Q(origin=CaseOrigin.REPORT) | Q(report__isnull=False),
            name="vacancy_case_report_origin_has_report",
        ),
        models.CheckConstraint(
            condition=~Q(status=S.REPORTED) | Q(reported_on__isnull=False),
            name="vacancy_case_reported_has_date",
        ),
        models.CheckConstraint(
            condition=~Q(status__in=past_consultation) | Q(consulted_on__isnull=False),
            name="vacancy_case_consulted_has_date",
        ),
        models.CheckConstraint(
            condition=~Q(status__in=past_decision)
            | (
                Q(decided_on__isnull=False)
                & ~Q(decision_summary="")
                & (~Q(designated_user="") | ~Q(necessary_works=""))
            ),
            name="vacancy_case_decided_has_decision",
        ),
        models.CheckConstraint(
            condition=~Q(status=S.COMPLIED) | Q(complied_on__isnull=False),
            name="vacancy_case_complied_has_date",
        ),
        models.CheckConstraint(
            condition=~Q(status=S.CLOSED) | (Q(closed_on__isnull=False) & ~Q(closure_reason="")),
            name="vacancy_case_closed_has_reason",
        ),
    ]


def _case_date_order() -> list[models.BaseConstraint]:
    """The steps' dates follow each other."""
    return [
        models.CheckConstraint(
            condition=Q(opened_on__gte=F("vacant_since")),
            name="vacancy_case_opened_after_vacancy_began",
        ),
        models.CheckConstraint(
            condition=Q(consulted_on__isnull=True) | Q(consulted_on__gte=F("vacant_since")),
            name="vacancy_case_consulted_after_vacancy_began",
        ),
        models.CheckConstraint(
            condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("consulted_on")),
            name="vacancy_case_decided_after_consultation",
        ),
        models.CheckConstraint(
            condition=Q(complied_on__isnull=True) | Q(complied_on__gte=F("decided_on")),
            name="vacancy_case_complied_after_decision",
        ),
        models.CheckConstraint(
            condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
            name="vacancy_case_closed_after_opening",
        ),
    ]


class VacancyCase(TimeStampedModel):
    """A Leegstandwet case of one building: report, consultation, decision, compliance, closure.

    `ordinance` is the version in force when the case opened; every deadline of the case is
    computed from it (vacancy_law.periods.step_deadline).
    """

    building = models.ForeignKey(
        "buildings.Building",
        on_delete=models.PROTECT,
        related_name="vacancy_cases",
        verbose_name=_("building"),
    )
    ordinance = models.ForeignKey(
        "vacancy_law.VacancyOrdinance",
        verbose_name=_("ordinance version"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    origin = models.CharField(_("opened by"), max_length=20, choices=CaseOrigin.choices)
    report = models.OneToOneField(
        VacancyReport,
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices)
    vacant_since = models.DateField(_("vacant since"))
    opened_on = models.DateField(_("opened on"))
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    consulted_on = models.DateField(_("consultation held on"), null=True, blank=True)
    consultation_minutes = models.FileField(
        _("minutes of the consultation"), upload_to="vacancy-cases/%Y/", blank=True
    )
    consultation_minutes_name = models.CharField(
        _("original file name of the minutes"), max_length=255, blank=True
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    designated_user = models.CharField(
        _("designated user"),
        max_length=300,
        blank=True,
        help_text=_("The natural or legal person(s) designated as user (art. 6(a))."),
    )
    necessary_works = models.TextField(
        _("necessary works"), blank=True, help_text=_("Works the owner must carry out (art. 6(b)).")
    )
    works_deadline = models.DateField(_("deadline for the works"), null=True, blank=True)
    decision_summary = models.TextField(_("decision"), blank=True)
    complied_on = models.DateField(_("complied on"), null=True, blank=True)
    compliance_note = models.TextField(_("how the owner complied"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.TextField(_("reason for closing"), blank=True)
    # Written by the services from vacancy_law.periods at every step, so lists sort and count by
    # it in SQL: the step the case waits for and the date it is due (none after closure).
    next_step = models.CharField(
        _("next step"), max_length=20, choices=CaseStep.choices, blank=True
    )
    next_due_on = models.DateField(_("next step due on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("vacancy case")
        verbose_name_plural = _("vacancy cases")
        ordering = ["-opened_on", "-pk"]
        constraints = [*_case_constraints(), *_case_date_order()]
        triggers = [
            pgtrigger.FSM(
                name="case_status_transitions", field="status", transitions=CASE_TRANSITIONS
            )
        ]

    def __str__(self) -> str:
        return f"{self.building} ({self.get_status_display()})"
