"""The area page's way to the target (issue 14 item 5): its figures in Dutch notation, and the
cases without a way (no stock, unknown vacancy, below the target, a target year passed)."""

import datetime
import re

import pytest

from regions.models import RegionalVision
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory

pytestmark = pytest.mark.django_db


def _section(text):
    start = text.index('id="way-to-target"')
    return text[start : text.index("</section>", start)]


def _text(html, element_id):
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</d', html, re.S)
    assert match, element_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip()


def _vacant(utrecht, *, lettable, vacant, bag_id="0344100000000201"):
    building = BuildingFactory(bag_id=bag_id, municipality=utrecht, lettable_floor_area_m2=lettable)
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2020, 1, 1), vacant_area_m2=vacant
    )


def test_the_way_in_dutch_notation_with_the_regions_target_year(client, utrecht):
    _vacant(utrecht, lettable=100_000, vacant=15_000)
    RegionalVision.objects.create(office_region=utrecht.office_region, target_year=2030)
    way = _section(client.get("/gemeenten/GM0344?datum=30-06-2026").text)
    assert "De weg naar 5,0%" in way
    assert _text(way, "way-m2") == "10.526 m2"
    assert _text(way, "way-per-year") == "2.632 m2 over 4 jaar tot het doeljaar 2030"
    # The same vacancy since 2020: no change over the last eight quarters.
    assert _text(way, "way-trend") == "geen verandering"
    assert _text(way, "way-gap") == "bij deze trend blijft 10.526 m2 te veel leegstand over"
    assert way.count('<tr class="utrecht-table__row"><th') == 5
    assert '<td class="utrecht-table__cell utrecht-table__cell--numeric">7.895</td>' in way
    # The page is for 30 June 2026, not today: the trend runs from that date.
    assert "voort vanaf de peildatum" in way
    assert "<dt>Leegstand op de peildatum</dt>" in way
    assert "vandaag" not in way


def test_a_passed_target_year_and_the_ten_years_of_a_province(client, utrecht):
    _vacant(utrecht, lettable=100_000, vacant=15_000)
    RegionalVision.objects.create(office_region=utrecht.office_region, target_year=2020)
    way = _section(client.get("/kantorenregios/utrecht?datum=30-06-2026").text)
    assert _text(way, "way-per-year") == (
        "10.526 m2 (het doeljaar 2020 is voorbij: alles binnen een jaar)"
    )
    province = _section(client.get("/provincies/PV26?datum=30-06-2026").text)
    assert _text(province, "way-per-year") == (
        "1.053 m2 over 10 jaar (geen doeljaar van een kantorenregio)"
    )


def test_a_region_without_a_target_year_says_so(client, utrecht):
    _vacant(utrecht, lettable=100_000, vacant=15_000)
    region = _section(client.get("/kantorenregios/utrecht?datum=30-06-2026").text)
    assert _text(region, "way-per-year") == "1.053 m2 over 10 jaar (de regio heeft geen doeljaar)"


def test_below_the_target_unknown_and_no_stock(client, utrecht):
    _vacant(utrecht, lettable=100_000, vacant=4_000)
    below = _section(client.get("/gemeenten/GM0344?datum=30-06-2026").text)
    assert _text(below, "way-m2") == "0 m2"
    assert 'id="way-below"' in below
    unknown = _section(client.get("/gemeenten/GM0344?datum=30-06-2019").text)
    assert "Onbekend: van de voorraad is op deze datum geen leegstand bekend" in unknown
    assert 'id="way-chart"' not in unknown
    empty = _section(client.get("/gemeenten/GM0363?datum=30-06-2026").text)
    assert "Er is op deze datum geen kantorenvoorraad" in empty
    assert 'id="way-chart"' not in empty


def test_the_explanation_is_dutch_with_its_percentage(client, utrecht):
    _vacant(utrecht, lettable=100_000, vacant=15_000)
    way = _section(client.get("/gemeenten/GM0344?datum=30-06-2026").text)
    assert "Het onttrekken van leegstaande m2 (transformatie, sloop)" in way
    assert "(5% voor een gebied van meerdere regio's)" in way.replace("&#x27;", "'")
    assert "Withdrawing" not in way
