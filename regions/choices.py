from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyKind(models.TextChoices):
    GROWTH = "growth", _("Growth area")
    CONSOLIDATION = "consolidation", _("Consolidation area")
    RESTRICTION = "restriction", _("Restriction area")
    TRANSFORMATION = "transformation", _("Transformation area")


# The covenant forbids new office m2 in these areas.
NO_NEW_OFFICE_KINDS = (PolicyKind.RESTRICTION, PolicyKind.TRANSFORMATION)


class VisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class DevelopmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PERMITTED = "permitted", _("Permitted")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
