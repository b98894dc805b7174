"""The letters of a case: one Dutch PDF per step, from the municipality's template."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseLetter(models.Model):
    """A letter of a case step, stored as a PDF with the case (vacancy_law.services.letters)."""

    case = models.ForeignKey(
        "vacancy_law.VacancyCase",
        on_delete=models.CASCADE,
        related_name="letters",
        verbose_name=_("vacancy case"),
    )
    step = models.CharField(_("step"), max_length=20)
    file = models.FileField(_("file"), upload_to="vacancy-letters/%Y/")
    file_name = models.CharField(_("file name"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case letter")
        verbose_name_plural = _("case letters")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="case_letter_one_per_step")
        ]

    def __str__(self) -> str:
        return self.file_name
