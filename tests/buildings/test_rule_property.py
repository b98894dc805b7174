"""Property test: the SQL of the covenant rule agrees with the plain-Python reference reading of
the spec (tests/buildings/rule_reference.py) on random building histories."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buildings.selectors.statistics import area_vacancy_snapshot
from buildings.selectors.structural_vacancy import structurally_vacant_buildings, watchlist
from regions.selectors import area_for
from tests.buildings import rule_reference as ref
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory
from tests.regions.factories import MunicipalityFactory

D = datetime.date

# Dates near the edges of the rule: leap days, the days around them, and quarter ends.
EDGE_DATES = [
    D(2012, 2, 28),
    D(2012, 2, 29),
    D(2012, 3, 1),
    D(2013, 2, 28),
    D(2013, 3, 1),
    D(2015, 2, 28),
    D(2015, 3, 1),
    D(2016, 2, 28),
    D(2016, 2, 29),
    D(2016, 3, 1),
    D(2012, 6, 30),
    D(2015, 6, 30),
]
dates = st.one_of(
    st.sampled_from(EDGE_DATES), st.dates(min_value=D(2008, 1, 1), max_value=D(2017, 12, 31))
)


@st.composite
def reference_buildings(draw):
    lettable = draw(st.sampled_from([4999, 5000, 5001, 6000]) | st.integers(4990, 5010))
    threshold = lettable * 4 // 5  # at or below is not above 80%
    vacant = st.one_of(
        st.integers(threshold + 1, lettable),  # above 80%
        st.just(threshold),  # exactly 80% when lettable is a multiple of 5
        st.integers(max(threshold - 2, 0), threshold + 2),
        st.integers(0, threshold),
    )
    records = draw(st.dictionaries(dates, vacant, min_size=1, max_size=8))
    completed_on = draw(st.none() | dates)
    withdrawn_on = draw(st.none() | dates)
    if completed_on and withdrawn_on and withdrawn_on < completed_on:
        completed_on, withdrawn_on = withdrawn_on, completed_on
    return ref.ReferenceBuilding(lettable, completed_on, withdrawn_on, records)


def as_of_dates(buildings, extra):
    """The drawn dates plus the edges of each record: three years on, and a day either side."""
    days = set(extra)
    for building in buildings:
        for observed_on in building.records:
            edge = ref.plus_years(observed_on, ref.YEARS)
            days |= {edge - datetime.timedelta(days=1), edge, edge + datetime.timedelta(days=1)}
    return sorted(days)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    buildings=st.lists(reference_buildings(), min_size=1, max_size=4),
    extra_dates=st.lists(dates, min_size=1, max_size=3),
)
def test_sql_rule_agrees_with_the_reference(buildings, extra_dates):
    # Each example writes inside a savepoint that is rolled back, so examples never see each
    # other's rows.
    with transaction.atomic():
        municipality = MunicipalityFactory()
        area = area_for("municipality", municipality.code)
        ids = {}
        for building in buildings:
            row = BuildingFactory(
                municipality=municipality,
                lettable_floor_area_m2=building.lettable_floor_area_m2,
                completed_on=building.completed_on,
                withdrawn_on=building.withdrawn_on,
            )
            for observed_on, vacant in building.records.items():
                VacancyRecordFactory(building=row, observed_on=observed_on, vacant_area_m2=vacant)
            ids[row.pk] = building

        for on in as_of_dates(buildings, extra_dates):
            expected = {
                pk: since
                for pk, building in ids.items()
                if (since := ref.structurally_vacant_since(building, on)) is not None
            }
            actual = {
                row.building_id: row.vacant_since
                for row in structurally_vacant_buildings(on=on, building_ids=list(ids))
            }
            assert actual == expected, on

            expected_watch = {
                pk: expected_on
                for pk, building in ids.items()
                if (expected_on := ref.watchlist_expected_on(building, on)) is not None
            }
            actual_watch = {
                entry.building_id: entry.expected_flag_on
                for entry in watchlist(on=on, building_ids=list(ids))
            }
            assert actual_watch == expected_watch, on

            snapshot = area_vacancy_snapshot(area=area, on=on)
            in_stock = [b for b in ids.values() if ref.in_stock(b, on)]
            assert snapshot.structurally_vacant == len(expected), on
            assert snapshot.stock_m2 == sum(b.lettable_floor_area_m2 for b in in_stock)
            assert snapshot.vacant_m2 == sum(ref.vacancy_on(b, on) or 0 for b in in_stock)
        transaction.set_rollback(True)
