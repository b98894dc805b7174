"""The marker of a loaded demo dataset."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoDataset(models.Model):
    """One loaded national demo dataset: written last, in the same transaction as the data, so
    its presence means the whole dataset is there and a second load returns at once."""

    seed = models.PositiveIntegerField(_("seed"))
    history_end = models.DateField(_("vacancy history up to"))
    building_count = models.PositiveIntegerField(_("buildings"))
    record_count = models.PositiveIntegerField(_("vacancy records"))
    duration_seconds = models.DecimalField(_("load time (s)"), max_digits=8, decimal_places=1)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("demo dataset")
        verbose_name_plural = _("demo datasets")

    def __str__(self) -> str:
        return f"Demo dataset (seed {self.seed}, history to {self.history_end})"
