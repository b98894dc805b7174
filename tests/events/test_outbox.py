"""The outbox is written by the database in the transaction of each change (events app,
migration 0002): one event per change of a building, record, flag or plan, whoever writes (the
ORM, raw SQL, COPY), and one per bulk change, never one per row."""

import datetime
import io

import pytest
from django.db import connection, transaction

from buildings.choices import FlagStatus
from buildings.models import Building, StructuralVacancyFlag, VacancyRecord
from buildings.services.bag_import import bag_import
from buildings.services.flags import structural_vacancy_flags_update
from buildings.services.imports import vacancy_records_import
from buildings.services.records import vacancy_record_save
from events.choices import EVENTS_PER_TRANSACTION, EventType
from events.models import Event
from events.services import bulk_change
from kantorentop.accounts.scopes import Scope
from regions.models import Municipality
from tests.buildings.bag.conftest import SMALL
from tests.buildings.factories import (
    BuildingFactory,
    FlagFactory,
    UnitFactory,
    VacancyRecordFactory,
)

pytestmark = pytest.mark.django_db

NATIONAL = Scope(national=True)


@pytest.fixture
def utrecht():
    return Municipality.objects.get(code="GM0344")


def _types(**filters) -> list[str]:
    return list(
        Event.objects.exclude(type=EventType.INTERNAL)
        .filter(**filters)
        .order_by("sequence")
        .values_list("type", flat=True)
    )


def test_building_created_changed_withdrawn_and_no_event_for_a_save_without_change(utrecht):
    building = BuildingFactory(municipality=utrecht, bag_id="0344100000000101")
    building.save()  # nothing changed
    building.name = "Nieuw"
    building.save()
    building.status, building.withdrawn_on = "demolished", datetime.date(2025, 1, 1)
    building.save()
    assert _types(subject="0344100000000101") == [
        EventType.BUILDING_CREATED,
        EventType.BUILDING_CHANGED,
        EventType.BUILDING_WITHDRAWN,
    ]
    last = Event.objects.filter(subject="0344100000000101").order_by("sequence").last()
    assert last.dataref == "buildings/0344100000000101"
    assert last.data == {
        "bagId": "0344100000000101",
        "municipality": "GM0344",
        "status": "demolished",
        "withdrawnOn": "2025-01-01",
    }
    assert last.municipality_id == utrecht.pk


def test_raw_sql_and_copy_write_events_too(utrecht):
    building = BuildingFactory(municipality=utrecht, bag_id="0344100000000102")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE buildings_building SET name = 'psql' WHERE id = %s", [building.pk])
        cursor.copy_expert(
            "COPY buildings_vacancyrecord (building_id, observed_on, vacant_area_m2, source, "
            "note) FROM STDIN",
            io.StringIO(f"{building.pk}\t2020-06-30\t10\tsurvey\t\n"),
        )
    assert _types(subject="0344100000000102") == [
        EventType.BUILDING_CREATED,
        EventType.BUILDING_CHANGED,
        EventType.VACANCY_RECORD_WRITTEN,
    ]


def test_record_written_once_per_change(utrecht):
    building = BuildingFactory(municipality=utrecht, bag_id="0344100000000103")
    save = {"scope": NATIONAL, "building": building, "observed_on": datetime.date(2024, 6, 30)}
    vacancy_record_save(**save, vacant_area_m2=100, source="province")
    vacancy_record_save(**save, vacant_area_m2=100, source="province")  # the same: no write
    vacancy_record_save(**save, vacant_area_m2=200, source="province")
    events = Event.objects.filter(type=EventType.VACANCY_RECORD_WRITTEN, subject=building.bag_id)
    assert [event.data["vacantAreaM2"] for event in events.order_by("sequence")] == [100, 200]
    assert events.first().dataref == "buildings/0344100000000103/vacancy-records"


def test_flags_raised_resolved_dismissed_and_other_changes_internal(utrecht):
    open_flag = FlagFactory(building=BuildingFactory(municipality=utrecht))
    dismissed = FlagFactory(building=BuildingFactory(municipality=utrecht))
    dismissed.status, dismissed.dismissal_reason = FlagStatus.DISMISSED, "reden"
    dismissed.resolved_on = datetime.date(2024, 1, 1)
    dismissed.save()
    open_flag.reminded_on = datetime.date(2024, 1, 1)  # not published, moves the version
    open_flag.save()
    StructuralVacancyFlag.objects.filter(pk=open_flag.pk).update(
        status=FlagStatus.RESOLVED, resolved_on=datetime.date(2024, 2, 1), resolution="sold"
    )
    flag_events = Event.objects.filter(dataref__startswith="structural-vacancy-flags/")
    by_flag = {
        pk: list(
            flag_events.filter(dataref=f"structural-vacancy-flags/{pk}")
            .order_by("sequence")
            .values_list("type", flat=True)
        )
        for pk in (open_flag.pk, dismissed.pk)
    }
    assert by_flag == {
        open_flag.pk: [EventType.FLAG_RAISED, EventType.INTERNAL, EventType.FLAG_RESOLVED],
        dismissed.pk: [EventType.FLAG_RAISED, EventType.FLAG_DISMISSED],
    }


