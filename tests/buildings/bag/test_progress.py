"""The reader's progress (buildings.bag.progress): how far a read has come, in every layout,
without changing what is read."""

from __future__ import annotations

import dataclasses

import pytest

from buildings.bag import BagExtract
from buildings.bag.generator import write_extract
from buildings.bag.progress import STEPS

from .conftest import SMALL


@pytest.fixture(scope="module")
def larger(tmp_path_factory):
    options = dataclasses.replace(SMALL, units=3000)
    base = tmp_path_factory.mktemp("bag-progress")
    return {
        layout: write_extract(base / layout, options, layout)
        for layout in ("zip", "folder", "gpkg")
    }


@pytest.mark.parametrize("layout", ["zip", "folder", "gpkg"])
def test_progress_rises_to_near_its_total_and_the_records_are_the_same(larger, layout):
    extract = BagExtract(larger[layout])
    calls: list[tuple[int, int]] = []
    with_progress = list(extract.records(progress=lambda done, total: calls.append((done, total))))
    assert with_progress == list(extract.records())
    done = [d for d, _ in calls]
    (total,) = {t for _, t in calls}
    assert total == extract.size()
    assert done == sorted(done) and len(set(done)) > 5
    # At most one call per step, and the read ends close to its total (skipped parts, such as
    # ligplaatsen and inactive objects, are never read).
    assert len(calls) <= STEPS + 1
    assert done[-1] >= 0.8 * total


def test_a_read_without_progress_reads_as_before(generated):
    for path in generated.values():
        extract = BagExtract(path)
        assert sum(1 for _ in extract.records()) == sum(extract.check().values())
