"""The import's write: a plain INSERT where every row is a good new record, the checks and the
upsert otherwise, with the same outcome either way (records, counts, events, history, audit)."""

import datetime
import threading
import time

import pytest
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from buildings.models import Building, VacancyRecord
from buildings.services.errors import ImportRejected
from buildings.services.imports import ImportResult, checks, service, upsert
from dashboard.cache import data_version
from events.models import Event
from kantorentop.accounts.scopes import Scope
from kantorentop.accounts.services import api_client_create
from kantorentop.core.models import AuditEvent
from tests.accounts.factories import UserFactory
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory
from tests.buildings.test_imports import HEADER, _csv, _import, _rejected, _stored
from tests.regions.factories import MunicipalityFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

NATIONAL = Scope(national=True)
A = "0344100000000001"
B = "0344100000000002"
NEW_ROWS = HEADER + f"{A},2020-03-31,1200,survey,eerste\n{B},2020-03-31,10,Owner,\n"


@pytest.fixture
def buildings():
    municipality = MunicipalityFactory(province=ProvinceFactory(code="PV26"))
    # A before B in the records index's order, which the write follows.
    return {
        A: BuildingFactory(bag_id=A, municipality=municipality, lettable_floor_area_m2=6000),
        B: BuildingFactory(bag_id=B, municipality=municipality, lettable_floor_area_m2=1000),
    }


@pytest.fixture
def calls(monkeypatch):
    """The steps of the write that ran: the plain INSERT's outcome, the checks, the upsert."""
    seen: list[str] = []

    def counted(name, original):
        def wrapper(*args, **kwargs):
            result = original(*args, **kwargs)
            seen.append(f"{name}:{result}" if name == "insert_new" else name)
            return result

        return wrapper

    for name in ("insert_new", "all_good", "upsert"):
        monkeypatch.setattr(service, name, counted(name, getattr(service, name)))
    return seen


