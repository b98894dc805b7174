from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    CONTRIBUTION = "contribution", _("Contribution")
    PAYOUT = "payout", _("Payout")
    ADJUSTMENT = "adjustment", _("Adjustment")


class CompensationKind(models.TextChoices):
    SANITATION = "sanitation", _("Sanitation (taken out of the market)")
    DEMOLITION = "demolition", _("Demolition")
    TRANSFORMATION = "transformation", _("Transformation")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", _("Paid")
