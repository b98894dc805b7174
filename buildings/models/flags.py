"""Structural-vacancy flags (the covenant rule's verdict) and the runs of the flag job."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from buildings.choices import ACTIVE_FLAG_STATUSES, FlagResolution, FlagStatus
from buildings.models.building import Building
from buildings.querysets import FlagQuerySet
from kantorentop.core.models import TimeStampedModel, modification_time_triggers


class StructuralVacancyFlag(TimeStampedModel):
    """The covenant rule's verdict on a building, kept as an operational record.

    A building has at most one active (open or plan_submitted) flag: a partial unique index.
    """

    building = models.ForeignKey(
        Building,
        on_delete=models.CASCADE,
        related_name="structural_vacancy_flags",
        verbose_name=_("building"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    vacant_since = models.DateField(_("vacant since"))
    flagged_on = models.DateField(_("flagged on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=30, choices=FlagResolution.choices, blank=True
    )
    dismissal_reason = models.TextField(_("reason for dismissal"), blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dismissed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("structural-vacancy flag")
        verbose_name_plural = _("structural-vacancy flags")
        ordering = ["-flagged_on", "building_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["building"],
                condition=Q(status__in=ACTIVE_FLAG_STATUSES),
                name="flag_one_active_per_building",
            ),
            models.CheckConstraint(
                condition=Q(status__in=FlagStatus.values), name="flag_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(vacant_since__lte=F("flagged_on")), name="flag_vacant_before_flagged"
            ),
            models.CheckConstraint(
                condition=~Q(status=FlagStatus.RESOLVED)
                | (Q(resolved_on__isnull=False) & ~Q(resolution="")),
                name="flag_resolved_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=FlagStatus.DISMISSED)
                | (Q(resolved_on__isnull=False) & ~Q(dismissal_reason="")),
                name="flag_dismissed_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["updated_at"], name="flag_updated_at"),
        ]
        # `modifiedAt` is the database's (whoever writes: the flag job, services, the admin).
        triggers = modification_time_triggers(
            table="buildings_structuralvacancyflag", column="updated_at"
        )

    def __str__(self) -> str:
        return f"{self.building_id} {self.get_status_display()} ({self.flagged_on})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_FLAG_STATUSES


class FlagRun(models.Model):
    """One run of the flag job. Flags move forward in time: a run before the latest is refused."""

    as_of = models.DateField(_("as of"), unique=True)
    created = models.PositiveIntegerField(_("flags raised"), default=0)
    resolved = models.PositiveIntegerField(_("flags resolved"), default=0)
    active = models.PositiveIntegerField(_("active flags"), default=0)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("flag run")
        verbose_name_plural = _("flag runs")
        ordering = ["-as_of"]

    def __str__(self) -> str:
        return f"{self.as_of}: created {self.created}, resolved {self.resolved}"
