"""The energy label benchmark (bench/energy_labels_floor.py) on a small file: the import and its
COPY floor read the same rows, and the import stores the portal units' labels."""

import pytest

from bench.energy_labels_floor import candidate, run
from buildings.models import EnergyLabelRegistration

pytestmark = pytest.mark.django_db


def test_the_benchmark_runs_and_its_floor_agrees(tmp_path):
    outcome = run(rows=2_000, units=30, rounds=1, folder=tmp_path, log=lambda _: None)
    assert len(outcome.ratios) == 1 and outcome.ratios[0] > 0
    seconds, rows = candidate(tmp_path / "v20261101_csv.csv")
    assert rows == 2_000
    assert not EnergyLabelRegistration.objects.exists()  # each round is rolled back
