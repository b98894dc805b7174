"""vacancy_records_import and its job: formats, every error kind, counts, scope, size, memory."""

import datetime
import io
import tracemalloc

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from buildings.models import Building, ImportJob, VacancyRecord
from buildings.services.errors import ImportRejected, OutOfScope
from buildings.services.imports import (
    ImportResult,
    fast_path,
    import_job_create,
    parsing,
    service,
    vacancy_records_import,
)
from buildings.tasks import vacancy_records_import_job
from kantorentop.accounts.scopes import Scope
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory
from tests.regions.factories import MunicipalityFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

NATIONAL = Scope(national=True)
A = "0344100000000001"
B = "0344100000000002"
HEADER = "bagId,observedOn,vacantAreaM2,source,note\n"


@pytest.fixture
def buildings():
    municipality = MunicipalityFactory(province=ProvinceFactory(code="PV26"))
    return {
        A: BuildingFactory(bag_id=A, municipality=municipality, lettable_floor_area_m2=6000),
        B: BuildingFactory(bag_id=B, municipality=municipality, lettable_floor_area_m2=1000),
    }


def _csv(text: str, *, bom: bool = False) -> io.BytesIO:
    return io.BytesIO(("\ufeff" if bom else "").encode() + text.encode())


def _import(text_or_rows, scope=NATIONAL, **kwargs) -> ImportResult:
    source = _csv(text_or_rows) if isinstance(text_or_rows, str) else text_or_rows
    return vacancy_records_import(source=source, scope=scope, **kwargs)


def _rejected(text_or_rows, scope=NATIONAL) -> list[tuple[int, str | None, str]]:
    with pytest.raises(ImportRejected) as excinfo:
        _import(text_or_rows, scope)
    return [(e.row, e.field, e.code) for e in excinfo.value.errors]


def _stored():
    return sorted(
        VacancyRecord.objects.values_list(
            "building__bag_id", "observed_on", "vacant_area_m2", "source", "note"
        )
    )


class TestFormats:
    def test_comma_separated(self, buildings):
        result = _import(
            HEADER + f"{A},2020-03-31,1200,survey,first count\n{B},2020-03-31,0,owner,\n"
        )
        assert result == ImportResult(created=2, updated=0, unchanged=0)
        assert _stored() == [
            (A, datetime.date(2020, 3, 31), 1200, "survey", "first count"),
            (B, datetime.date(2020, 3, 31), 0, "owner", ""),
        ]

    def test_semicolon_separated_with_bom_crlf_and_snake_case(self, buildings):
        text = (
            "bag_id;observed_on;vacant_area_m2;source;note\r\n"
            f'{A};2020-03-31;1200;survey;"Kantoor, 2e verdieping; deels"\r\n'
        )
        assert _import(_csv(text, bom=True)).created == 1
        assert _stored()[0][4] == "Kantoor, 2e verdieping; deels"

    def test_note_is_optional_and_may_span_lines(self, buildings):
        assert _import(f"bagId,observedOn,vacantAreaM2,source\n{A},2020-03-31,5,survey\n").created
        assert _import(HEADER + f'{A},2020-06-30,5,survey,"two\nlines"\n').created
        assert _stored()[1][4] == "two\nlines"

    def test_list_of_dicts(self, buildings):
        rows = [
            {"bagId": A, "observedOn": "2020-03-31", "vacantAreaM2": 1200, "source": "survey"},
            {
                "bag_id": B,
                "observed_on": datetime.date(2020, 3, 31),
                "vacant_area_m2": "10",
                "source": "owner",
                "note": "via API",
            },
        ]
        assert _import(rows) == ImportResult(created=2, updated=0, unchanged=0)
        assert _stored()[1] == (B, datetime.date(2020, 3, 31), 10, "owner", "via API")

    def test_a_generator_of_dicts(self, buildings):
        rows = (
            {"bagId": A, "observedOn": f"2020-0{m}-01", "vacantAreaM2": m, "source": "survey"}
            for m in range(1, 4)
        )
        assert _import(rows).created == 3

    def test_header_only_answers_zeros(self, buildings):
        assert _import(HEADER) == ImportResult(created=0, updated=0, unchanged=0)
        assert _import([]) == ImportResult(created=0, updated=0, unchanged=0)

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("", "empty"),
            ("bagId,observedOn,source\n", "missing_columns"),
            ("bagId,observedOn,vacantAreaM2,source,floor\n", "unknown_columns"),
            ("bagId,bag_id,observedOn,vacantAreaM2,source\n", "duplicate_column"),
        ],
    )
    def test_a_bad_header_is_row_0(self, buildings, text, code):
        assert _rejected(text) == [(0, None if code != "duplicate_column" else "bagId", code)]

    def test_not_utf8(self, buildings):
        source = io.BytesIO(
            HEADER.encode() + f"{A},2020-03-31,1,survey,caf\xe9\n".encode("latin-1")
        )
        assert _rejected(source) == [(1, None, "unreadable")]


