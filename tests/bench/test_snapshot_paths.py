"""The two ways statistics are computed give the same snapshots: a series through the interval
query (_intervals_sql, all dates in one pass) equals a per-date lookup (_snapshot_sql) on each
date, on random building histories around the rule's edges."""

import contextlib
import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buildings.selectors import statistics
from regions.selectors import area_for
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory
from tests.buildings.test_rule_property import as_of_dates, dates, reference_buildings
from tests.regions.factories import MunicipalityFactory


@contextlib.contextmanager
def lookup_max_dates(value):
    previous = statistics.LOOKUP_MAX_DATES
    statistics.LOOKUP_MAX_DATES = value
    try:
        yield
    finally:
        statistics.LOOKUP_MAX_DATES = previous


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    buildings=st.lists(reference_buildings(), min_size=1, max_size=4),
    extra_dates=st.lists(dates, min_size=1, max_size=3),
)
def test_interval_query_equals_a_lookup_per_date(buildings, extra_dates):
    with transaction.atomic():
        municipality = MunicipalityFactory()
        area = area_for("municipality", municipality.code)
        for building in buildings:
            row = BuildingFactory(
                municipality=municipality,
                lettable_floor_area_m2=building.lettable_floor_area_m2,
                completed_on=building.completed_on,
                withdrawn_on=building.withdrawn_on,
            )
            for observed_on, vacant in building.records.items():
                VacancyRecordFactory(building=row, observed_on=observed_on, vacant_area_m2=vacant)
        days = as_of_dates(buildings, extra_dates)
        # Quarter ends too, as a series asks, and a date before every record.
        days = sorted({*days, *statistics.quarter_ends(datetime.date(2008, 1, 1), max(days))})
        with lookup_max_dates(0):
            together = statistics._snapshots(area=area, dates=days)
        with lookup_max_dates(1):
            one_by_one = {day: statistics._snapshots(area=area, dates=[day])[day] for day in days}
        assert together == one_by_one
        transaction.set_rollback(True)
