"""Smaller page defects of issue 11 in the workflows: the development form says a BAG id is
expected, and the market transactions are paged like the other lists."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from buildings.models import MarketTransaction

pytestmark = pytest.mark.django_db


def test_the_building_left_behind_asks_for_a_bag_id(world):
    client = Client()
    client.force_login(world.officer_a)
    text = client.get("/ontwikkelingen/nieuw").content.decode()
    field = text[text.index('for="id_building_left_behind_bag_id"') :]
    field = field[: field.index("</div>")]
    assert "BAG-pand-id" in field
    assert "16 cijfers" in field
    assert 'aria-describedby="id_building_left_behind_bag_id-help"' in field
    assert 'id="id_building_left_behind_bag_id-help"' in field
    assert 'inputmode="numeric"' in field


def test_the_transactions_are_paged(world, building_a):
    # 30 years with five transactions each: 30 published groups.
    MarketTransaction.objects.bulk_create(
        MarketTransaction(
            building=building_a,
            kind="sale",
            transaction_date=datetime.date(1990 + year, 6, 1),
            area_m2=100,
            price_eur=Decimal("100000.00"),
        )
        for year in range(30)
        for _ in range(5)
    )
    first = Client().get("/transacties").content.decode()
    assert first.count('<tr class="utrecht-table__row">') == 1 + 25  # the header and 25 groups
    assert "Pagina 1 van 2" in first
    assert 'rel="next" href="?page=2"' in first
    second = Client().get("/transacties?page=2").content.decode()
    assert second.count('<tr class="utrecht-table__row">') == 1 + 5
    assert "Pagina 2 van 2" in second
