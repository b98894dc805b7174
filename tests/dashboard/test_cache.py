"""The area pages' quarterly series comes from the cache until the data it is computed from
changes, however it changes (ORM, raw SQL as the import writes, another transaction)."""

import datetime
import json
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buildings.models import VacancyRecord
from dashboard.cache import DATA_VERSION_SQL, data_version
from dashboard.services import data_change_log_compact
from dashboard.tasks import data_change_log_compact_daily
from regions.models import DesignatedArea, RegionalVision
from tests.buildings.factories import (
    BuildingFactory,
    EnergyLabelFactory,
    FlagFactory,
    UnitFactory,
    VacancyRecordFactory,
)

# The series' pass over the records (buildings.selectors.statistics._intervals_sql); the page's
# other figures are for one date and use no width_bucket.
SERIES_SQL = "width_bucket"
# The key figures' statement of one date (buildings.selectors.statistics._snapshot_sql).
SNAPSHOT_SQL = re.compile(r"AS stale_months\s+FROM unnest")


def _trend(client, url):
    """The chart's data on the page and the number of series statements the request ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    data = re.search(
        r'<script id="trend-data" type="application/json">(.*?)</script>', response.text, re.S
    )
    series_statements = sum(1 for q in queries.captured_queries if SERIES_SQL in q["sql"])
    return json.loads(data.group(1)), series_statements


def _vacancy_on(trend, day):
    return trend["vacancy"][trend["dates"].index(day)]


@pytest.fixture
def building(utrecht):
    building = BuildingFactory(
        bag_id="0344100000000021", municipality=utrecht, lettable_floor_area_m2=10000
    )
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2012, 3, 31), vacant_area_m2=2000
    )
    return building


@pytest.mark.django_db
def test_the_series_is_computed_once_and_a_new_record_changes_it(client_as, building):
    client = client_as(None)
    first, computed = _trend(client, "/gemeenten/GM0344")
    assert computed == 1
    assert _vacancy_on(first, "2015-12-31") == 20.0
    again, computed = _trend(client, "/gemeenten/GM0344")
    assert computed == 0  # from the cache
    assert again == first

    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2015, 6, 30), vacant_area_m2=5000
    )
    changed, computed = _trend(client, "/gemeenten/GM0344")
    assert computed == 1
    assert _vacancy_on(changed, "2015-12-31") == 50.0
    assert _vacancy_on(changed, "2012-12-31") == 20.0


@pytest.mark.django_db
def test_a_raw_sql_write_as_the_import_makes_changes_the_series(client_as, building):
    client = client_as(None)
    before, _ = _trend(client, "/gemeenten/GM0344")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE buildings_vacancyrecord SET vacant_area_m2 = 8000 WHERE building_id = %s",
            [building.pk],
        )
    after, computed = _trend(client, "/gemeenten/GM0344")
    assert computed == 1
    assert _vacancy_on(before, "2015-12-31") == 20.0
    assert _vacancy_on(after, "2015-12-31") == 80.0


@pytest.mark.django_db
def test_each_date_and_area_has_its_own_entry(client_as, building):
    client = client_as(None)
    today, _ = _trend(client, "/gemeenten/GM0344")
    then, computed = _trend(client, "/gemeenten/GM0344?datum=30-06-2012")
    assert computed == 1
    assert then["dates"][-1] == "2012-06-30"
    assert today["dates"][-1] > "2026-01-01"
    _, computed = _trend(client, "/provincies/PV26")
    assert computed == 1


@pytest.mark.django_db
def test_what_changes_the_data_version(building, utrecht):
    version = data_version()
    FlagFactory(building=building)  # flags do not enter the series
    assert data_version() == version
    building.withdrawn_on = datetime.date(2020, 1, 1)
    building.save()
    assert data_version() != version
    version = data_version()
    VacancyRecord.objects.filter(building=building).delete()
    assert data_version() != version
    version = data_version()
    utrecht.name = "Utrecht (gemeente)"
    utrecht.save()
    assert data_version() != version


@pytest.mark.django_db
def test_the_units_and_their_labels_change_the_data_version(building):
    version = data_version()
    unit = UnitFactory(building=building, bag_id="0344010000000021")
    assert data_version() != version
    version = data_version()
    EnergyLabelFactory(unit_bag_id=unit.bag_id, energy_class="E")
    assert data_version() != version


def _key_figures(client, url):
    """The page's text and the number of key-figure statements the request ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    statements = sum(1 for q in queries.captured_queries if SNAPSHOT_SQL.search(q["sql"]))
    return response.text, statements


