"""The Leegstandwet register: ordinances, reports, cases and disputes of vacancy records."""

from vacancy_law.models.cases import VacancyCase, VacancyReport
from vacancy_law.models.disputes import RecordDispute
from vacancy_law.models.letters import CaseLetter
from vacancy_law.models.ordinances import MINIMUM_REPORTING_PERIOD_MONTHS, VacancyOrdinance

__all__ = [
    "CaseLetter",
    "MINIMUM_REPORTING_PERIOD_MONTHS",
    "RecordDispute",
    "VacancyCase",
    "VacancyOrdinance",
    "VacancyReport",
]
