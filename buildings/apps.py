from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuildingsConfig(AppConfig):
    name = "buildings"
    verbose_name = _("Buildings")

    def ready(self) -> None:
        from buildings.selectors.flags import flags_active_by_status
        from kantorentop.core.metrics import scrape_gauge_register

        scrape_gauge_register(
            name="kantorentop_structural_vacancy_flags_active",
            label="status",
            measure=flags_active_by_status,
        )