@pytest.mark.django_db
def test_the_key_figures_come_from_the_cache_until_the_data_changes(client_as, building):
    client = client_as(None)
    first, computed = _key_figures(client, "/gemeenten/GM0344?datum=2015-12-31")
    assert computed == 1
    assert "20,0%" in first and "30,0%" not in first
    again, computed = _key_figures(client, "/gemeenten/GM0344?datum=2015-12-31")
    assert computed == 0
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2015, 6, 30), vacant_area_m2=3000
    )
    changed, computed = _key_figures(client, "/gemeenten/GM0344?datum=2015-12-31")
    assert computed == 1
    assert "30,0%" in changed


@pytest.mark.django_db
def test_the_child_areas_figures_come_from_the_cache_until_the_data_changes(client_as, building):
    def children_statements():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/provincies/PV26?datum=2015-12-31").status_code == 200
        return sum(1 for q in queries.captured_queries if "GROUPING SETS" in q["sql"])

    client = client_as(None)
    assert children_statements() == 1
    assert children_statements() == 0
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2015, 6, 30), vacant_area_m2=3000
    )
    assert children_statements() == 1


@pytest.mark.django_db
def test_the_watchlist_count_and_stock_changes_come_from_the_cache_until_the_data_changes(
    client_as, building
):
    """The two statements besides the key figures' (15 ms a visit of the national page)."""

    def counted():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/gemeenten/GM0344?datum=2015-12-31")
        assert response.status_code == 200
        statements = [q["sql"] for q in queries.captured_queries]
        watchlist = sum(
            1 for sql in statements if "SELECT count(*) FROM" in sql and "run.vacant_since >" in sql
        )
        # The m2 withdrawn since the covenant's signing: one period (the series asks for many).
        changes = sum(1 for sql in statements if "ARRAY['2012-06-27'::date]::date[]" in sql)
        return watchlist, changes

    client = client_as(None)
    assert counted() == (1, 1)
    assert counted() == (0, 0)
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2015, 6, 30), vacant_area_m2=3000
    )
    assert counted() == (1, 1)


@pytest.mark.django_db
def test_the_rules_thresholds_are_part_of_the_key_figures_key(client_as, building, settings):
    client = client_as(None)
    _key_figures(client, "/gemeenten/GM0344?datum=2015-12-31")
    settings.STRUCTURAL_VACANCY_YEARS = 2
    _text, computed = _key_figures(client, "/gemeenten/GM0344?datum=2015-12-31")
    assert computed == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_committed_write_changes_the_series(client_as, utrecht):
    # Each write commits here, as in production: the version follows committed data.
    building = BuildingFactory(
        bag_id="0344100000000022", municipality=utrecht, lettable_floor_area_m2=4000
    )
    client = client_as(None)
    before, _ = _trend(client, "/gemeenten/GM0344")
    # No record yet: the rate is unknown (a gap in the chart), not 0.
    assert _vacancy_on(before, "2015-12-31") is None
    VacancyRecordFactory(
        building=building, observed_on=datetime.date(2014, 3, 31), vacant_area_m2=1000
    )
    after, computed = _trend(client, "/gemeenten/GM0344")
    assert computed == 1
    assert _vacancy_on(after, "2015-12-31") == 25.0


