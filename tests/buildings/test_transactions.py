"""Market transactions: who registers, validation, and aggregates only over five or more."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from buildings.models import MarketTransaction
from buildings.selectors.transactions import transaction_aggregates
from buildings.services.transactions import market_transaction_register

pytestmark = pytest.mark.django_db

DAY = datetime.date(2013, 3, 1)


def _lease(world, building, rent="150.00", **kwargs):
    values = {
        "user": world.officer_a,
        "building": building,
        "kind": "lease",
        "transaction_date": DAY,
        "area_m2": 1000,
        "annual_rent_per_m2_eur": Decimal(rent),
        "term_months": 60,
    }
    values.update(kwargs)
    return market_transaction_register(**values)


def test_who_registers(world, building_a):
    for user in (world.investor_b_user, world.officer_b, world.fund_manager):
        with pytest.raises(PermissionDenied):
            _lease(world, building_a, user=user)
    assert _lease(world, building_a, user=world.investor_a_user).pk
    assert _lease(world, building_a, user=world.officer_a).pk


def test_validation(world, building_a):
    with pytest.raises(ValidationError) as excinfo:
        _lease(world, building_a, annual_rent_per_m2_eur=None, term_months=None)
    assert set(excinfo.value.error_dict) == {"annual_rent_per_m2_eur", "term_months"}
    with pytest.raises(ValidationError) as excinfo:
        _lease(world, building_a, area_m2=building_a.lettable_floor_area_m2 + 1)
    assert set(excinfo.value.error_dict) == {"area_m2"}
    with pytest.raises(ValidationError) as excinfo:
        market_transaction_register(
            user=world.officer_a,
            building=building_a,
            kind="sale",
            transaction_date=DAY,
            area_m2=1000,
        )
    assert set(excinfo.value.error_dict) == {"price_eur"}
    assert not MarketTransaction.objects.filter(building=building_a).exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"annual_rent_per_m2_eur": None}, "annual_rent_per_m2_eur"),
        ({"term_months": None}, "term_months"),
        ({"rent_free_months": 61}, "rent_free_months"),
        ({"other_incentives_eur": Decimal("-1")}, "other_incentives_eur"),
        ({"transaction_date": datetime.date(2999, 1, 1)}, "transaction_date"),
        ({"kind": "sale", "annual_rent_per_m2_eur": None, "term_months": None}, "price_eur"),
    ],
)
def test_an_error_names_its_field_in_the_words_of_its_label(world, building_a, values, field):
    """The form's label says "Jaarhuur per m2 (EUR)": its error speaks of the "jaarhuur" too."""
    with pytest.raises(ValidationError) as excinfo:
        _lease(world, building_a, **values)
    with translation.override("nl"):
        label = str(MarketTransaction._meta.get_field(field).verbose_name)
        label = re.sub(r"\s*\([^)]*\)$", "", label).lower()  # without its unit, "(EUR)"
        messages = [str(error.message) for error in excinfo.value.error_dict[field]]
    assert all(label in message.lower() for message in messages), (label, messages)


def test_aggregates_hidden_below_five(world, building_a):
    region = world.municipality_a.office_region
    rents = ["100.00", "120.00", "150.00", "200.00"]
    for rent in rents:
        _lease(world, building_a, rent=rent)
    assert transaction_aggregates(office_region=region, year=2013) == []
    _lease(
        world, building_a, rent="300.00", rent_free_months=12, other_incentives_eur=Decimal("50000")
    )
    (row,) = transaction_aggregates(office_region=region, year=2013)
    assert (row.transactions, row.leases, row.year) == (5, 5, 2013)
    assert row.median_rent_per_m2_eur == Decimal("150.00")
    # 300 over 60 months with 12 free = 240; 50,000 over 5 years and 1,000 m2 = 10 per m2 a year.
    # The effective rents are 100, 120, 150, 200 and 230: the median is 150.
    assert row.median_effective_rent_per_m2_eur == Decimal("150.00")
    # Another year stays hidden with fewer than five.
    _lease(world, building_a, transaction_date=datetime.date(2014, 1, 1))
    assert [r.year for r in transaction_aggregates(office_region=region)] == [2013]


def test_effective_rent_median(world, building_a):
    region = world.municipality_a.office_region
    for _ in range(5):
        _lease(
            world,
            building_a,
            rent="200.00",
            rent_free_months=6,
            term_months=60,
            other_incentives_eur=Decimal("25000.00"),
        )
    (row,) = transaction_aggregates(office_region=region, year=2013)
    # 200 * 54/60 = 180, minus 25,000 * 12 / (60 * 1,000) = 5.
    assert row.median_effective_rent_per_m2_eur == Decimal("175.00")


def test_rent_medians_need_five_leases(world, building_a):
    region = world.municipality_a.office_region
    for _ in range(4):
        _lease(world, building_a)
    market_transaction_register(
        user=world.officer_a,
        building=building_a,
        kind="sale",
        transaction_date=DAY,
        area_m2=1000,
        price_eur=Decimal("2000000.00"),
    )
    (row,) = transaction_aggregates(office_region=region, year=2013)
    assert (row.transactions, row.leases, row.sales) == (5, 4, 1)
    assert row.median_rent_per_m2_eur is None
    assert row.median_effective_rent_per_m2_eur is None
