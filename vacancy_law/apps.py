from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VacancyLawConfig(AppConfig):
    name = "vacancy_law"
    verbose_name = _("Vacancy Act register")

    def ready(self) -> None:
        # The building page lists the building's cases and disputes; the buildings app, a floor
        # down, cannot import this app nor include its templates, so the register adds its
        # section here.
        from buildings.page_sections import building_page_section_add
        from vacancy_law.selectors import building_register

        building_page_section_add(building_register, template="vacancy_law/_building_cases.html")
