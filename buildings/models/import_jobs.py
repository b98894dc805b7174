"""Background imports of vacancy records."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from buildings.choices import ImportJobStatus
from kantorentop.core.models import TimeStampedModel


class ImportJob(TimeStampedModel):
    """A background import of vacancy records, with progress the dashboard can poll."""

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ImportJobStatus.choices,
        default=ImportJobStatus.PENDING,
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/")
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    api_client = models.ForeignKey(
        "accounts.ApiClient",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("API client"),
    )
    total_rows = models.PositiveIntegerField(_("total rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("processed rows"), default=0)
    created_count = models.PositiveIntegerField(_("records created"), default=0)
    updated_count = models.PositiveIntegerField(_("records updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("records unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
