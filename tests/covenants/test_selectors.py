import datetime

import pytest
from django.db import IntegrityError

from covenants.choices import ProgressStatus
from covenants.models import Commitment, CommitmentProgress
from covenants.selectors import (
    commitment_progress_list,
    commitment_progress_status,
    commitments_for_region,
)
from tests.regions.factories import OfficeRegionFactory

pytestmark = pytest.mark.django_db

DUE = datetime.date(2013, 6, 27)


@pytest.fixture
def priority_vision():
    return Commitment.objects.get(code="priority-region-vision")


def _progress(commitment, status, region=None):
    return CommitmentProgress.objects.create(
        commitment=commitment,
        office_region=region or OfficeRegionFactory(is_priority=True),
        status=status,
        reported_on=datetime.date(2013, 1, 1),
    )


@pytest.mark.parametrize(
    ("status", "on", "expected"),
    [
        (ProgressStatus.IN_PROGRESS, DUE, ProgressStatus.IN_PROGRESS),
        (ProgressStatus.IN_PROGRESS, DUE + datetime.timedelta(days=1), ProgressStatus.OVERDUE),
        (ProgressStatus.NOT_STARTED, DUE + datetime.timedelta(days=1), ProgressStatus.OVERDUE),
        (ProgressStatus.AT_RISK, DUE + datetime.timedelta(days=1), ProgressStatus.OVERDUE),
        (ProgressStatus.DONE, DUE + datetime.timedelta(days=1), ProgressStatus.DONE),
    ],
)
def test_overdue_is_computed_from_the_due_date(priority_vision, status, on, expected):
    progress = _progress(priority_vision, status)
    assert commitment_progress_status(progress=progress, on=on) == expected
    annotated = commitment_progress_list(on=on).get(pk=progress.pk)
    assert annotated.effective_status == expected
    # Never written back.
    progress.refresh_from_db()
    assert progress.status == status


def test_without_due_date_nothing_is_overdue():
    commitment = Commitment.objects.get(code="regional-vision")
    assert commitment.due_on is None
    progress = _progress(commitment, ProgressStatus.NOT_STARTED)
    far = datetime.date(2030, 1, 1)
    assert commitment_progress_status(progress=progress, on=far) == ProgressStatus.NOT_STARTED
    annotated = commitment_progress_list(on=far).get(pk=progress.pk)
    assert annotated.effective_status == ProgressStatus.NOT_STARTED


def test_overdue_cannot_be_stored(priority_vision):
    with pytest.raises(IntegrityError):
        _progress(priority_vision, ProgressStatus.OVERDUE)


def test_list_mixes_statuses_in_one_query(priority_vision, django_assert_num_queries):
    late = _progress(priority_vision, ProgressStatus.IN_PROGRESS)
    done = _progress(priority_vision, ProgressStatus.DONE)
    with django_assert_num_queries(1):
        statuses = {
            p.pk: p.effective_status
            for p in commitment_progress_list(on=datetime.date(2014, 1, 1)).filter(
                pk__in=[late.pk, done.pk]
            )
        }
    assert statuses == {late.pk: ProgressStatus.OVERDUE, done.pk: ProgressStatus.DONE}


def test_priority_region_gets_the_priority_commitment():
    region = OfficeRegionFactory(is_priority=True)
    codes = list(commitments_for_region(office_region=region).values_list("code", flat=True))
    assert "priority-region-vision" in codes
    assert "regional-vision" in codes
    assert set(codes) == set(
        Commitment.objects.filter(per_region=True).values_list("code", flat=True)
    )


def test_other_region_does_not_get_the_priority_commitment():
    region = OfficeRegionFactory(is_priority=False)
    codes = list(commitments_for_region(office_region=region).values_list("code", flat=True))
    assert "priority-region-vision" not in codes
    assert "regional-vision" in codes
    # Commitments tracked per party (not per region) are not listed.
    assert "transformation-plans-flagged" not in codes
