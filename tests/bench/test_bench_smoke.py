"""Each benchmark once on a small generated dataset in the test database: the candidate and its
hand-written SQL baseline agree (the same flagged set, the same series figures, the same row
count), so the baselines that `make bench` compares against are themselves checked."""

import datetime

import pytest
from django.db import transaction

from bench import cases
from bench.dataset import dataset_generate, last_quarter_end
from bench.harness import Mismatch, paired

BUILDINGS = 800


@pytest.fixture(scope="module")
def tiny_dataset(django_db_setup, django_db_blocker):
    """800 generated buildings and their quarterly records since 2008, rolled back at the end."""
    history_end = last_quarter_end(datetime.date.today())
    with django_db_blocker.unblock(), transaction.atomic():
        buildings, records = dataset_generate(buildings=BUILDINGS, history_end=history_end)
        yield history_end, buildings, records
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_generator_writes_histories_that_exercise_the_rule(tiny_dataset):
    history_end, buildings, records = tiny_dataset
    assert buildings == BUILDINGS
    assert 40 * BUILDINGS < records < 76 * BUILDINGS
    _, flagged = cases.flags_baseline(as_of=history_end)
    assert flagged


@pytest.mark.django_db
def test_flag_job_and_baseline_flag_the_same_buildings(tiny_dataset):
    history_end = tiny_dataset[0]
    outcome = paired(
        name="flags",
        candidate=lambda: cases.flags_candidate(as_of=history_end),
        baseline=lambda: cases.flags_baseline(as_of=history_end),
        check=cases.flags_check,
        goal=1.5,
        rounds=1,
        log=lambda message: None,
    )
    assert len(outcome.ratios) == 1
    # On earlier dates too, where other runs are long enough or not yet.
    for as_of in (datetime.date(2012, 6, 30), datetime.date(2016, 2, 29)):
        _, job = cases.flags_candidate(as_of=as_of)
        _, baseline = cases.flags_baseline(as_of=as_of)
        assert job == baseline, as_of
        assert job


@pytest.mark.django_db
def test_flag_candidate_rolls_back(tiny_dataset):
    from buildings.models import FlagRun, StructuralVacancyFlag

    cases.flags_candidate(as_of=tiny_dataset[0])
    assert not StructuralVacancyFlag.objects.exists()
    assert not FlagRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.slow
def test_series_and_baseline_give_the_same_figures(tiny_dataset):
    end = tiny_dataset[0]
    _, candidate = cases.series_candidate(start=datetime.date(2008, 1, 1), end=end)
    _, baseline = cases.series_baseline(start=datetime.date(2008, 1, 1), end=end)
    cases.series_check(candidate, baseline)
    # Not a trivial agreement: stock, vacancy, stale data and structural vacancy all occur.
    totals = [sum(figures[n] for figures in candidate.values()) for n in range(10)]
    assert all(totals[:9]), totals


@pytest.mark.django_db
@pytest.mark.slow
def test_import_and_copy_read_the_same_rows_and_memory_is_flat(tiny_dataset, tmp_path):
    from buildings.models import VacancyRecord

    before = VacancyRecord.objects.count()
    small, big = tmp_path / "small.csv", tmp_path / "big.csv"
    cases.import_file_write(small, 500)
    cases.import_file_write(big, 5_000)
    _, imported = cases.import_candidate(path=big)
    _, copied = cases.import_baseline(path=big)
    cases.import_check(imported, copied)
    assert imported == 5_000
    as_stored = tmp_path / "as-stored.csv"
    cases.import_file_write(as_stored, 5_000, as_records=True)
    _, loaded = cases.import_records_copy(path=as_stored)
    cases.import_check(imported, loaded)
    assert VacancyRecord.objects.count() == before  # rolled back
    peak_small = cases.import_peak_memory(path=small)
    peak_big = cases.import_peak_memory(path=big)
    assert peak_big < 2 * peak_small, (peak_small, peak_big)


@pytest.mark.django_db
@pytest.mark.slow
def test_the_import_endpoints_floor_copies_the_rows_as_the_endpoint_stores_them(
    tiny_dataset, tmp_path
):
    """The endpoint records the API client on every row (an indexed, foreign-keyed column):
    the floor's COPY writes it too, and both read the same rows."""
    path, as_stored = tmp_path / "records.csv", tmp_path / "as-stored.csv"
    api_key = cases.ApiKey()
    with api_key as key:
        cases.import_file_write(path, 1_000)
        cases.import_file_write(as_stored, 1_000, as_records=True, client_id=api_key.client_id)
        assert as_stored.read_text().splitlines()[0].split(",")[-1] == str(api_key.client_id)
        _, stored = cases.api_import_candidate(key=key, path=path)
        _, loaded = cases.import_records_copy(path=as_stored, with_client=True)
        cases.import_check(stored, loaded)
        assert loaded == 1_000


def test_the_checks_refuse_a_difference():
    day = datetime.date(2020, 3, 31)
    with pytest.raises(Mismatch):
        cases.flags_check([(1, day)], [])
    with pytest.raises(Mismatch):
        cases.series_check({("a", day): (1,) * 10}, {("a", day): (2,) + (1,) * 9})
    with pytest.raises(Mismatch):
        cases.import_check(10, 9)