def test_the_flag_job_writes_one_event_per_flag(utrecht):
    building = BuildingFactory(municipality=utrecht, lettable_floor_area_m2=6000)
    for year in range(2018, 2025):
        VacancyRecordFactory(
            building=building, observed_on=datetime.date(year, 6, 30), vacant_area_m2=6000
        )
    summary = structural_vacancy_flags_update(as_of=datetime.date(2024, 6, 30))
    assert summary.created == 1
    assert _types(type=EventType.FLAG_RAISED, subject=building.bag_id) == [EventType.FLAG_RAISED]


def test_the_records_import_writes_one_event_with_its_counts_and_area(utrecht):
    amsterdam = Municipality.objects.get(code="GM0363")
    a = BuildingFactory(municipality=utrecht, bag_id="0344100000000104")
    b = BuildingFactory(municipality=amsterdam, bag_id="0363100000000104")
    rows = "".join(
        f"{bag_id},{year}-06-30,10,survey,\n"
        for bag_id in (a.bag_id, b.bag_id)
        for year in range(2010, 2020)
    )
    before = Event.objects.count()
    with transaction.atomic():
        result = vacancy_records_import(
            source=io.BytesIO(f"bagId,observedOn,vacantAreaM2,source,note\n{rows}".encode()),
            scope=NATIONAL,
        )
    assert result.created == 20
    new = Event.objects.order_by("sequence")[before:]
    assert [event.type for event in new] == [EventType.IMPORT_COMPLETED]
    event = new[0]
    assert event.data == {"import": "vacancy-records", "created": 20, "updated": 0, "unchanged": 0}
    assert sorted(event.area_municipality_ids) == sorted([utrecht.pk, amsterdam.pk])
    assert event.dataref.startswith("vacancy-records?modifiedSince=")
    assert VacancyRecord.objects.filter(building__in=[a, b]).count() == 20


def test_the_bag_import_writes_one_event(tmp_path):
    from buildings.bag.generator import write_extract

    extract = write_extract(tmp_path, SMALL, "zip")
    before = Event.objects.count()
    result = bag_import(path=extract)
    assert result.created > 10
    new = list(Event.objects.order_by("sequence")[before:].values_list("type", "data"))
    assert [kind for kind, _data in new] == [EventType.IMPORT_COMPLETED]
    assert new[0][1]["import"] == "bag" and new[0][1]["created"] == result.created


def test_a_bulk_change_rolled_back_leaves_no_event_and_ends_with_its_block(utrecht):
    before = Event.objects.count()
    with pytest.raises(RuntimeError), bulk_change(kind="vacancy-records"):
        BuildingFactory(municipality=utrecht)
        raise RuntimeError
    assert Event.objects.count() == before
    BuildingFactory(municipality=utrecht, bag_id="0344100000000105")  # per row again
    assert _types(subject="0344100000000105") == [EventType.BUILDING_CREATED]


def test_sequences_are_the_transaction_id_and_the_place_in_it(utrecht):
    BuildingFactory.create_batch(3, municipality=utrecht)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text::bigint")
        txid = cursor.fetchone()[0]
    sequences = list(Event.objects.order_by("sequence").values_list("sequence", flat=True))
    own = [
        divmod(s, EVENTS_PER_TRANSACTION) for s in sequences if s // EVENTS_PER_TRANSACTION == txid
    ]
    assert own == [(txid, place) for place in range(len(own))] and len(own) >= 3


def test_plans_submitted_and_decided_but_not_their_drafts(world, building_a):
    from buildings.services import plans

    plan = plans.plan_create(
        user=world.investor_a_user,
        building=building_a,
        kind="transformation",
        target_use="housing",
        office_m2_withdrawn=6000,
    )
    plans.plan_update(plan=plan, user=world.investor_a_user, description="Woningen")
    plans.plan_submit(plan=plan, user=world.investor_a_user)
    plans.plan_reject(plan=plan, user=world.officer_a, reasons="Te weinig woningen")
    events = Event.objects.filter(dataref=f"transformation-plans/{plan.pk}").order_by("sequence")
    assert [(e.type, e.data["status"]) for e in events] == [
        (EventType.PLAN_SUBMITTED, "submitted"),
        (EventType.PLAN_DECIDED, "rejected"),
    ]
    assert events[0].organisation_id == world.investor_a.pk
    assert events[0].subject == building_a.bag_id


def test_deleting_a_building_writes_an_internal_event(utrecht):
    building = BuildingFactory(municipality=utrecht)
    before = Event.objects.filter(type=EventType.INTERNAL).count()
    Building.objects.filter(pk=building.pk).delete()
    assert Event.objects.filter(type=EventType.INTERNAL).count() == before + 1


def test_a_change_of_units_moves_the_data_version(utrecht):
    """The label-C duty reads the units, so the ETags that name the data version must move."""
    from buildings.models import Unit
    from events.selectors import data_version

    unit = UnitFactory(building=BuildingFactory(municipality=utrecht))
    before = data_version()
    Unit.objects.filter(pk=unit.pk).update(uses=["woonfunctie"])
    after_update = data_version()
    Unit.objects.filter(pk=unit.pk).delete()
    assert len({before, after_update, data_version()}) == 3
