"""Disputes of vacancy records: an owner disagrees with a record, with reasons and evidence."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kantorentop.core.models import TimeStampedModel
from vacancy_law.choices import DisputeStatus
from vacancy_law.querysets import DisputeQuerySet

DISPUTE_TRANSITIONS = [
    (DisputeStatus.OPEN.value, DisputeStatus.UPHELD.value),
    (DisputeStatus.OPEN.value, DisputeStatus.CORRECTED.value),
]


class RecordDispute(TimeStampedModel):
    """An owner's dispute of one vacancy record; an officer of the municipality upholds the
    record or corrects it (a correction is a new version of the record, its history keeps the
    old one). Until decided, the record is shown as disputed."""

    record = models.ForeignKey(
        "buildings.VacancyRecord",
        verbose_name=_("vacancy record"),
        on_delete=models.CASCADE,
        related_name="disputes",
    )
    # The record's building, kept on the dispute so it is scoped like every building-level row.
    building = models.ForeignKey(
        "buildings.Building",
        on_delete=models.CASCADE,
        related_name="record_disputes",
        verbose_name=_("building"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="record_disputes",
    )
    disputed_vacant_area_m2 = models.PositiveIntegerField(_("vacant area disputed (m2)"))
    claimed_vacant_area_m2 = models.PositiveIntegerField(
        _("vacant area according to the owner (m2)"), null=True, blank=True
    )
    reason = models.TextField(_("reason"), max_length=4000)
    evidence = models.FileField(_("evidence"), upload_to="record-disputes/%Y/")
    evidence_name = models.CharField(_("original file name"), max_length=255)
    evidence_content_type = models.CharField(_("content type"), max_length=40)
    evidence_size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    status = models.CharField(
        _("status"), max_length=20, choices=DisputeStatus.choices, default=DisputeStatus.OPEN
    )
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    corrected_vacant_area_m2 = models.PositiveIntegerField(
        _("corrected vacant area (m2)"), null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )

    objects = DisputeQuerySet.as_manager()

    class Meta:
        verbose_name = _("record dispute")
        verbose_name_plural = _("record disputes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record"],
                condition=Q(status=DisputeStatus.OPEN),
                name="record_dispute_one_open_per_record",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DisputeStatus.values), name="record_dispute_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=DisputeStatus.OPEN, decided_at__isnull=True)
                | (
                    ~Q(status=DisputeStatus.OPEN)
                    & Q(decided_at__isnull=False)
                    & ~Q(decision_reason="")
                ),
                name="record_dispute_decision_has_reasons",
            ),
            models.CheckConstraint(
                condition=Q(status=DisputeStatus.CORRECTED, corrected_vacant_area_m2__isnull=False)
                | (~Q(status=DisputeStatus.CORRECTED) & Q(corrected_vacant_area_m2__isnull=True)),
                name="record_dispute_correction_has_area",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="record_dispute_has_reason"),
        ]
        triggers = [
            pgtrigger.FSM(
                name="record_dispute_transitions", field="status", transitions=DISPUTE_TRANSITIONS
            )
        ]

    def __str__(self) -> str:
        return f"{self.record} ({self.get_status_display()})"
