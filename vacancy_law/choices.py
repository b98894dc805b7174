from django.db import models
from django.utils.translation import gettext_lazy as _


class BuildingKind(models.TextChoices):
    """Categories of buildings an ordinance may cover (Leegstandwet art. 3(1))."""

    OFFICE = "office", _("Offices")
    SHOP = "shop", _("Shops")
    INDUSTRIAL = "industrial", _("Industrial buildings")
    OTHER = "other", _("Other buildings")


class CaseOrigin(models.TextChoices):
    REPORT = "report", _("Report by the owner")
    DETECTION = "detection", _("Detected from the vacancy records")


class CaseStatus(models.TextChoices):
    """The step a case has reached (docs/adr/0018-leegstandwet-periods.md)."""

    DETECTED = "detected", _("Detected, awaiting the owner's report")
    REPORTED = "reported", _("Reported, awaiting consultation")
    CONSULTED = "consulted", _("Consulted, awaiting the decision")
    DECIDED = "decided", _("Decided, awaiting compliance")
    COMPLIED = "complied", _("Complied, awaiting closure")
    CLOSED = "closed", _("Closed")


OPEN_CASE_STATUSES = tuple(s for s in CaseStatus.values if s != CaseStatus.CLOSED)
# An officer confirms the owner's report up to the decision: the consultation is held on it, the
# decision rests on what was established by then, and a decided or closed case is past it.
REPORT_CONFIRMABLE_STATUSES = (CaseStatus.REPORTED.value, CaseStatus.CONSULTED.value)


class CaseStep(models.TextChoices):
    """The step a case waits for; each has its deadline (vacancy_law.periods)."""

    REPORT = "report", _("Report")
    CONSULTATION = "consultation", _("Consultation")
    DECISION = "decision", _("Decision")
    COMPLIANCE = "compliance", _("Compliance")
    CLOSURE = "closure", _("Closure")


class CaseEvent(models.TextChoices):
    """The events of a case's history, recorded as `vacancy_law.vacancycase.<value>` in the
    audit trail (vacancy_law.services.common.audit_step) and shown by their label."""

    OPENED = "opened", _("Case opened")
    REPORTED = "reported", _("Vacancy reported by the owner")
    CONSULTED = "consulted", _("Consultation recorded")
    DECIDED = "decided", _("Decision recorded")
    COMPLIED = "complied", _("Compliance recorded")
    CLOSED = "closed", _("Case closed")
    LETTER = "letter", _("Letter drawn up")
    REMINDED = "reminded", _("Reminder of an overdue step sent")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CONFIRMED = "confirmed", _("Confirmed by the municipality")


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Awaiting a decision")
    UPHELD = "upheld", _("Record upheld")
    CORRECTED = "corrected", _("Record corrected")
