"""Transformation plans, with their PDF documents and review comments."""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from buildings.choices import (
    WITHDRAWING_PLAN_KINDS,
    FinancingStatus,
    PlanKind,
    PlanStatus,
    TargetUse,
)
from buildings.models.building import Building
from buildings.models.vacancy import EARLIEST_OBSERVATION
from kantorentop.core.models import TimeStampedModel

# A plan's dates lie no earlier than the portal's first vacancy records.
EARLIEST_PLAN_DATE = EARLIEST_OBSERVATION

# Every step of the plan workflow (docs: the domain spec), as (from, to).
PLAN_TRANSITIONS = [
    (PlanStatus.DRAFT.value, PlanStatus.SUBMITTED.value),
    (PlanStatus.DRAFT.value, PlanStatus.WITHDRAWN.value),
    *[
        (before, after)
        for before in (PlanStatus.SUBMITTED.value, PlanStatus.UNDER_REVIEW.value)
        for after in (
            PlanStatus.APPROVED.value,
            PlanStatus.REJECTED.value,
            PlanStatus.CHANGES_REQUESTED.value,
            PlanStatus.WITHDRAWN.value,
        )
    ],
    (PlanStatus.SUBMITTED.value, PlanStatus.UNDER_REVIEW.value),
    (PlanStatus.CHANGES_REQUESTED.value, PlanStatus.SUBMITTED.value),
    (PlanStatus.CHANGES_REQUESTED.value, PlanStatus.WITHDRAWN.value),
    (PlanStatus.APPROVED.value, PlanStatus.IN_PROGRESS.value),
    (PlanStatus.IN_PROGRESS.value, PlanStatus.COMPLETED.value),
]


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    obj_field=None,
    meta={"verbose_name": _("plan version"), "verbose_name_plural": _("plan versions")},
)
class TransformationPlan(TimeStampedModel):
    """An owner's plan for one building: transformation, demolition, renovation or re-letting."""

    building = models.ForeignKey(
        Building,
        on_delete=models.PROTECT,
        related_name="transformation_plans",
        verbose_name=_("building"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="transformation_plans",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    target_use = models.CharField(
        _("target use"), max_length=20, choices=TargetUse.choices, blank=True
    )
    office_m2_withdrawn = models.PositiveIntegerField(_("office m2 withdrawn"), default=0)
    housing_units = models.PositiveIntegerField(_("housing units"), default=0)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_completion = models.DateField(_("planned completion"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    estimated_investment_eur = models.DecimalField(
        _("estimated investment (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    financing_status = models.CharField(
        _("financing"),
        max_length=20,
        choices=FinancingStatus.choices,
        default=FinancingStatus.NOT_STARTED,
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    requested_changes = models.TextField(
        _("changes requested"),
        blank=True,
        help_text=_("What the municipality asks the owner to change before it decides."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        verbose_name = _("transformation plan")
        verbose_name_plural = _("transformation plans")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="plan_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_completion__isnull=True)
                | Q(planned_completion__gte=F("planned_start")),
                name="plan_completion_after_start",
            ),
            models.CheckConstraint(
                condition=Q(estimated_investment_eur__isnull=True)
                | Q(estimated_investment_eur__gte=0),
                name="plan_investment_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.REJECTED) | ~Q(decision_reason=""),
                name="plan_rejection_has_reasons",
            ),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.COMPLETED) | Q(completed_on__isnull=False),
                name="plan_completed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.CHANGES_REQUESTED) | ~Q(requested_changes=""),
                name="plan_changes_requested_has_reasons",
            ),
            models.CheckConstraint(
                condition=(Q(planned_start__isnull=True) | Q(planned_start__gte=EARLIEST_PLAN_DATE))
                & (
                    Q(planned_completion__isnull=True)
                    | Q(planned_completion__gte=EARLIEST_PLAN_DATE)
                )
                & (Q(completed_on__isnull=True) | Q(completed_on__gte=EARLIEST_PLAN_DATE)),
                name="plan_dates_not_before_1990",
            ),
        ]
        # The database holds the workflow too: a status changes only along these steps (the
        # services check them first and answer with a message; this catches any other writer).
        triggers = [
            pgtrigger.FSM(
                name="plan_status_transitions",
                field="status",
                transitions=PLAN_TRANSITIONS,
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.building}"

    @property
    def has_withdrawn_area(self) -> bool:
        """Whether the plan has taken its office m2 out of the stock: only a completed
        transformation or demolition does (buildings.services.plans.plan_complete)."""
        return self.status == PlanStatus.COMPLETED and self.kind in WITHDRAWING_PLAN_KINDS


class PlanDocument(models.Model):
    """A PDF attached to a plan, stored outside the web root under a generated name."""

    plan = models.ForeignKey(
        TransformationPlan,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("plan"),
    )
    file = models.FileField(_("file"), upload_to="plan-documents/%Y/")
    original_name = models.CharField(_("original file name"), max_length=255)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def download_name(self) -> str:
        """The name it is served under: always a .pdf (rows from before names were stored so)."""
        return pdf_file_name(self.original_name)


def pdf_file_name(name: str) -> str:
    """An uploaded name as a PDF's name: the last path part, its extension made `.pdf`.

    The content is checked to be a PDF; a name such as `poly.html` would make a browser or a
    desktop open the download as something else."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    stem, dot, extension = base.rpartition(".")
    if dot and extension.lower() == "pdf" and stem.strip():
        return base[:255]
    stem = (stem if dot else base).strip(" .") or "document"
    return stem[: 255 - len(".pdf")] + ".pdf"


class PlanComment(models.Model):
    """A review comment on a plan, by an officer or the owner."""

    plan = models.ForeignKey(
        TransformationPlan,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("plan"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan comment")
        verbose_name_plural = _("plan comments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]
