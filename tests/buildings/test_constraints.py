"""The database itself refuses what breaks the domain rules (issue 2 item 10).

Each test writes around the services (queryset update, bulk_create, raw SQL) and checks that the
named constraint or trigger refuses it, next to a value at the boundary that is accepted. The
service side of the same rules is in test_services_buildings.py and test_services_records.py.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import (
    DEFAULT_DB_ALIAS,
    DataError,
    IntegrityError,
    InternalError,
    OperationalError,
    connection,
    connections,
    transaction,
)
from django.utils import timezone

from buildings.models import Building, StructuralVacancyFlag, VacancyRecord
from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

pytestmark = pytest.mark.django_db


@contextmanager
def refused(match: str) -> Iterator[None]:
    """The block's write is refused by the database with an error that names `match`."""
    with pytest.raises((IntegrityError, InternalError), match=match), transaction.atomic():
        yield


def _set(building: Building, **values) -> int:
    return Building.objects.filter(pk=building.pk).update(**values)


class TestBuilding:
    @pytest.mark.parametrize(
        "bag_id",
        [
            "034410000012345",  # 15 digits
            "0344200000123456",  # object type 20 (verblijfsobject), not 10 (pand)
            "034410000012345A",
        ],
    )
    def test_bag_id_format(self, bag_id):
        building = BuildingFactory()
        with refused("building_bag_id_format"):
            _set(building, bag_id=bag_id)
        assert _set(building, bag_id="0344100000123456") == 1

    def test_longer_values_do_not_fit_the_column(self):
        building = BuildingFactory()
        with pytest.raises(DataError), transaction.atomic():
            _set(building, bag_id="03441000001234567")
        with pytest.raises(DataError), transaction.atomic():
            _set(building, energy_label="A++++++")

    def test_bag_id_format_also_on_bulk_create(self):
        template = BuildingFactory()
        with refused("building_bag_id_format"):
            Building.objects.bulk_create(
                [
                    Building(
                        bag_id="0344100000",
                        municipality=template.municipality,
                        lettable_floor_area_m2=100,
                    )
                ]
            )

    def test_bag_id_is_unique(self):
        building = BuildingFactory()
        with refused("bag_id"):
            BuildingFactory(bag_id=building.bag_id, municipality=building.municipality)

    @pytest.mark.parametrize(
        "postcode", ["0123 AB", "1234 SA", "1234 SD", "1234 SS", "1234 ab", "1234AB", "123 AB"]
    )
    def test_postcode_format(self, postcode):
        building = BuildingFactory()
        with refused("building_postcode_format"):
            _set(building, postcode=postcode)
        assert _set(building, postcode="1234 AA") == 1
        assert _set(building, postcode="") == 1

    def test_postcode_through_raw_sql(self):
        building = BuildingFactory()
        with refused("building_postcode_format"), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE buildings_building SET postcode = %s WHERE id = %s",
                ["1234 SA", building.pk],
            )

    @pytest.mark.parametrize("lettable", [0, 500_001])
    def test_lettable_area_range(self, lettable):
        building = BuildingFactory()
        with refused("building_lettable_area_range"):
            _set(building, lettable_floor_area_m2=lettable)
        assert _set(building, lettable_floor_area_m2=1) == 1
        assert _set(building, lettable_floor_area_m2=500_000) == 1

    def test_gross_area_at_least_lettable(self):
        building = BuildingFactory(lettable_floor_area_m2=6000)
        with refused("building_gross_at_least_lettable"):
            _set(building, gross_floor_area_m2=5999)
        assert _set(building, gross_floor_area_m2=6000) == 1
        # Lowering the gross area below the lettable area the other way round is refused too.
        with refused("building_gross_at_least_lettable"):
            _set(building, lettable_floor_area_m2=6001)

    @pytest.mark.parametrize("label", ["H", "a", "AB", ""])
    def test_energy_label(self, label):
        building = BuildingFactory()
        with refused("building_energy_label_valid"):
            _set(building, energy_label=label)
        assert _set(building, energy_label="A+++++") == 1
        assert _set(building, energy_label=None) == 1

    @pytest.mark.parametrize(
        ("latitude", "longitude"),
        [(50.69, 5), (53.71, 5), (52, 3.19), (52, 7.31), (52, None), (None, 5), (-52, -5)],
    )
    def test_coordinates_inside_the_netherlands(self, latitude, longitude):
        building = BuildingFactory()
        with refused("building_coordinates_in_netherlands"):
            _set(building, latitude=latitude, longitude=longitude)
        assert _set(building, latitude=50.7, longitude=3.2) == 1
        assert _set(building, latitude=53.7, longitude=7.3) == 1

    def test_withdrawn_after_completed(self):
        building = BuildingFactory(completed_on=datetime.date(2000, 1, 2))
        with refused("building_withdrawn_after_completed"):
            _set(building, withdrawn_on=datetime.date(2000, 1, 1))
        assert _set(building, withdrawn_on=datetime.date(2000, 1, 2)) == 1

    def test_status(self):
        building = BuildingFactory()
        with refused("building_status_valid"):
            _set(building, status="ruin")


