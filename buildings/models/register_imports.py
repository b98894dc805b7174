"""Background imports of the national registers' files (BAG extracts, EP-Online), with reports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from buildings.choices import ImportJobStatus, RegisterKind, RegisterLineKind
from buildings.querysets import RegisterImportQuerySet
from kantorentop.core.models import TimeStampedModel


class RegisterImport(TimeStampedModel):
    """One uploaded register file, imported in the background: its options, its progress (0 to
    100, written while the import runs) and its outcome, the report's lines beside it.

    `municipality` is the reach of the import and of who may read its report: a municipal
    officer's own municipality, or empty for an administrator's import of the whole file."""

    kind = models.CharField(_("kind"), max_length=20, choices=RegisterKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ImportJobStatus.choices,
        default=ImportJobStatus.PENDING,
    )
    file = models.FileField(_("file"), upload_to="registers/%Y/", blank=True)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    size_bytes = models.BigIntegerField(_("size in bytes"), default=0)
    municipality = models.ForeignKey(
        "regions.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    withdraw_missing = models.BooleanField(_("withdraw missing buildings"), default=False)
    force = models.BooleanField(_("import an older extract"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    counts = models.JSONField(_("counts"), default=list, blank=True)  # [[word, n], ...]
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    extract_date = models.DateField(_("extract date"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = RegisterImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="register_import_progress_max_100"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=RegisterKind.values), name="register_import_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"


class RegisterImportLine(models.Model):
    """One line of an import's report: a skipped pand or file row, or a building of the portal
    the extract does not have, with the reason code (put in words by the report)."""

    register_import = models.ForeignKey(
        RegisterImport,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("register import"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RegisterLineKind.choices)
    reference = models.CharField(_("reference"), max_length=64)
    reason = models.CharField(_("reason"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("register import line")
        verbose_name_plural = _("register import lines")
        ordering = ["register_import", "kind", "id"]
        indexes = [models.Index(fields=["register_import", "kind", "id"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.reason}"
