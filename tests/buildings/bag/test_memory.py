"""Reading streams: memory does not grow with the extract (records are not held)."""

from __future__ import annotations

import tracemalloc

import pytest

from buildings.bag import BagExtract
from buildings.bag.generator import Options, write_extract


def _peak(path, kinds=("VBO",)) -> tuple[int, int]:
    """Peak traced memory while counting the records of an extract, and the count."""
    tracemalloc.start()
    try:
        count = sum(1 for _ in BagExtract(path).records(kinds))
        return tracemalloc.get_traced_memory()[1], count
    finally:
        tracemalloc.stop()


def test_peak_memory_is_flat_from_400_to_3200_units(tmp_path):
    small = write_extract(tmp_path / "s", Options(units=400, objects_per_file=100_000))
    large = write_extract(tmp_path / "l", Options(units=3_200, objects_per_file=100_000))
    small_peak, small_count = _peak(small)
    large_peak, large_count = _peak(large)
    assert large_count > 7 * small_count
    # one part per type: a tree that kept what it read would grow with the part
    assert large_peak < 1.3 * small_peak
    assert large_peak < 4_000_000


@pytest.mark.slow
def test_50000_units_read_in_flat_memory(tmp_path):
    path = write_extract(tmp_path, Options(units=50_000, office_share=0.05))
    peak, count = _peak(path, kinds=("WPL", "GEM-WPL-RELATIE", "OPR", "NUM", "PND", "VBO"))
    assert count > 100_000
    assert peak < 4_000_000


def test_bench_floor_helper(generated):
    from bench.bag_floor import candidate, floor, run

    assert candidate(generated["zip"]) == sum(BagExtract(generated["zip"]).check().values())
    assert floor(generated["zip"]) > candidate(generated["zip"]) * 10
    result = run(generated["zip"], rounds=1)
    assert set(result) == {"floor_s", "reader_s", "ratio", "peak_mb"}
