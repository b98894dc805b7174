import datetime

import factory

from covenants.models import Commitment, Covenant


class CovenantFactory(factory.django.DjangoModelFactory):
    """A covenant of its own (the migrations load the real one, slug `convenant-2012`)."""

    class Meta:
        model = Covenant
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"test-convenant-{n}")
    title_nl = "Testconvenant"
    title_en = "Test covenant"
    signed_on = datetime.date(2012, 6, 27)
    term_years = 5


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    covenant = factory.SubFactory(CovenantFactory)
    code = factory.Sequence(lambda n: f"test-commitment-{n}")
    party_category = "government"
    title_nl = "Afspraak"
    title_en = "Commitment"
    text_nl = "Tekst"
    text_en = "Text"

    class Params:
        # Progress is recorded per office region (a row per region on the scoreboard).
        per_office_region = factory.Trait(per_region=True)
        priority_regions_only = factory.Trait(
            per_region=True, applies_to_priority_regions_only=True
        )
