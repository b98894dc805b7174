import datetime

import factory

from buildings.choices import BuildingStatus, FlagResolution, FlagStatus
from buildings.models import (
    Building,
    EnergyLabelRegistration,
    StructuralVacancyFlag,
    Unit,
    VacancyRecord,
)
from tests.accounts.factories import OrganisationFactory
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

    class Params:
        # An investor's building (an owner organisation of its own).
        owned = factory.Trait(owner=factory.SubFactory(OrganisationFactory, kind="investor"))
        # Demolished and out of the office stock since the start of 2025.
        withdrawn = factory.Trait(
            status=BuildingStatus.DEMOLISHED, withdrawn_on=datetime.date(2025, 1, 1)
        )


class VacancyRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VacancyRecord

    building = factory.SubFactory(BuildingFactory)
    observed_on = datetime.date(2012, 6, 30)
    vacant_area_m2 = 0
    source = "survey"

    class Params:
        # The whole building vacant on the record's date.
        vacant = factory.Trait(
            vacant_area_m2=factory.SelfAttribute("building.lettable_floor_area_m2")
        )


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StructuralVacancyFlag

    building = factory.SubFactory(BuildingFactory)
    vacant_since = datetime.date(2009, 6, 30)
    flagged_on = datetime.date(2012, 6, 30)

    class Params:
        resolved = factory.Trait(
            status=FlagStatus.RESOLVED,
            resolved_on=datetime.date(2013, 6, 30),
            resolution=FlagResolution.VACANCY_BELOW_THRESHOLD,
        )
        dismissed = factory.Trait(
            status=FlagStatus.DISMISSED,
            resolved_on=datetime.date(2013, 6, 30),
            dismissal_reason="Verkeerd geregistreerd",
        )


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    bag_id = factory.Sequence(lambda n: f"999901{n:010d}")
    building = factory.SubFactory(BuildingFactory)
    uses = ["kantoorfunctie"]
    area_m2 = 1000
    status = "Verblijfsobject in gebruik"
    extract_date = datetime.date(2026, 11, 1)


class EnergyLabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnergyLabelRegistration

    unit_bag_id = factory.LazyAttribute(lambda o: UnitFactory().bag_id)
    energy_class = "C"
    recorded_on = datetime.date(2022, 3, 1)
    registered_on = datetime.date(2022, 3, 2)
    valid_until = datetime.date(2032, 3, 1)
    published_on = datetime.date(2026, 11, 1)
