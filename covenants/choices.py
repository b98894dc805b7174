from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyCategory(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    INVESTORS = "investors", _("Investors")
    DEVELOPERS = "developers", _("Developers")
    USERS = "users", _("Users")
    FINANCIERS = "financiers", _("Financiers")
    ALL = "all", _("All parties")


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    AT_RISK = "at_risk", _("At risk")
    OVERDUE = "overdue", _("Overdue")


class DataCheck(models.TextChoices):
    """Commitments the portal checks itself from the data."""

    PLANS_FOR_FLAGGED = "plans_for_flagged", _("A plan for every flagged building of an investor")
    NO_NEW_OFFICE_IN_RESTRICTED = (
        "no_new_office_in_restricted",
        _("No office m2 added in restriction and transformation areas"),
    )
    PRIORITY_VISIONS_ADOPTED = (
        "priority_visions_adopted",
        _("Every priority region has an adopted vision"),
    )
