from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    PROVINCE = "province", _("Province")
    NATIONAL = "national", _("National government")
    INVESTOR = "investor", _("Investor / owner")
    FUND = "fund", _("Regional office fund")
    ASSOCIATION = "association", _("Association")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    MUNICIPAL_OFFICER = "municipal_officer", _("Municipal officer")
    PROVINCIAL_OFFICER = "provincial_officer", _("Provincial officer")
    NATIONAL_OFFICER = "national_officer", _("National officer")
    INVESTOR = "investor", _("Investor")
    FUND_MANAGER = "fund_manager", _("Fund manager")


class ApiScope(models.TextChoices):
    PROVINCE = "province", _("One province")
    NATIONAL = "national", _("The whole country")


class NotificationKind(models.TextChoices):
    FLAG_CREATED = "flag_created", _("New structural-vacancy flag")
    FLAG_REMINDER = "flag_reminder", _("Flag open without a plan")
    PLAN_SUBMITTED = "plan_submitted", _("Plan submitted")
    PLAN_DECIDED = "plan_decided", _("Plan decided")
    PLAN_CHANGES_REQUESTED = "plan_changes_requested", _("Changes to a plan requested")
    PLAN_COMMENT = "plan_comment", _("Comment on a plan")
    IMPORT_FINISHED = "import_finished", _("Import finished")
    APPLICATION_DECIDED = "application_decided", _("Compensation application decided")
    VACANCY_CASE_OPENED = "vacancy_case_opened", _("Vacancy case opened")
    VACANCY_CASE_STEP = "vacancy_case_step", _("Step in a vacancy case")
    VACANCY_CASE_OVERDUE = "vacancy_case_overdue", _("Vacancy case step overdue")
    RECORD_DISPUTED = "record_disputed", _("Vacancy record disputed")
    RECORD_DISPUTE_DECIDED = "record_dispute_decided", _("Dispute of a vacancy record decided")
    COMMITMENT_REMINDER = "commitment_reminder", _("Covenant commitment due or overdue")
    APPLICATION_REMINDER = "application_reminder", _("Compensation application awaiting a decision")