class TestPathTaken:
    def test_new_records_are_inserted_without_the_checks_or_the_upsert(self, buildings, calls):
        assert _import(NEW_ROWS) == ImportResult(created=2, updated=0, unchanged=0)
        assert calls == ["insert_new:True"]
        assert _stored() == [
            (A, datetime.date(2020, 3, 31), 1200, "survey", "eerste"),
            (B, datetime.date(2020, 3, 31), 10, "owner", ""),
        ]

    def test_an_existing_record_after_new_ones_takes_the_upsert(self, buildings, calls):
        """The INSERT wrote A's record before it met B's: rolled back, so the upsert counts A as
        created, not as unchanged."""
        VacancyRecordFactory(
            building=buildings[B], observed_on=datetime.date(2020, 3, 31), vacant_area_m2=5
        )
        assert _import(NEW_ROWS) == ImportResult(created=1, updated=1, unchanged=0)
        assert calls == ["insert_new:False", "all_good", "upsert"]
        assert [row[2] for row in _stored()] == [1200, 10]

    def test_a_file_that_re_sends_stored_records_is_not_tried_as_new(self, buildings, calls):
        """One of its first rows names a stored record: no INSERT that would fail on it after
        joining and sorting every row."""
        _import(NEW_ROWS)
        writes: list[str] = []

        def record(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            if "INSERT INTO buildings_vacancyrecord" in sql:
                writes.append("upsert" if "ON CONFLICT" in sql else "insert")
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            assert _import(NEW_ROWS) == ImportResult(created=0, updated=0, unchanged=2)
        assert writes == ["upsert"]
        assert calls == ["insert_new:True", "insert_new:False", "all_good", "upsert"]

    def test_a_row_left_out_by_the_insert_takes_the_checks(self, buildings, calls):
        """A value the INSERT doubts (007): it writes none of the rows, the checks decide."""
        text = HEADER + f"{A},2020-03-31,5,survey,\n{B},2020-03-31,007,survey,\n"
        assert _import(text) == ImportResult(created=2, updated=0, unchanged=0)
        assert calls == ["insert_new:False", "all_good", "upsert"]

    @pytest.mark.parametrize(
        ("line", "field", "code"),
        [
            # Each refused by the database itself (index, constraint, trigger), after row 1 was
            # written by the same INSERT.
            (f"{B},2020-01-01,2,survey,", "observedOn", "duplicate"),
            (f"{B},1989-12-31,1,survey,", "observedOn", "too_early"),
            (f"{B},2020-01-04,-1,survey,", "vacantAreaM2", "invalid_integer"),
            (f"{B},2020-01-05,1001,survey,", "vacantAreaM2", "exceeds_lettable"),
            (f"{B},2020-01-07,1,rumour,", "source", "invalid_choice"),
            (f"{B},2020-01-07,1,{'x' * 21},", "source", "invalid_choice"),
            (f"{B},2020-01-08,1,survey,{'x' * 1001}", "note", "too_long"),
            (f"{B},2020-01-08,9999999999,survey,", "vacantAreaM2", "invalid_integer"),
            (f"{B},2020-02-30,1,survey,", "observedOn", "invalid_date"),
        ],
    )
    def test_a_rejected_import_writes_nothing(self, buildings, calls, line, field, code):
        before = data_version()
        assert _rejected(HEADER + f"{B},2020-01-01,1,survey,\n{line}\n") == [(2, field, code)]
        assert calls == ["insert_new:False", "all_good"]
        assert not VacancyRecord.objects.exists()
        assert data_version() == before

    def test_dates_are_read_as_iso_whatever_the_date_style(self, buildings, calls):
        """In another DateStyle a date's text is not ISO: the INSERT leaves every row to the
        checks, which take only YYYY-MM-DD."""
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL DateStyle = 'German, DMY'")
            try:
                assert _rejected(HEADER + f"{A},31.03.2020,1,survey,\n") == [
                    (1, "observedOn", "invalid_date")
                ]
                assert _import(HEADER + f"{A},2020-03-31,1,survey,\n").created == 1
            finally:
                cursor.execute("SET LOCAL DateStyle = 'ISO, MDY'")
        assert calls == ["insert_new:False", "all_good", "insert_new:False", "all_good", "upsert"]
        assert _stored() == [(A, datetime.date(2020, 3, 31), 1, "survey", "")]


def _outcome(text: str, *, user, api_client) -> dict:
    """What an import wrote: its counts, the records, the events, the history and the audit,
    and whether the dashboard's data version moved; rolled back afterwards."""
    history = apps.get_model("buildings", "VacancyRecordEvent")
    first_event = Event.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    first_audit = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    version = data_version()
    with transaction.atomic():
        result = _import(text, user=user, api_client=api_client)
        outcome = {
            "result": result,
            "records": sorted(
                VacancyRecord.objects.values_list(
                    "building__bag_id",
                    "observed_on",
                    "vacant_area_m2",
                    "source",
                    "note",
                    "recorded_by_id",
                    "recorded_by_client_id",
                )
            ),
            "events": list(
                Event.objects.filter(sequence__gt=first_event or 0)
                .order_by("sequence")
                .values_list("type", "subject", "dataref", "data", "municipality_id")
            ),
            "history": list(history.objects.values_list("pgh_label", "vacant_area_m2")),
            "audit": list(
                AuditEvent.objects.filter(id__gt=first_audit or 0).values_list("action", "details")
            ),
            "data_version_moved": data_version() != version,
        }
        transaction.set_rollback(True)
    return outcome


@pytest.mark.parametrize("existing", [False, True])
def test_both_paths_write_the_same(buildings, monkeypatch, existing):
    user = UserFactory()
    api_client, _ = api_client_create(name="Spiegel")
    if existing:
        VacancyRecordFactory(
            building=buildings[B], observed_on=datetime.date(2020, 3, 31), vacant_area_m2=5
        )
    fast = _outcome(NEW_ROWS, user=user, api_client=api_client)
    monkeypatch.setattr(service, "insert_new", lambda *args, **kwargs: False)
    checked = _outcome(NEW_ROWS, user=user, api_client=api_client)
    assert fast == checked
    assert fast["result"].created == (1 if existing else 2)
    assert fast["events"] and fast["audit"] and fast["data_version_moved"]


@pytest.mark.parametrize(
    "rows",
    [
        [f"{A},2020-03-31,1,survey,", f"{A},2020-03-31,2,survey,"],
        [f"{A},2020-03-31,1,survey,", f"{B},2020-03-31,1001,survey,", f"{B},2020-13-01,1,x,"],
        [f"{A},2020-03-31,\t5,survey,", f"{B},1989-12-31,-1,survey,{'x' * 1001}"],
        [f"{A},2020-03-31,1,survey,", "0344100000999999,2020-03-31,1,survey,"],
    ],
)
def test_both_paths_report_the_same(buildings, monkeypatch, rows):
    text = HEADER + "\n".join(rows) + "\n"
    with pytest.raises(ImportRejected) as fast:
        _import(text)
    monkeypatch.setattr(service, "insert_new", lambda *args, **kwargs: False)
    with pytest.raises(ImportRejected) as checked:
        _import(text)
    assert fast.value.errors == checked.value.errors
    assert fast.value.error_count == checked.value.error_count
    assert not VacancyRecord.objects.exists()


def test_a_national_scope_joins_no_list_of_buildings(buildings):
    """Every building is visible: no join of the staged rows with the whole buildings table
    again. A province's scope keeps its condition (TestScope in test_imports.py)."""
    assert checks.check_params(NATIONAL, datetime.date(2026, 1, 1))[0] == "TRUE"
    province = Scope(province_codes=frozenset({"PV26"}))
    condition, params = checks.check_params(province, datetime.date(2026, 1, 1))
    assert condition.startswith("b.id IN (")
    assert "PV26" in params.values()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("other_commits", [True, False])
def test_a_concurrent_writer_of_the_same_record(other_commits):
    """Another transaction writes B's record and has not committed: the import waits for it. If
    it commits, the INSERT meets the record and the upsert replaces it; if it rolls back, the
    INSERT writes both. Either way as the upsert alone would."""
    municipality = MunicipalityFactory()
    for bag_id in (A, B):
        BuildingFactory(bag_id=bag_id, municipality=municipality, lettable_floor_area_m2=6000)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        importer = cursor.fetchone()[0]
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    watcher = connections.create_connection(DEFAULT_DB_ALIAS)
    other.ensure_connection()
    watcher.ensure_connection()
    raw = other.connection
    raw.autocommit = False  # Django's connections commit each statement
    waits: list[str] = []

    def finish_once_the_import_waits() -> None:
        with watcher.connection.cursor() as cursor:
            for _ in range(1500):
                cursor.execute(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [importer]
                )
                if cursor.fetchone()[0] == "Lock":
                    waits.append("Lock")
                    break
                time.sleep(0.02)
        (raw.commit if other_commits else raw.rollback)()

    try:
        with raw.cursor() as cursor:
            cursor.execute(
                "INSERT INTO buildings_vacancyrecord (building_id, observed_on, vacant_area_m2,"
                " source, note) VALUES (%s, '2020-03-31', 5, 'survey', '')",
                [Building.objects.get(bag_id=B).pk],
            )
        finish = threading.Thread(target=finish_once_the_import_waits)
        finish.start()
        result = _import(_csv(NEW_ROWS))
        finish.join()
    finally:
        other.close()
        watcher.close()
    assert waits == ["Lock"]
    if other_commits:
        assert result == ImportResult(created=1, updated=1, unchanged=0)
    else:
        assert result == ImportResult(created=2, updated=0, unchanged=0)
    assert [row[2] for row in _stored()] == [1200, 10]


def test_the_write_is_its_own_savepoint(buildings):
    """A failed INSERT is rolled back alone: the caller's transaction goes on."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE import_rows_test (problem text, bag_id text, observed_on"
            " text, vacant_area_m2 text, source text, note text)"
        )
        cursor.execute(
            "INSERT INTO import_rows_test VALUES (NULL, %s, '2020-03-31', '1', 'survey', ''),"
            " (NULL, %s, '2020-03-31', '2', 'survey', '')",
            [A, A],
        )
        visible, params = checks.check_params(NATIONAL, datetime.date(2026, 1, 1))
        assert not upsert.insert_new(cursor, "import_rows_test", 2, visible, params, (None, None))
        cursor.execute("SELECT count(*) FROM import_rows_test")
        assert cursor.fetchone()[0] == 2
    assert not VacancyRecord.objects.exists()
    with pytest.raises(ImportRejected):
        _import(HEADER + f"{A},2020-03-31,1,survey,\n{A},2020-03-31,2,survey,\n")