class TestErrors:
    def test_every_bad_row_is_reported_with_its_number_and_nothing_is_written(self, buildings):
        VacancyRecordFactory(building=buildings[A], observed_on=datetime.date(2019, 1, 1))
        before = _stored()
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        rows = [
            f"{A},2020-01-01,100,survey,ok",  # 1: fine
            f"{A},2020-01-01,200,survey,again",  # 2: same building and date as row 1
            ",2020-01-02,1,survey,",  # 3: no bag id
            "0344200000000001,2020-01-02,1,survey,",  # 4: not a pand id
            "0344100000999999,2020-01-02,1,survey,",  # 5: unknown building
            f"{A},31-12-2020,1,survey,",  # 6: not ISO
            f"{A},2021-02-29,1,survey,",  # 7: no such day
            f"{A},{tomorrow.isoformat()},1,survey,",  # 8: future
            f"{A},1989-12-31,1,survey,",  # 9: before 1990
            f"{A},2020-01-03,12.5,survey,",  # 10: not whole
            f"{A},2020-01-04,-1,survey,",  # 11: negative
            f"{B},2020-01-05,1001,survey,",  # 12: above lettable (1000)
            f"{A},2020-01-06,,survey,",  # 13: no area
            f"{A},2020-01-07,1,rumour,",  # 14: unknown source
            f"{A},2020-01-08,1,survey",  # 15: a value short
            f"{A},,,,",  # 16: three values missing
            f"{B},2020-01-09,1000,SURVEY,",  # 17: fine (case and bounds)
        ]
        errors = _rejected(HEADER + "\n".join(rows) + "\n")
        assert errors == [
            (2, "observedOn", "duplicate"),
            (3, "bagId", "required"),
            (4, "bagId", "invalid_bag_id"),
            (5, "bagId", "unknown_building"),
            (6, "observedOn", "invalid_date"),
            (7, "observedOn", "invalid_date"),
            (8, "observedOn", "future"),
            (9, "observedOn", "too_early"),
            (10, "vacantAreaM2", "invalid_integer"),
            (11, "vacantAreaM2", "invalid_integer"),
            (12, "vacantAreaM2", "exceeds_lettable"),
            (13, "vacantAreaM2", "required"),
            (14, "source", "invalid_choice"),
            (15, None, "column_count"),
            (16, "observedOn", "required"),
            (16, "vacantAreaM2", "required"),
            (16, "source", "required"),
        ]
        assert _stored() == before

    def test_reasons_are_readable(self, buildings):
        from django.utils import translation

        with translation.override("en"), pytest.raises(ImportRejected) as excinfo:
            _import(HEADER + f"{B},2020-01-05,1001,survey,\n{B},2020-01-05,1,survey,\n")
        reasons = [e.reason for e in excinfo.value.errors]
        assert reasons == [
            "1.001 m2 vacant is more than the building's lettable area of 1.000 m2.",
            "A second row for the same building and date; the first is row 1.",
        ]

    def test_dict_rows_with_unknown_keys_or_not_objects(self, buildings):
        rows = [{"bagId": A, "floor": 3}, "text"]
        assert _rejected(rows) == [(1, None, "unknown_fields"), (2, None, "not_an_object")]

    def test_reported_errors_are_capped_with_the_full_count(self, buildings):
        text = HEADER + "".join(f"x{n},2020-01-01,1,survey,\n" for n in range(1500))
        with pytest.raises(ImportRejected) as excinfo:
            _import(text)
        assert len(excinfo.value.errors) == 1000
        assert excinfo.value.error_count == 1500


