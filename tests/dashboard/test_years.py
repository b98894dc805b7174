"""Years are written as years: `2003`, never `2.003` (Dutch) or `2,003` (English), although the
portal writes other numbers with a thousands separator (USE_THOUSAND_SEPARATOR)."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from buildings.models import MarketTransaction
from kantorentop.core.templatetags import dutch
from regions.models import RegionalVision
from tests.buildings.factories import BuildingFactory


@pytest.mark.parametrize(
    ("value", "expected"), [(2003, "2003"), ("2022", "2022"), (None, "–"), ("", "–")]
)
def test_year_filter(value, expected):
    assert dutch.year(value) == expected


def _in_english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.django_db
def test_building_page_construction_year(client_as, utrecht):
    building = BuildingFactory(bag_id="0344100000000031", municipality=utrecht)
    building.construction_year = 2003
    building.save()
    client = client_as("utrecht")
    html = client.get("/gebouwen/0344100000000031").text
    assert "<dd>2003</dd>" in html
    assert "2.003" not in html
    english = _in_english(client).get("/gebouwen/0344100000000031").text
    assert "<dd>2003</dd>" in english
    assert "2,003" not in english


@pytest.mark.django_db
def test_region_page_target_year(client_as, utrecht):
    region = utrecht.office_region
    RegionalVision.objects.update_or_create(
        office_region=region,
        defaults={"status": "adopted", "adopted_on": "2013-05-01", "target_year": 2022},
    )
    html = Client().get(f"/kantorenregios/{region.slug}").text
    assert "doeljaar 2022" in html
    assert "2.022" not in html
    english = _in_english(Client()).get(f"/kantorenregios/{region.slug}").text
    assert "target year 2022" in english


@pytest.mark.django_db
def test_transaction_statistics_year(utrecht):
    building = BuildingFactory(municipality=utrecht, lettable_floor_area_m2=6000)
    for rent in ("100.00", "120.00", "150.00", "200.00", "300.00"):
        MarketTransaction.objects.create(
            building=building,
            kind="lease",
            transaction_date=datetime.date(2008, 3, 1),
            area_m2=1000,
            annual_rent_per_m2_eur=Decimal(rent),
            term_months=60,
        )
    html = Client().get("/transacties").text
    assert ">2008</td>" in html
    assert "2.008" not in html


@pytest.mark.django_db
def test_admin_lists_the_target_year_as_a_year(admin_client, utrecht):
    RegionalVision.objects.update_or_create(
        office_region=utrecht.office_region,
        defaults={"status": "adopted", "adopted_on": "2013-05-01", "target_year": 2022},
    )
    html = admin_client.get("/admin/regions/regionalvision/").text
    assert ">2022<" in html
    assert "2.022" not in html
