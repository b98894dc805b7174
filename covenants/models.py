"""The covenant, its parties, their commitments and the progress on them per region."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from covenants.choices import DataCheck, PartyCategory, ProgressStatus
from covenants.querysets import CommitmentQuerySet
from kantorentop.core.models import TimeStampedModel


class Covenant(models.Model):
    """The covenant as signed: dates and term."""

    slug = models.SlugField(_("slug"), unique=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    signed_on = models.DateField(_("signed on"))
    term_years = models.PositiveSmallIntegerField(_("term (years)"))
    extended_on = models.DateField(_("extended on"), null=True, blank=True)
    extension_years = models.PositiveSmallIntegerField(_("extension (years)"), default=0)
    aim_nl = models.TextField(_("aim (Dutch)"), blank=True)
    aim_en = models.TextField(_("aim (English)"), blank=True)

    class Meta:
        verbose_name = _("covenant")
        verbose_name_plural = _("covenants")

    def __str__(self) -> str:
        return self.title_nl


class CovenantParty(models.Model):
    """A signatory, by category (government, investors, developers, users, financiers)."""

    covenant = models.ForeignKey(
        Covenant, on_delete=models.CASCADE, related_name="parties", verbose_name=_("covenant")
    )
    abbreviation = models.CharField(_("abbreviation"), max_length=30)
    name = models.CharField(_("name"), max_length=300)
    category = models.CharField(_("category"), max_length=20, choices=PartyCategory.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("covenant party")
        verbose_name_plural = _("covenant parties")
        ordering = ["category", "abbreviation"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "abbreviation"], name="party_unique_abbreviation"
            )
        ]

    def __str__(self) -> str:
        return self.abbreviation


class Commitment(models.Model):
    """One commitment of the covenant, in Dutch with an English translation, and its due rule."""

    covenant = models.ForeignKey(
        Covenant, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("covenant")
    )
    code = models.SlugField(_("code"), max_length=60)
    party_category = models.CharField(
        _("party category"), max_length=20, choices=PartyCategory.choices
    )
    title_nl = models.CharField(_("title (Dutch)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    text_nl = models.TextField(_("text (Dutch)"))
    text_en = models.TextField(_("text (English)"))
    due_rule_nl = models.CharField(_("due rule (Dutch)"), max_length=300, blank=True)
    due_rule_en = models.CharField(_("due rule (English)"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    applies_to_priority_regions_only = models.BooleanField(
        default=False, verbose_name=_("priority regions only")
    )
    per_region = models.BooleanField(_("tracked per office region"), default=False)
    data_check = models.CharField(
        _("checked from the data"), max_length=40, choices=DataCheck.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["covenant", "code"], name="commitment_unique_code")
        ]

    def __str__(self) -> str:
        return self.title_nl


class CommitmentProgress(TimeStampedModel):
    """The progress of one commitment, for a region and/or party, with evidence, reported by a
    portal user (`updated_by`) or through the API with a key (`reported_by_client`).

    `overdue` is not stored: it is computed from the due date by the selectors.
    """

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="progress", verbose_name=_("commitment")
    )
    office_region = models.ForeignKey(
        "regions.OfficeRegion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("office region"),
    )
    party = models.ForeignKey(
        CovenantParty,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name=_("covenant party"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
    )
    note = models.TextField(_("note"), blank=True)
    evidence_url = models.URLField(_("evidence (link)"), blank=True)
    reported_on = models.DateField(_("reported on"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )
    reported_by_client = models.ForeignKey(
        "accounts.ApiClient",
        verbose_name=_("reported by API client"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("commitment progress")
        verbose_name_plural = _("commitment progress")
        ordering = ["commitment", "-reported_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s for s in ProgressStatus.values if s != "overdue"]),
                name="progress_status_stored_not_overdue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment.code}: {self.get_status_display()}"