class TestCounts:
    def test_created_updated_unchanged(self, buildings):
        first = HEADER + f"{A},2020-03-31,1200,survey,\n{B},2020-03-31,100,survey,\n"
        assert _import(first) == ImportResult(created=2, updated=0, unchanged=0)
        assert _import(first) == ImportResult(created=0, updated=0, unchanged=2)
        second = (
            HEADER
            + f"{A},2020-03-31,1200,survey,\n"  # unchanged
            + f"{B},2020-03-31,150,survey,\n"  # area changed
            + f"{B},2020-06-30,150,survey,\n"  # new
        )
        assert _import(second) == ImportResult(created=1, updated=1, unchanged=1)
        assert _import(second) == ImportResult(created=0, updated=0, unchanged=3)

    @pytest.mark.parametrize("change", ["note", "source"])
    def test_a_change_of_note_or_source_alone_is_an_update(self, buildings, change):
        _import(HEADER + f"{A},2020-03-31,1200,survey,first\n")
        line = {
            "note": f"{A},2020-03-31,1200,survey,second",
            "source": f"{A},2020-03-31,1200,owner,first",
        }
        assert _import(HEADER + line[change] + "\n") == ImportResult(0, 1, 0)

    def test_a_replacement_is_kept_in_history_with_who_imported(self, buildings):
        event_model = apps.get_model("buildings", "VacancyRecordEvent")
        user = UserFactory()
        _import(HEADER + f"{A},2020-03-31,1200,survey,\n", user=user)
        record = VacancyRecord.objects.get()
        assert record.recorded_by == user
        _import(HEADER + f"{A},2020-03-31,1300,survey,\n", user=user)
        event = event_model.objects.get(id=record.pk)
        assert event.vacant_area_m2 == 1200
        assert event.pgh_context.metadata["user"] == user.pk


class TestScope:
    def test_a_province_imports_only_its_own_buildings(self, buildings):
        elsewhere = BuildingFactory(
            bag_id="0014100000000001",
            municipality=MunicipalityFactory(province=ProvinceFactory(code="PV20")),
        )
        utrecht = Scope(province_codes=frozenset({"PV26"}))
        text = HEADER + f"{A},2020-03-31,1,survey,\n{elsewhere.bag_id},2020-03-31,1,survey,\n"
        assert _rejected(text, utrecht) == [(2, "bagId", "unknown_building")]
        assert not VacancyRecord.objects.exists()
        assert _import(text, NATIONAL).created == 2

    def test_an_owner_imports_only_its_own_buildings(self, buildings):
        owner = OrganisationFactory()
        Building.objects.filter(bag_id=A).update(owner=owner)
        scope = Scope(owner_organisation_ids=frozenset({owner.pk}))
        assert _import(HEADER + f"{A},2020-03-31,1,owner,\n", scope).created == 1
        assert _rejected(HEADER + f"{B},2020-03-31,1,owner,\n", scope) == [
            (1, "bagId", "unknown_building")
        ]

    @pytest.mark.parametrize("scope", [Scope(national=True, read_only=True), Scope()])
    def test_read_only_or_empty_scopes_may_not_import(self, buildings, scope):
        with pytest.raises(OutOfScope):
            _import(HEADER + f"{A},2020-03-31,1,survey,\n", scope)
        assert not VacancyRecord.objects.exists()


