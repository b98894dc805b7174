"""`/vacancy-statistics` on one date: the area's target and the m2 to withdraw to reach it."""

import datetime
from decimal import Decimal

import pytest

from regions.models import Municipality, OfficeRegion
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/vacancy-statistics"


def _vacant(code: str, *, lettable: int, vacant: int) -> None:
    building = BuildingFactory(
        municipality=Municipality.objects.get(code=code), lettable_floor_area_m2=lettable
    )
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2024, 1, 1), vacant_area_m2=vacant
    )


def test_single_date_has_the_target_and_the_m2_to_reach_it(anonymous):
    _vacant("GM0344", lettable=80_000, vacant=12_000)
    _vacant("GM0344", lettable=20_000, vacant=3_000)
    body = anonymous.get(f"{URL}?date=2024-06-30&municipality=GM0344").json()
    # (15,000 * 100 - 5 * 100,000) / 95 = 10,526.3
    assert (body["targetVacancyPercentage"], body["m2ToTarget"]) == (5.0, 10_526)
    # The region's own setting: Utrecht's municipality and region follow it, the province and
    # the nation (areas of several regions) stay at 5%.
    OfficeRegion.objects.filter(slug="utrecht").update(
        frictional_vacancy_percentage=Decimal("10.0")
    )
    # (1,500,000 - 10 * 100,000) / 90 = 5,555.6
    for query in ("municipality=GM0344", "officeRegion=utrecht"):
        body = anonymous.get(f"{URL}?date=2024-06-30&{query}").json()
        assert (body["targetVacancyPercentage"], body["m2ToTarget"]) == (10.0, 5_556), query
    for query in ("province=PV26", ""):
        body = anonymous.get(f"{URL}?date=2024-06-30&{query}").json()
        assert (body["targetVacancyPercentage"], body["m2ToTarget"]) == (5.0, 10_526), query


def test_below_the_target_and_without_stock(anonymous):
    _vacant("GM0344", lettable=100_000, vacant=4_000)
    below = anonymous.get(f"{URL}?date=2024-06-30&municipality=GM0344").json()
    assert (below["targetVacancyPercentage"], below["m2ToTarget"]) == (5.0, 0)
    empty = anonymous.get(f"{URL}?date=2024-06-30&municipality=GM0363").json()
    assert (empty["stockM2"], empty["targetVacancyPercentage"], empty["m2ToTarget"]) == (
        0,
        5.0,
        None,
    )


def test_a_series_has_no_target_fields(anonymous):
    _vacant("GM0344", lettable=100_000, vacant=15_000)
    series = anonymous.get(f"{URL}?from=2024-01-01&to=2024-12-31&municipality=GM0344").json()
    assert series["series"]
    for row in series["series"]:
        assert "m2ToTarget" not in row and "targetVacancyPercentage" not in row
