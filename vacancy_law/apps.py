from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VacancyLawConfig(AppConfig):
    name = "vacancy_law"
    verbose_name = _("Vacancy Act register")
