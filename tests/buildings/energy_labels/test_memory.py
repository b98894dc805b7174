"""The file is streamed into COPY: Python's peak memory does not grow with the file."""

from __future__ import annotations

import tracemalloc

import pytest

from buildings.ep_online.generator import mixed_rows, write_file
from buildings.services.energy_labels import import_energy_labels
from tests.buildings.factories import UnitFactory

pytestmark = pytest.mark.django_db


def peak_mb(path) -> float:
    tracemalloc.start()
    try:
        import_energy_labels(path=path, force=True)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def test_peak_memory_is_flat_from_a_small_file_to_a_ten_times_larger_one(tmp_path):
    ids = [UnitFactory().bag_id for _ in range(20)]
    small = write_file(tmp_path / "small.csv", mixed_rows(5_000, ids))
    large = write_file(tmp_path / "large.csv", mixed_rows(50_000, ids))
    assert large.stat().st_size > 9 * 1e6  # ten megabytes
    peak_mb(small)  # warm-up: imports, caches
    small_peak, large_peak = peak_mb(small), peak_mb(large)
    assert large_peak < 4, large_peak
    assert large_peak < small_peak + 1, (small_peak, large_peak)