@pytest.mark.django_db
def test_compacting_the_log_keeps_one_row_and_a_key_never_seen(client_as, building):
    client = client_as(None)
    _trend(client, "/gemeenten/GM0344")
    versions = {data_version()}
    for vacant in (3000, 4000, 5000):
        VacancyRecord.objects.filter(building=building).update(vacant_area_m2=vacant)
        versions.add(data_version())
    cached, computed = _trend(client, "/gemeenten/GM0344")
    assert computed == 1

    assert data_change_log_compact() >= 4
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dashboard_datachange")
        assert cursor.fetchone()[0] == 1
    assert data_version() not in versions
    # The same data under a new key: computed once more, then from the cache again.
    after, computed = _trend(client, "/gemeenten/GM0344")
    assert (after, computed) == (cached, 1)
    _, computed = _trend(client, "/gemeenten/GM0344")
    assert computed == 0


@pytest.mark.django_db
def test_compacting_an_empty_log_writes_nothing():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM dashboard_datachange")
    assert data_change_log_compact() == 0
    assert data_version().endswith(".0.0")


def test_the_compaction_runs_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["data-change-log-compact-daily"]
    assert entry["task"] == data_change_log_compact_daily.name


@pytest.mark.django_db
def test_the_visions_and_designated_areas_change_the_data_version(utrecht):
    # The area page keeps its area and target (a vision's target year) per data version.
    version = data_version()
    vision = RegionalVision.objects.create(office_region=utrecht.office_region, target_year=2030)
    assert data_version() != version
    version = data_version()
    DesignatedArea.objects.create(
        name="Stationsgebied", municipality=utrecht, kind="transformation"
    )
    assert data_version() != version
    version = data_version()
    vision.target_year = 2035
    vision.save()
    assert data_version() != version


@pytest.mark.django_db
def test_an_area_page_reads_the_data_version_once(client_as, building):
    # Every cached or kept part of the page (key figures, series, way to the target, child
    # areas) takes the one version the page read first.
    client = client_as(None)
    for url in ("/provincies/PV26", "/gemeenten/GM0344?datum=2015-12-31", "/"):
        for _visit in ("cold", "warm"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            reads = [q for q in queries.captured_queries if q["sql"] == DATA_VERSION_SQL]
            assert len(reads) == 1, url


@pytest.mark.django_db
def test_a_changed_target_year_shows_on_the_page_at_once(client_as, building, utrecht):
    # The way to the target is kept in the process: a new vision must reach the next view.
    def way(client):
        text = client.get("/gemeenten/GM0344?datum=30-06-2026").text
        start = text.index('id="way-to-target"')
        return text[start : text.index("</section>", start)]

    client = client_as(None)
    # No target year yet (the explanation names "het doeljaar van de regio" in general).
    assert not re.search(r"doeljaar \d{4}", way(client))
    vision = RegionalVision.objects.create(office_region=utrecht.office_region, target_year=2030)
    assert "tot het doeljaar 2030" in way(client)
    vision.target_year = 2032
    vision.save()
    assert "tot het doeljaar 2032" in way(client)


@pytest.mark.django_db
def test_the_comparison_reads_the_data_version_once(client_as, building):
    client = client_as(None)
    query = "gebied=GM0344&gebied=PV26&gebied=NL"
    for url in (f"/vergelijk?{query}", f"/vergelijk/export.csv?{query}"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        reads = [q for q in queries.captured_queries if q["sql"] == DATA_VERSION_SQL]
        assert len(reads) == 1, url


@pytest.mark.django_db
def test_a_process_keeps_what_every_area_page_builds(client_as, building):
    """Visitors spread over all area pages: what each builds must fit what a process keeps, or
    they push each other out and every visit builds its page again."""
    from kantorentop.core.kept import KEPT_OBJECTS, kept_objects
    from regions.models import Municipality, OfficeRegion, Province

    kept_objects.clear()
    assert client_as(None).get("/provincies/PV26").status_code == 200
    per_page = len(kept_objects._items)
    pages = (
        1
        + Province.objects.count()
        + OfficeRegion.objects.count()
        + Municipality.objects.filter(dissolved_on__isnull=True).count()
    )
    assert per_page >= 5
    assert per_page * pages <= KEPT_OBJECTS
