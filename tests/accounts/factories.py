import factory
from django.contrib.auth import get_user_model

from kantorentop.accounts.models import Membership, Organisation


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nl")
    password = factory.django.Password("correct-horse-battery-staple")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = "investor"

    class Params:
        # A municipality's own organisation (its officers' memberships).
        municipal = factory.Trait(
            kind="municipality",
            municipality=factory.SubFactory("tests.regions.factories.MunicipalityFactory"),
        )
        provincial = factory.Trait(
            kind="province", province=factory.SubFactory("tests.regions.factories.ProvinceFactory")
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "investor"

    class Params:
        # An officer of a municipality of its own (or of `organisation__municipality`).
        municipal_officer = factory.Trait(
            role="municipal_officer",
            organisation=factory.SubFactory(OrganisationFactory, municipal=True),
        )
        provincial_officer = factory.Trait(
            role="provincial_officer",
            organisation=factory.SubFactory(OrganisationFactory, provincial=True),
        )
        fund_manager = factory.Trait(
            role="fund_manager", organisation=factory.SubFactory(OrganisationFactory, kind="fund")
        )
