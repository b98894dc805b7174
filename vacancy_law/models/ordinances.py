"""The vacancy ordinance (leegstandverordening) of a municipality, in versions over time."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kantorentop.core.models import TimeStampedModel
from vacancy_law.choices import BuildingKind
from vacancy_law.querysets import OrdinanceQuerySet

# Leegstandwet art. 3(1): the ordinance's reporting period is at least six months.
MINIMUM_REPORTING_PERIOD_MONTHS = 6


class VacancyOrdinance(TimeStampedModel):
    """One version of a municipality's vacancy ordinance (Leegstandwet art. 2 and 3).

    The version in force on a date is the one with the latest `in_force_from` on or before it. A
    case keeps the version it started under, so a new version never rewrites a running case.
    """

    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="vacancy_ordinances",
    )
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(
        _("publication reference"),
        max_length=100,
        blank=True,
        help_text=_("For example its CVDR number in the register of local regulations."),
    )
    adopted_on = models.DateField(_("adopted on"))
    in_force_from = models.DateField(_("in force from"))
    building_kinds = ArrayField(
        models.CharField(max_length=20, choices=BuildingKind.choices),
        verbose_name=_("building kinds covered"),
    )
    minimum_area_m2 = models.PositiveIntegerField(_("minimum area (m2)"), default=0)
    reporting_period_months = models.PositiveSmallIntegerField(
        _("reporting period (months)"), default=MINIMUM_REPORTING_PERIOD_MONTHS
    )
    consultation_period_months = models.PositiveSmallIntegerField(_("consultation period (months)"))
    designation_period_months = models.PositiveSmallIntegerField(
        _("designation period (months)"),
        help_text=_("The vacancy after which the municipality may designate a user."),
    )
    compliance_period_months = models.PositiveSmallIntegerField(_("compliance period (months)"))
    letter_template = models.TextField(
        _("letter template"),
        blank=True,
        help_text=_(
            "Dutch text of the municipality's letters, in which the case's details are filled in."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = OrdinanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("vacancy ordinance")
        verbose_name_plural = _("vacancy ordinances")
        ordering = ["municipality", "-in_force_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "in_force_from"], name="ordinance_one_version_per_date"
            ),
            models.CheckConstraint(
                condition=Q(reporting_period_months__gte=MINIMUM_REPORTING_PERIOD_MONTHS),
                name="ordinance_reporting_period_at_least_six_months",
            ),
            models.CheckConstraint(
                condition=Q(consultation_period_months__gte=1)
                & Q(designation_period_months__gte=1)
                & Q(compliance_period_months__gte=1),
                name="ordinance_periods_positive",
            ),
            models.CheckConstraint(
                condition=Q(in_force_from__gte=F("adopted_on")),
                name="ordinance_in_force_after_adoption",
            ),
            models.CheckConstraint(
                condition=Q(building_kinds__contains=[BuildingKind.OFFICE.value]),
                name="ordinance_covers_offices",
            ),
            models.CheckConstraint(
                condition=Q(building_kinds__contained_by=BuildingKind.values),
                name="ordinance_building_kinds_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.in_force_from:%d-%m-%Y})"
