from django.db import models
from django.utils.translation import gettext_lazy as _


class EnergyLabel(models.TextChoices):
    A5 = "A+++++", "A+++++"
    A4 = "A++++", "A++++"
    A3 = "A+++", "A+++"
    A2 = "A++", "A++"
    A1 = "A+", "A+"
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"
    E = "E", "E"
    F = "F", "F"
    G = "G", "G"


# Classes that meet the office label-C duty (Bouwbesluit 2012 art. 5.11) and those that break it.
LABEL_C_OR_BETTER = ("A+++++", "A++++", "A+++", "A++", "A+", "A", "B", "C")
LABEL_BELOW_C = ("D", "E", "F", "G")


class LabelCDuty(models.TextChoices):
    """An office building's standing under the label-C duty on a date (from 2023-01-01)."""

    EXEMPT = "exempt", _("Exempt")
    COMPLIANT = "compliant", _("Compliant")
    NON_COMPLIANT = "non_compliant", _("Non-compliant")
    UNKNOWN = "unknown", _("Unknown")


class BuildingStatus(models.TextChoices):
    IN_USE = "in_use", _("In use as office")
    TRANSFORMING = "transforming", _("Being transformed")
    TRANSFORMED = "transformed", _("Transformed to another use")
    DEMOLISHED = "demolished", _("Demolished")


class RecordSource(models.TextChoices):
    OWNER = "owner", _("Owner")
    MUNICIPALITY = "municipality", _("Municipality")
    PROVINCE = "province", _("Province")
    SURVEY = "survey", _("Survey")
    IMPORT = "import", _("Import")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PLAN_SUBMITTED = "plan_submitted", _("Plan submitted")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


ACTIVE_FLAG_STATUSES = (FlagStatus.OPEN, FlagStatus.PLAN_SUBMITTED)


class FlagResolution(models.TextChoices):
    WITHDRAWN_FROM_STOCK = "withdrawn_from_stock", _("Withdrawn from the office stock")
    BELOW_AREA_THRESHOLD = "below_area_threshold", _("Below the area threshold")
    VACANCY_BELOW_THRESHOLD = "vacancy_below_threshold", _("Vacancy below the threshold")


class PlanKind(models.TextChoices):
    TRANSFORMATION = "transformation", _("Transformation to another use")
    DEMOLITION = "demolition", _("Demolition")
    RENOVATION = "renovation", _("Renovation (quality and sustainability)")
    RE_LETTING = "re_letting", _("Re-letting")


# Completing a plan of these kinds withdraws the building from the office stock.
WITHDRAWING_PLAN_KINDS = (PlanKind.TRANSFORMATION, PlanKind.DEMOLITION)


class TargetUse(models.TextChoices):
    HOUSING = "housing", _("Housing")
    STUDENT_HOUSING = "student_housing", _("Student housing")
    HOTEL = "hotel", _("Hotel")
    EDUCATION = "education", _("Education")
    CARE = "care", _("Care")
    MIXED = "mixed", _("Mixed")
    OTHER = "other", _("Other")


class FinancingStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_DISCUSSION = "in_discussion", _("In discussion")
    COMMITTED = "committed", _("Committed")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TransactionKind(models.TextChoices):
    LEASE = "lease", _("Lease")
    SALE = "sale", _("Sale")


class ImportJobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed: nothing written")


class RegisterKind(models.TextChoices):
    """The national registers whose files the upload page imports (issue 13)."""

    BAG = "bag", _("BAG extract")
    EP_ONLINE = "ep_online", _("EP-Online energy labels")


class RegisterLineKind(models.TextChoices):
    """A line of a register import's report."""

    SKIPPED = "skipped", _("Skipped")
    MISSING = "missing", _("Missing from the extract")
