"""A figure that nothing is known about says "onbekend" (unknown), never 0,0%: the vacancy rate of a
stock without any record on the date, and the rate and coverage of an area without stock. The
API says the same with its coverage next to the rate (domain spec: null when the stock is 0)."""

import datetime
import re

import pytest
from django.test import Client
from django.utils.html import strip_tags

from tests.buildings.factories import BuildingFactory, VacancyRecordFactory


@pytest.fixture
def utrecht_recorded_since_2011(utrecht):
    """A building of unknown completion (so in the stock on any date), first recorded in 2011."""
    building = BuildingFactory(bag_id="0344100000000041", municipality=utrecht)
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2011, 12, 31), vacant_area_m2=3000
    )
    return building


def _tile(html, key):
    tile = html.split(f'id="tile-{key}"')[1].split("</li>")[0]
    value = tile.split('kt-tile__value">')[1].split("</p>")[0]
    secondary = (
        tile.split('kt-tile__secondary">')[1].split("</p>")[0] if "secondary" in tile else ""
    )
    return strip_tags(value), strip_tags(secondary)


@pytest.mark.django_db
def test_a_date_before_any_record_shows_the_rate_as_unknown(utrecht_recorded_since_2011):
    html = Client().get("/gemeenten/GM0344?datum=01-01-1990").text
    values = re.findall(r'kt-tile__value">([^<]*)<', html)
    assert "0,0%" not in values
    value, secondary = _tile(html, "vacancy")
    assert value == "onbekend"
    # The stock is known (one building), none of its vacancy is.
    assert secondary == "dekking 0,0%"
    assert _tile(html, "fully")[0] == "onbekend"
    assert _tile(html, "structural")[0] == "onbekend"
    assert _tile(html, "stock")[0] == "6.000 m2"


@pytest.mark.django_db
def test_a_known_date_shows_the_figures(utrecht_recorded_since_2011):
    html = Client().get("/gemeenten/GM0344?datum=01-01-2012").text
    assert _tile(html, "vacancy") == ("50,0%", "dekking 100,0%")
    assert _tile(html, "fully")[0] == "0"


@pytest.mark.django_db
def test_an_area_without_stock_shows_rate_and_coverage_as_unknown(utrecht):
    html = Client().get("/gemeenten/GM0344").text
    assert _tile(html, "vacancy") == ("onbekend", "dekking onbekend")
    english = Client(headers={"cookie": "django_language=en"}).get("/gemeenten/GM0344").text
    assert _tile(english, "vacancy") == ("unknown", "coverage unknown")


@pytest.mark.django_db
def test_the_trend_has_no_rate_where_nothing_is_known(utrecht):
    building = BuildingFactory(bag_id="0344100000000042", municipality=utrecht)
    VacancyRecordFactory(building=building, observed_on=datetime.date(2009, 1, 1), vacant_area_m2=0)
    response = Client().get("/gemeenten/GM0344?datum=31-12-2009")
    trend = response.context["trend"]
    by_date = dict(zip(trend["dates"], trend["vacancy"], strict=True))
    assert by_date["2008-12-31"] is None
    assert by_date["2009-03-31"] == 0.0
