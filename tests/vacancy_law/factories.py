import datetime

import factory

from regions.models import Municipality
from vacancy_law.models import VacancyOrdinance


class OrdinanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VacancyOrdinance

    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="GM0344"))
    title = "Leegstandverordening Utrecht"
    adopted_on = datetime.date(2012, 1, 1)
    in_force_from = datetime.date(2012, 1, 1)
    building_kinds = ["office"]
    minimum_area_m2 = 0
    reporting_period_months = 6
    consultation_period_months = 3
    designation_period_months = 12
    compliance_period_months = 3

    class Params:
        # An ordinance for shops as well as offices, of buildings of 1,000 m2 or more.
        broad = factory.Trait(building_kinds=["office", "shop"], minimum_area_m2=1000)
        # A later version with a longer reporting period.
        revised = factory.Trait(
            title="Leegstandverordening Utrecht 2026",
            adopted_on=datetime.date(2026, 1, 15),
            in_force_from=datetime.date(2026, 2, 1),
            reporting_period_months=12,
        )


def report_submitted(owner, building, **values):
    """The owner's report of a building vacant since 29-02-2024, 2.500 m2, submitted on
    31-08-2025 through the service (which opens the case); `values` override any of these."""
    from vacancy_law import services

    defaults = {
        "vacant_since": datetime.date(2024, 2, 29),
        "vacant_area_m2": 2500,
        "contact_name": "J. de Vries",
        "contact_email": "j.devries@example.nl",
        "reported_on": datetime.date(2025, 8, 31),
    }
    return services.vacancy_report_submit(user=owner, building=building, **{**defaults, **values})