class TestVacancyRecord:
    def test_vacant_area_not_above_lettable_on_insert_and_update(self):
        building = BuildingFactory(lettable_floor_area_m2=6000)
        with refused("exceeds the lettable area"):
            VacancyRecord.objects.bulk_create(
                [
                    VacancyRecord(
                        building=building,
                        observed_on=datetime.date(2020, 1, 1),
                        vacant_area_m2=6001,
                        source="survey",
                    )
                ]
            )
        record = VacancyRecordFactory(building=building, vacant_area_m2=6000)
        with refused("exceeds the lettable area"):
            VacancyRecord.objects.filter(pk=record.pk).update(vacant_area_m2=6001)

    def test_vacant_area_not_negative(self):
        record = VacancyRecordFactory()
        with refused("vacant_area_m2"):
            VacancyRecord.objects.filter(pk=record.pk).update(vacant_area_m2=-1)

    def test_lettable_area_cannot_drop_below_a_record(self):
        building = BuildingFactory(lettable_floor_area_m2=6000)
        VacancyRecordFactory(building=building, vacant_area_m2=5000)
        with refused("below a recorded vacant area"):
            _set(building, lettable_floor_area_m2=4999)
        with refused("below a recorded vacant area"), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE buildings_building SET lettable_floor_area_m2 = 1 WHERE id = %s",
                [building.pk],
            )
        assert _set(building, lettable_floor_area_m2=5000) == 1

    def test_observation_not_in_the_future(self):
        building = BuildingFactory()
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        with refused("in the future"):
            VacancyRecord.objects.bulk_create(
                [
                    VacancyRecord(
                        building=building, observed_on=tomorrow, vacant_area_m2=0, source="survey"
                    )
                ]
            )
        record = VacancyRecordFactory(building=building, observed_on=timezone.localdate())
        with refused("in the future"):
            VacancyRecord.objects.filter(pk=record.pk).update(observed_on=tomorrow)

    def test_observation_not_before_1990(self):
        record = VacancyRecordFactory(observed_on=datetime.date(1990, 1, 1))
        with refused("vacancy_record_not_before_1990"):
            VacancyRecord.objects.filter(pk=record.pk).update(
                observed_on=datetime.date(1989, 12, 31)
            )

    def test_one_record_per_building_and_date(self):
        record = VacancyRecordFactory()
        with refused("vacancy_record_one_per_date"), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO buildings_vacancyrecord "
                "(building_id, observed_on, vacant_area_m2, source, note, recorded_at) "
                "VALUES (%s, %s, 0, 'survey', '', now())",
                [record.building_id, record.observed_on],
            )
        VacancyRecordFactory(
            building=record.building, observed_on=record.observed_on + datetime.timedelta(days=1)
        )

    def test_source(self):
        record = VacancyRecordFactory()
        with refused("vacancy_record_source_valid"):
            VacancyRecord.objects.filter(pk=record.pk).update(source="rumour")

    def test_every_row_of_a_bulk_write_is_checked(self):
        """The check runs once per statement over all its new rows: one bad row among many,
        on insert, on an upsert's update and on a plain update, is refused."""
        small = BuildingFactory(lettable_floor_area_m2=100)
        large = BuildingFactory(lettable_floor_area_m2=6000)
        rows = [
            VacancyRecord(
                building=large,
                observed_on=datetime.date(2000, 1, 1) + datetime.timedelta(days=n),
                vacant_area_m2=6000,
                source="survey",
            )
            for n in range(500)
        ]
        bad = VacancyRecord(
            building=small,
            observed_on=datetime.date(2020, 1, 1),
            vacant_area_m2=101,
            source="survey",
        )
        with refused("vacant area 101 exceeds the lettable area"):
            VacancyRecord.objects.bulk_create([*rows, bad])
        VacancyRecord.objects.bulk_create(rows)
        upsert = (
            "INSERT INTO buildings_vacancyrecord AS r "
            "(building_id, observed_on, vacant_area_m2, source, note, recorded_at) "
            "VALUES (%s, '2000-01-01', 6000, 'survey', '', now()), "
            "(%s, '2000-01-02', 6001, 'survey', '', now()) "
            "ON CONFLICT (building_id, observed_on) DO UPDATE "
            "SET vacant_area_m2 = EXCLUDED.vacant_area_m2"
        )
        with refused("vacant area 6001 exceeds"), connection.cursor() as cursor:
            cursor.execute(upsert, [large.pk, large.pk])
        with refused("exceeds the lettable area"):
            VacancyRecord.objects.filter(building=large).update(building=small)
        assert VacancyRecord.objects.filter(building=large, vacant_area_m2=6000).count() == 500


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_written_record_holds_its_building_until_commit():
    """The record trigger share-locks the buildings it checked, so a concurrent drop of the
    lettable area below the new record cannot commit beside it (it waits, then is refused by
    the building's own trigger)."""
    building = BuildingFactory(lettable_floor_area_m2=6000)
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with transaction.atomic():
            VacancyRecordFactory(building=building, vacant_area_m2=5000)
            with other.cursor() as cursor:
                cursor.execute("SET lock_timeout = '200ms'")
                with pytest.raises(OperationalError, match="lock timeout"):
                    cursor.execute(
                        "UPDATE buildings_building SET lettable_floor_area_m2 = 4000 WHERE id = %s",
                        [building.pk],
                    )
        with other.cursor() as cursor, pytest.raises(IntegrityError, match="below a recorded"):
            cursor.execute(
                "UPDATE buildings_building SET lettable_floor_area_m2 = 4000 WHERE id = %s",
                [building.pk],
            )
    finally:
        other.close()


