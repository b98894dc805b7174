import datetime

import factory

from buildings.models import Building, StructuralVacancyFlag, VacancyRecord
from tests.regions.factories import MunicipalityFactory


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    bag_id = factory.Sequence(lambda n: f"9999100{n:09d}")
    name = factory.Sequence(lambda n: f"Kantoor {n}")
    street = "Stationsplein"
    house_number = factory.Sequence(lambda n: str(n + 1))
    postcode = "3511 AB"
    city = "Utrecht"
    municipality = factory.SubFactory(MunicipalityFactory)
    lettable_floor_area_m2 = 6000


class VacancyRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VacancyRecord

    building = factory.SubFactory(BuildingFactory)
    observed_on = datetime.date(2012, 6, 30)
    vacant_area_m2 = 0
    source = "survey"


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StructuralVacancyFlag

    building = factory.SubFactory(BuildingFactory)
    vacant_since = datetime.date(2009, 6, 30)
    flagged_on = datetime.date(2012, 6, 30)
