"""The warm-up (dashboard.services.area_figures_warm): after a data change every area page's
figures are computed into the cache, so a first visit, in any web process, computes nothing."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboard.services import WARMING_LOCK_KEY, area_figures_warm, area_figures_warm_when_changed
from dashboard.tasks import area_figures_warm_task
from kantorentop.core.kept import kept_objects
from regions.models import DesignatedArea, Municipality, OfficeRegion, Province
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory

# Each warm-up computes the figures of some 400 areas (about 10 s here).
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# The statements that compute figures: the series, the key figures of a date, the child areas'
# figures, the watchlist count and the m2 withdrawn since the covenant.
FIGURES_SQL = ("width_bucket", "AS stale_months", "GROUPING SETS", "run.vacant_since >", "periods(")


@pytest.fixture
def building(utrecht):
    building = BuildingFactory(municipality=utrecht, lettable_floor_area_m2=10000)
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2015, 3, 31), vacant_area_m2=2500
    )
    return building


def _figures_statements(client, path):
    kept_objects.clear()  # as in another web process, which keeps nothing yet
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries if any(s in q["sql"] for s in FIGURES_SQL)]


def test_after_the_warm_up_no_area_page_computes_its_figures(client_as, building):
    client = client_as(None)
    areas = area_figures_warm()
    expected = (
        1
        + Province.objects.count()
        + OfficeRegion.objects.count()
        + Municipality.objects.filter(dissolved_on__isnull=True).count()
        + DesignatedArea.objects.count()
    )
    assert areas == expected
    for path in ("/", "/provincies/PV26", "/kantorenregios/utrecht", "/gemeenten/GM0344"):
        assert _figures_statements(client, path) == [], path
    assert "25,0%" in client.get("/gemeenten/GM0344").text


def test_without_the_warm_up_a_first_visit_computes_them(client_as, building):
    assert len(_figures_statements(client_as(None), "/gemeenten/GM0344")) >= 4


def test_it_runs_again_only_after_a_change_of_the_data(building):
    assert area_figures_warm_when_changed() > 0
    assert area_figures_warm_when_changed() == 0
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2016, 3, 31), vacant_area_m2=5000
    )
    assert area_figures_warm_task.delay().get() > 0


def test_one_warm_up_at_a_time(building):
    cache.add(WARMING_LOCK_KEY, 1, 60)
    assert area_figures_warm_when_changed() == 0
    cache.delete(WARMING_LOCK_KEY)
    assert area_figures_warm_when_changed() > 0
    assert cache.get(WARMING_LOCK_KEY) is None


def test_the_beat_runs_it():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "dashboard.tasks.area_figures_warm_task" in tasks