class TestFlag:
    @pytest.mark.parametrize("second_status", ["open", "plan_submitted"])
    def test_one_active_flag_per_building(self, second_status):
        flag = FlagFactory(status="open")
        with refused("flag_one_active_per_building"):
            FlagFactory(building=flag.building, status=second_status)

    def test_one_active_flag_also_on_status_change(self):
        active = FlagFactory(status="open")
        old = FlagFactory(
            building=active.building,
            status="resolved",
            resolved_on=datetime.date(2013, 1, 1),
            resolution="vacancy_below_threshold",
        )
        with refused("flag_one_active_per_building"):
            StructuralVacancyFlag.objects.filter(pk=old.pk).update(status="plan_submitted")

    @pytest.mark.parametrize(
        "closed",
        [
            {"status": "resolved", "resolution": "vacancy_below_threshold"},
            {"status": "dismissed", "dismissal_reason": "Measured wrongly"},
        ],
    )
    def test_a_closed_and_an_open_flag_coexist(self, closed):
        building = BuildingFactory()
        FlagFactory(building=building, resolved_on=datetime.date(2013, 1, 1), **closed)
        FlagFactory(building=building, status="open")
        assert StructuralVacancyFlag.objects.filter(building=building).count() == 2

    def test_resolved_and_dismissed_flags_carry_their_reason(self):
        flag = FlagFactory()
        with refused("flag_resolved_has_reason"):
            StructuralVacancyFlag.objects.filter(pk=flag.pk).update(
                status="resolved", resolved_on=datetime.date(2013, 1, 1)
            )
        with refused("flag_dismissed_has_reason"):
            StructuralVacancyFlag.objects.filter(pk=flag.pk).update(
                status="dismissed", resolved_on=datetime.date(2013, 1, 1)
            )

    def test_vacant_since_not_after_flagged_on(self):
        flag = FlagFactory()
        with refused("flag_vacant_before_flagged"):
            StructuralVacancyFlag.objects.filter(pk=flag.pk).update(
                vacant_since=flag.flagged_on + datetime.timedelta(days=1)
            )