class _GeneratedCsv(io.RawIOBase):
    """A CSV file of `count` rows over `buildings`, produced while it is read (never in memory)."""

    def __init__(self, bag_ids: list[str], count: int) -> None:
        self._lines = self._generate(bag_ids, count)
        self._pending = b""

    @staticmethod
    def _generate(bag_ids, count):
        yield HEADER.encode()
        start = datetime.date(2000, 1, 1)
        for n in range(count):
            bag_id = bag_ids[n % len(bag_ids)]
            day = start + datetime.timedelta(days=n // len(bag_ids))
            yield f"{bag_id},{day.isoformat()},{n % 500},survey,row {n}\n".encode()

    def readable(self) -> bool:
        return True

    def read(self, size=-1):
        chunks, length = [self._pending], len(self._pending)
        for line in self._lines:
            chunks.append(line)
            length += len(line)
            if 0 <= size <= length:
                break
        data = b"".join(chunks)
        if size < 0:
            self._pending = b""
            return data
        data, self._pending = data[:size], data[size:]
        return data


def _many_buildings(count: int) -> list[str]:
    municipality = MunicipalityFactory()
    bag_ids = [f"0363100{n:09d}" for n in range(count)]
    Building.objects.bulk_create(
        Building(bag_id=b, municipality=municipality, lettable_floor_area_m2=1000) for b in bag_ids
    )
    return bag_ids


# Committed between imports as in production: re-locking rows that an earlier savepoint of the
# same transaction inserted is many times slower than the real thing.
@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_thousand_rows():
    bag_ids = _many_buildings(200)
    result = _import(_GeneratedCsv(bag_ids, 20_000))
    assert result == ImportResult(created=20_000, updated=0, unchanged=0)
    assert VacancyRecord.objects.filter(building__bag_id__in=bag_ids).count() == 20_000
    assert _import(_GeneratedCsv(bag_ids, 20_000)) == ImportResult(0, 0, 20_000)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_memory_stays_flat_in_the_number_of_rows():
    bag_ids = _many_buildings(500)

    def peak(count: int) -> int:
        VacancyRecord.objects.all().delete()
        source = _GeneratedCsv(bag_ids, count)
        tracemalloc.start()
        try:
            assert _import(source).created == count
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(5_000), peak(50_000)
    print(f"peak memory: {small} bytes for 5,000 rows, {large} for 50,000")
    # Ten times the rows may not take much more memory: the rows stream through.
    assert large < small * 1.5 + 256 * 1024, (small, large)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_job_progress_shows_on_another_connection_during_the_import(monkeypatch):
    # Both readers count rows for the progress (this file, not seekable, takes the slow path).
    monkeypatch.setattr(parsing, "PROGRESS_EVERY_ROWS", 100)
    monkeypatch.setattr(fast_path, "PROGRESS_EVERY_ROWS", 100)
    bag_ids = _many_buildings(10)
    job = ImportJob.objects.create(file="imports/test.csv")
    dashboard = connections.create_connection(DEFAULT_DB_ALIAS)
    seen = []

    def poll():
        with dashboard.cursor() as cursor:
            cursor.execute(
                "SELECT status, processed_rows FROM buildings_importjob WHERE id = %s", [job.pk]
            )
            seen.append(cursor.fetchone())

    class Observed(_GeneratedCsv):
        def read(self, size=-1):
            poll()
            return super().read(size)

    try:
        result = _import(Observed(bag_ids, 10_000), job=job)
        poll()
    finally:
        dashboard.close()
    assert result.created == 10_000
    during = [rows for status, rows in seen[:-1] if status == "running" and 0 < rows < 10_000]
    assert during, seen
    assert seen[-1] == ("succeeded", 10_000)


class TestJob:
    @pytest.fixture(autouse=True)
    def _media(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path

    def _officer(self):
        user = UserFactory()
        organisation = OrganisationFactory(kind="province", province=ProvinceFactory(code="PV26"))
        MembershipFactory(user=user, organisation=organisation, role="provincial_officer")
        return user

    def test_upload_runs_the_job_on_commit(self, buildings, django_capture_on_commit_callbacks):
        user = self._officer()
        upload = SimpleUploadedFile(
            "leegstand.csv", (HEADER + f"{A},2020-03-31,1200,survey,\n").encode()
        )
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            job = import_job_create(
                uploaded_file=upload, scope=Scope(province_codes=frozenset({"PV26"})), user=user
            )
        assert len(callbacks) == 1
        job.refresh_from_db()
        assert job.status == "succeeded"
        assert (job.total_rows, job.processed_rows, job.created_count) == (1, 1, 1)
        assert job.original_name == "leegstand.csv"
        assert job.finished_at is not None
        assert VacancyRecord.objects.get().recorded_by == user

        # A finished job is not run again.
        VacancyRecord.objects.all().delete()
        assert vacancy_records_import_job(job.pk) == "succeeded"
        assert not VacancyRecord.objects.exists()

    def test_a_rejected_job_keeps_its_errors(self, buildings, django_capture_on_commit_callbacks):
        user = self._officer()
        upload = SimpleUploadedFile(
            "bad.csv",
            (HEADER + f"{A},2020-03-31,1200,survey,\n{B},2020-03-31,1001,survey,\n").encode(),
        )
        with django_capture_on_commit_callbacks(execute=True):
            job = import_job_create(uploaded_file=upload, scope=NATIONAL, user=user)
        job.refresh_from_db()
        assert job.status == "failed"
        assert [(e["row"], e["code"]) for e in job.errors] == [(2, "exceeds_lettable")]
        assert not VacancyRecord.objects.exists()

    def test_the_job_uses_the_uploaders_scope_as_it_is_now(
        self, buildings, django_capture_on_commit_callbacks
    ):
        user = UserFactory()  # no membership: an empty scope
        job = ImportJob.objects.create(
            file=SimpleUploadedFile("x.csv", HEADER.encode()), created_by=user
        )
        assert vacancy_records_import_job(job.pk) == "failed"
        job.refresh_from_db()
        assert job.errors[0]["code"] == "out_of_scope"

    def test_a_read_only_scope_cannot_upload(self, buildings):
        with pytest.raises(OutOfScope):
            import_job_create(
                uploaded_file=SimpleUploadedFile("x.csv", HEADER.encode()),
                scope=Scope(national=True, read_only=True),
            )
        assert not ImportJob.objects.exists()


def test_import_works_with_debug_on(buildings, settings):
    """`make run` runs with DEBUG, where Django wraps cursors in a debug wrapper."""
    settings.DEBUG = True
    result = _import(HEADER + f"{A},2012-06-30,100,survey,\n")
    assert result.created == 1


class TestWritePath:
    """The fast path (the file's bytes straight into COPY, one checking pass) gives the same
    answers as the slow path (rows parsed in Python) it falls back to."""

    @pytest.fixture
    def slow_path_calls(self, monkeypatch):
        calls = []
        original = service.stage_rows

        def counted(*args, **kwargs):
            calls.append(args[1])
            return original(*args, **kwargs)

        monkeypatch.setattr(service, "stage_rows", counted)
        return calls

    def test_a_clean_file_goes_straight_to_copy(self, buildings, slow_path_calls):
        text = (
            "bag_id;observed_on;vacant_area_m2;source;note\r\n"
            f'{A};2020-03-31;1200;survey;"Kantoor, 2e verdieping; deels"\r\n'
            f'{B};2020-03-31; 10 ; Owner ;"two\r\nlines"\r\n'
        )
        assert _import(_csv(text, bom=True)) == ImportResult(created=2, updated=0, unchanged=0)
        assert slow_path_calls == []
        assert _stored() == [
            (A, datetime.date(2020, 3, 31), 1200, "survey", "Kantoor, 2e verdieping; deels"),
            (B, datetime.date(2020, 3, 31), 10, "owner", "two\r\nlines"),
        ]

    def test_columns_in_any_order_without_note(self, buildings, slow_path_calls):
        text = f"source,vacantAreaM2,bagId,observedOn\nsurvey,5,{A},2020-03-31\n"
        assert _import(text).created == 1
        assert slow_path_calls == []
        assert _stored() == [(A, datetime.date(2020, 3, 31), 5, "survey", "")]

    def test_rows_of_empty_values_are_skipped_on_both_paths(self, buildings, slow_path_calls):
        text = HEADER + f",,,,\n{A},2020-03-31,5,survey,\n ,\t,,,\n"
        assert _import(text) == ImportResult(created=1, updated=0, unchanged=0)
        assert slow_path_calls == []
        # A blank line: COPY refuses it, the slow path skips it and keeps counting rows.
        errors = _rejected(HEADER + f"{A},2020-03-31,5,survey,\n\n{A},2020-13-01,5,survey,\n")
        assert errors == [(3, "observedOn", "invalid_date")]
        assert len(slow_path_calls) == 1

    def test_an_end_of_data_marker_does_not_end_the_file(self, buildings, slow_path_calls):
        text = HEADER + f"{A},2020-03-31,5,survey,\n\\.\n{B},2020-03-31,5,survey,\n"
        assert _rejected(text) == [(2, None, "column_count")]
        assert len(slow_path_calls) == 1

    def test_an_end_of_data_marker_split_between_reads(
        self, buildings, slow_path_calls, monkeypatch
    ):
        first = HEADER + f"{A},2020-03-31,5,survey,\n"
        monkeypatch.setattr(fast_path, "HEADER_CHUNK_BYTES", len(first) + 1)  # ends after "\\"
        text = first + f"\\.\n{B},2020-03-31,5,survey,\n"
        assert _rejected(text) == [(2, None, "column_count")]
        assert len(slow_path_calls) == 1

    def test_quotes_where_both_readers_agree_stay_on_the_fast_path(
        self, buildings, slow_path_calls, monkeypatch
    ):
        text = (
            HEADER
            + f'{A},2020-03-31,5,survey,"Kantoor, 2e verdieping"\n'
            + f'"{B}",2020-03-31,5,"survey","say ""hi""\nagain"\n'
        )
        # The pair "" split between two reads.
        monkeypatch.setattr(fast_path, "HEADER_CHUNK_BYTES", text.index('""hi') + 1)
        assert _import(text).created == 2
        assert slow_path_calls == []
        assert [row[4] for row in _stored()] == ["Kantoor, 2e verdieping", 'say "hi"\nagain']

    @pytest.mark.parametrize(
        ("notes", "expected"),
        [
            # A quote inside an unquoted value is text; COPY would join the two rows.
            (('a"b', 'c"d'), ['a"b', 'c"d']),
            (('kantoor "De Toren"', "x"), ['kantoor "De Toren"', "x"]),
            # A space before the quote: the value is not quoted.
            ((' "De Toren"', "x"), [' "De Toren"', "x"]),
        ],
    )
    def test_quotes_inside_values_are_read_as_the_slow_path_reads_them(
        self, buildings, slow_path_calls, notes, expected
    ):
        text = HEADER + f"{A},2020-03-31,5,survey,{notes[0]}\n{B},2020-03-31,5,survey,{notes[1]}\n"
        assert _import(text).created == 2
        assert [row[4] for row in _stored()] == expected
        assert len(slow_path_calls) == 1

    def test_carriage_returns_alone_are_read_as_the_slow_path_reads_them(
        self, buildings, slow_path_calls
    ):
        """Old Mac files end lines with a bare carriage return: the slow path reads them (COPY
        might not read them alike)."""
        text = HEADER + f'{A},2020-03-31,5,survey,"a\rb"\r{B},2020-03-31,5,survey,\r'
        assert _import(text).created == 2
        assert len(slow_path_calls) == 1
        assert [row[4] for row in _stored()] == ["a\rb", ""]

    def test_text_after_a_closing_quote_is_unreadable_on_both_paths(self, buildings):
        text = HEADER + f'{A},2020-03-31,5,survey,"De" Toren\n'
        assert _rejected(text) == [(1, None, "unreadable")]

    @pytest.mark.parametrize(
        ("line", "field", "code"),
        [
            (",2020-01-02,1,survey,", "bagId", "required"),
            ("0344200000000001,2020-01-02,1,survey,", "bagId", "invalid_bag_id"),
            ("0344100000999999,2020-01-02,1,survey,", "bagId", "unknown_building"),
            (f"{A},31-12-2020,1,survey,", "observedOn", "invalid_date"),
            (f"{A},2020-1-31,1,survey,", "observedOn", "invalid_date"),
            (f"{A},2021-02-29,1,survey,", "observedOn", "invalid_date"),
            (f"{A},2020-04-31,1,survey,", "observedOn", "invalid_date"),
            (f"{A},0000-01-01,1,survey,", "observedOn", "invalid_date"),
            (f"{A},10000-01-01,1,survey,", "observedOn", "invalid_date"),
            (f"{A},2020-01-01 00:00,1,survey,", "observedOn", "invalid_date"),
            (f"{A},2999-01-01,1,survey,", "observedOn", "future"),
            (f"{A},1989-12-31,1,survey,", "observedOn", "too_early"),
            (f"{A},2020-01-03,12.5,survey,", "vacantAreaM2", "invalid_integer"),
            (f"{A},2020-01-04,+1,survey,", "vacantAreaM2", "invalid_integer"),
            (f"{A},2020-01-04,1e3,survey,", "vacantAreaM2", "invalid_integer"),
            (f"{B},2020-01-05,1001,survey,", "vacantAreaM2", "exceeds_lettable"),
            (f"{A},2020-01-06,,survey,", "vacantAreaM2", "required"),
            (f"{A},2020-01-07,1,rumour,", "source", "invalid_choice"),
            (f"{A},2020-01-07,1,,", "source", "required"),
        ],
    )
    def test_each_bad_value_alone_is_found(self, buildings, slow_path_calls, line, field, code):
        """The one checking pass must catch what the full report names, or a bad row would
        reach the upsert."""
        assert _rejected(HEADER + f"{B},2020-01-01,1,survey,\n{line}\n") == [(2, field, code)]
        assert slow_path_calls == []
        assert not VacancyRecord.objects.exists()

    def test_values_the_quick_pass_doubts_are_decided_by_the_full_checks(self, buildings):
        """The quick pass compares casts with the text; 007 and 2020-03-31 with spaces around
        are fine by the rules, so the full checks let them through."""
        text = HEADER + f"{A},2020-03-31,007,survey,\n{A}, 2020-06-30 , 10 ,survey,\n"
        assert _import(text).created == 2
        assert [row[1:3] for row in _stored()] == [
            (datetime.date(2020, 3, 31), 7),
            (datetime.date(2020, 6, 30), 10),
        ]

    def test_a_leap_day_and_month_ends_are_dates(self, buildings):
        days = ["2020-02-29", "2021-02-28", "2020-04-30", "2020-12-31", "2020-01-31"]
        text = HEADER + "".join(f"{A},{day},1,survey,\n" for day in days)
        assert _import(text).created == 5

    def test_a_second_row_equal_to_the_stored_record_is_still_a_duplicate(self, buildings):
        line = f"{A},2020-03-31,1200,survey,\n"
        assert _import(HEADER + line).created == 1
        assert _rejected(HEADER + line + line) == [(2, "observedOn", "duplicate")]
        changed = f"{A},2020-03-31,1300,survey,\n"
        assert _rejected(HEADER + line + changed) == [(2, "observedOn", "duplicate")]
        assert _stored() == [(A, datetime.date(2020, 3, 31), 1200, "survey", "")]

    def test_a_file_that_cannot_seek_takes_the_slow_path(self, buildings, slow_path_calls):
        class Unseekable(io.BytesIO):
            def seekable(self):
                return False

        source = Unseekable((HEADER + f"{A},2020-03-31,5,survey,\n").encode())
        assert _import(source).created == 1
        assert len(slow_path_calls) == 1


@pytest.mark.parametrize("chunk_bytes", [4, 5, 6, 64 * 1024])
def test_lines_end_at_any_line_end_whatever_the_chunks(monkeypatch, chunk_bytes):
    """A "\\r\\n" split between two reads is one line end, not a line end and a blank line."""
    monkeypatch.setattr(parsing, "READ_CHUNK_BYTES", chunk_bytes)
    data = "\ufeffab\r\ncd\re\n\r\nf".encode()
    assert list(parsing._text_lines(io.BytesIO(data))) == ["ab\r\n", "cd\r", "e\n", "\r\n", "f"]


def test_the_import_sorts_and_counts_in_memory_for_its_own_transaction(buildings):
    """Its sort and its counted upsert hold every row: with the server's default work_mem they
    went to temporary files. The setting is raised for the import's transaction only."""
    connection = connections[DEFAULT_DB_ALIAS]
    seen: list[tuple[str, str]] = []

    def work_mem_at_each_write(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if "INSERT INTO buildings_vacancyrecord" in sql:
            with connection.cursor() as cursor:
                cursor.execute("SHOW work_mem")
                seen.append(("upsert", cursor.fetchone()[0]))
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        before = cursor.fetchone()[0]
    with connection.execute_wrapper(work_mem_at_each_write):
        _import(f"{HEADER}{A},2024-06-30,100,owner,\n")
    assert before != service.IMPORT_WORK_MEM
    assert seen == [("upsert", service.IMPORT_WORK_MEM)]
