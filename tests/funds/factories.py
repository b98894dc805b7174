import datetime
from decimal import Decimal

import factory

from funds.choices import ApplicationStatus, CompensationKind, EntryKind
from funds.models import CompensationApplication, Fund, LedgerEntry
from tests.accounts.factories import OrganisationFactory
from tests.buildings.factories import BuildingFactory
from tests.regions.factories import OfficeRegionFactory


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    office_region = factory.SubFactory(OfficeRegionFactory)
    name = factory.Sequence(lambda n: f"Kantorenfonds {n}")
    manager = factory.SubFactory(OrganisationFactory, kind="fund")


class CompensationApplicationFactory(factory.django.DjangoModelFactory):
    """An approved application, ready to be paid (created directly, not through a service)."""

    class Meta:
        model = CompensationApplication

    fund = factory.SubFactory(FundFactory)
    building = factory.SubFactory(BuildingFactory)
    applicant = factory.SubFactory(OrganisationFactory)
    kind = CompensationKind.SANITATION
    office_m2_withdrawn = 1000
    amount_requested_eur = Decimal("10.00")
    amount_granted_eur = factory.SelfAttribute("amount_requested_eur")
    status = ApplicationStatus.APPROVED

    class Params:
        # Awaiting the fund manager's review: nothing granted yet.
        submitted = factory.Trait(status=ApplicationStatus.SUBMITTED, amount_granted_eur=None)


class ContributionFactory(factory.django.DjangoModelFactory):
    """A contribution written directly (bypassing the service), for setting up balances."""

    class Meta:
        model = LedgerEntry

    fund = factory.SubFactory(FundFactory)
    kind = EntryKind.CONTRIBUTION
    amount_eur = Decimal("100.00")
    booked_on = datetime.date(2024, 1, 1)
    description = "Bijdrage"
