"""One factories module per app (tests/<app>/factories.py), each trait building a row the
model's own validation and the database's constraints accept."""

import pytest

from tests.accounts.factories import MembershipFactory
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory
from tests.covenants.factories import CommitmentFactory
from tests.funds.factories import CompensationApplicationFactory
from tests.vacancy_law.factories import OrdinanceFactory

pytestmark = pytest.mark.django_db


def test_factories_build_a_valid_record(db):
    record = VacancyRecordFactory(vacant_area_m2=100)
    record.full_clean()
    assert record.building.municipality.province.code == "PV26"


@pytest.mark.parametrize(
    ("factory", "trait", "check"),
    [
        (BuildingFactory, "owned", lambda b: b.owner.kind == "investor"),
        (BuildingFactory, "withdrawn", lambda b: b.withdrawn_on is not None),
        (
            VacancyRecordFactory,
            "vacant",
            lambda r: r.vacant_area_m2 == r.building.lettable_floor_area_m2,
        ),
        (FlagFactory, "resolved", lambda f: f.status == "resolved"),
        (FlagFactory, "dismissed", lambda f: f.status == "dismissed"),
        (
            MembershipFactory,
            "municipal_officer",
            lambda m: m.organisation.municipality is not None and m.role == "municipal_officer",
        ),
        (
            MembershipFactory,
            "provincial_officer",
            lambda m: m.organisation.province is not None and m.role == "provincial_officer",
        ),
        (MembershipFactory, "fund_manager", lambda m: m.organisation.kind == "fund"),
        (CompensationApplicationFactory, "submitted", lambda a: a.amount_granted_eur is None),
        (CommitmentFactory, "per_office_region", lambda c: c.per_region),
        (CommitmentFactory, "priority_regions_only", lambda c: c.applies_to_priority_regions_only),
        (OrdinanceFactory, "broad", lambda o: o.minimum_area_m2 == 1000),
        (OrdinanceFactory, "revised", lambda o: o.reporting_period_months == 12),
    ],
)
def test_every_trait_builds_a_valid_row(factory, trait, check):
    obj = factory(**{trait: True})
    obj.full_clean()
    assert check(obj)
