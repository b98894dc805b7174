"""The outbox benchmarks (bench.events) once on a small generated dataset: with and without the
outbox the import and the flag job do the same, and without it no event is written (so the
comparison measures the outbox and nothing else)."""

import datetime

import pytest
from django.db import transaction

from bench import cases, events
from bench.dataset import dataset_generate, last_quarter_end
from events.models import Event


@pytest.fixture(scope="module")
def small_dataset(django_db_setup, django_db_blocker):
    history_end = last_quarter_end(datetime.date.today())
    with django_db_blocker.unblock(), transaction.atomic():
        dataset_generate(buildings=800, history_end=history_end)
        yield history_end
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_outbox_on_and_off_do_the_same(small_dataset, tmp_path, monkeypatch):
    path = tmp_path / "records.csv"
    cases.import_file_write(path, 2_000)
    _, with_outbox = events.import_timed(path=path, outbox=True)
    _, without = events.import_timed(path=path, outbox=False)
    events.equal_counts(with_outbox, without)
    _, flags_with = events.flags_timed(as_of=small_dataset, outbox=True)
    _, flags_without = events.flags_timed(as_of=small_dataset, outbox=False)
    events.equal_counts(flags_with, flags_without)
    assert flags_with[0] > 0


@pytest.mark.django_db
def test_without_the_outbox_no_event_is_written(small_dataset, tmp_path):
    from buildings.services.flags import structural_vacancy_flags_update

    before = Event.objects.count()
    with transaction.atomic():
        with events.outbox_off():
            structural_vacancy_flags_update(as_of=small_dataset)
            assert Event.objects.count() == before
        transaction.set_rollback(True)
