"""Every write of the Leegstandwet register (STYLE.md: keyword-only, typed, atomic, audited)."""

from vacancy_law.services.cases import (
    vacancy_case_close,
    vacancy_case_comply,
    vacancy_case_consult,
    vacancy_case_decide,
)
from vacancy_law.services.detection import vacancy_case_reminders_send, vacancy_cases_detect
from vacancy_law.services.disputes import record_dispute_decide, record_dispute_submit
from vacancy_law.services.ordinances import ordinance_defaults, vacancy_ordinance_create
from vacancy_law.services.reports import vacancy_report_confirm, vacancy_report_submit

__all__ = [
    "ordinance_defaults",
    "record_dispute_decide",
    "record_dispute_submit",
    "vacancy_case_close",
    "vacancy_case_comply",
    "vacancy_case_consult",
    "vacancy_case_decide",
    "vacancy_case_reminders_send",
    "vacancy_cases_detect",
    "vacancy_ordinance_create",
    "vacancy_report_confirm",
    "vacancy_report_submit",
]
