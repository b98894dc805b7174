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
