import factory

from regions.models import DesignatedArea, Municipality, OfficeRegion, Province


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "PV26"
    name = "Utrecht"


class OfficeRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeRegion
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"test-region-{n}")
    name = factory.Sequence(lambda n: f"Testregio {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """A test municipality with a code no real municipality uses (GM9xxx)."""

    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM9{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    province = factory.SubFactory(ProvinceFactory)


class DesignatedAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DesignatedArea

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Gebied {n}")
    kind = "growth"
