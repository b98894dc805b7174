"""The modification time of buildings, records and flags is the database's (`modifiedAt`):
kept by triggers (kantorentop.core.models.modification_time_triggers) whoever writes."""

import datetime
import io

import pytest
from django.db import connection
from django.utils import timezone

from buildings.models import Building, StructuralVacancyFlag, VacancyRecord
from buildings.services.imports import vacancy_records_import
from kantorentop.accounts.scopes import Scope
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)


def _statement_time(sql: str, params: list) -> datetime.datetime:
    """Run a statement and return the time the database gives it."""
    with connection.cursor() as cursor:
        cursor.execute(sql + " RETURNING statement_timestamp()", params)
        return cursor.fetchone()[0]


@pytest.fixture
def building():
    return BuildingFactory(municipality=Municipality.objects.get(code="GM0344"))


def _updated_at(building) -> datetime.datetime:
    return Building.objects.values_list("updated_at", flat=True).get(pk=building.pk)


def test_a_written_time_is_replaced_by_the_statements(building):
    stamp = _statement_time(
        "UPDATE buildings_building SET name = 'x', updated_at = %s WHERE id = %s",
        [LONG_AGO, building.pk],
    )
    assert _updated_at(building) == stamp


def test_a_save_without_change_keeps_the_time(building):
    before = _updated_at(building)
    Building.objects.get(pk=building.pk).save()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE buildings_building SET updated_at = %s WHERE id = %s", [LONG_AGO, building.pk]
        )
    assert _updated_at(building) == before


def test_the_bag_extract_date_alone_is_no_change(building):
    before = _updated_at(building)
    Building.objects.filter(pk=building.pk).update(bag_extract_date=datetime.date(2026, 11, 1))
    assert _updated_at(building) == before


def test_an_insert_with_an_old_time_gets_the_statements(building):
    stamp = _statement_time(
        "INSERT INTO buildings_vacancyrecord (building_id, observed_on, vacant_area_m2, source, "
        "note, recorded_at) VALUES (%s, '2020-06-30', 1, 'survey', '', %s)",
        [building.pk, LONG_AGO],
    )
    assert VacancyRecord.objects.get(building=building).recorded_at == stamp


def test_a_copy_without_the_column_gets_the_statements_time(building):
    before = timezone.now()
    with connection.cursor() as cursor:
        cursor.copy_expert(
            "COPY buildings_vacancyrecord (building_id, observed_on, vacant_area_m2, source, "
            "note) FROM STDIN",
            io.StringIO(f"{building.pk}\t2020-06-30\t10\tsurvey\t\n"),
        )
    assert VacancyRecord.objects.get(building=building).recorded_at >= before - datetime.timedelta(
        seconds=1
    )


def test_the_import_moves_only_the_records_it_changes(building):
    kept = VacancyRecordFactory(building=building, observed_on=datetime.date(2019, 6, 30))
    changed = VacancyRecordFactory(building=building, observed_on=datetime.date(2020, 6, 30))
    VacancyRecord.objects.filter(pk__in=[kept.pk, changed.pk]).update(vacant_area_m2=5)
    stamps = dict(VacancyRecord.objects.values_list("pk", "recorded_at"))
    csv = (
        "bagId,observedOn,vacantAreaM2,source,note\n"
        f"{building.bag_id},2019-06-30,5,survey,\n"
        f"{building.bag_id},2020-06-30,6,survey,\n"
    )
    result = vacancy_records_import(source=io.BytesIO(csv.encode()), scope=Scope(national=True))
    assert (result.updated, result.unchanged) == (1, 1)
    after = dict(VacancyRecord.objects.values_list("pk", "recorded_at"))
    assert after[kept.pk] == stamps[kept.pk]
    assert after[changed.pk] > stamps[changed.pk]


def test_a_flag_keeps_its_time_in_the_database(building):
    flag = FlagFactory(building=building)
    stamp = _statement_time(
        "UPDATE buildings_structuralvacancyflag SET reminded_on = '2024-01-01', updated_at = %s "
        "WHERE id = %s",
        [LONG_AGO, flag.pk],
    )
    assert StructuralVacancyFlag.objects.get(pk=flag.pk).updated_at == stamp
