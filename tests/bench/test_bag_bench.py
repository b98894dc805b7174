"""The BAG import benchmark (bench.bag_import) once on a small extract: the floor and the import
read the same parts and agree on what is in them, and the memory probe runs the import in a
process of its own against the test database and reports how far its memory rose."""

import os
from urllib.parse import quote

import pytest
from django.db import connection

from bench import bag_import
from bench.harness import Mismatch, paired

UNITS = 400


@pytest.fixture(scope="module")
def small_extract(tmp_path_factory):
    return bag_import.extract(tmp_path_factory.mktemp("bag-bench"), UNITS, 0.05)


@pytest.mark.django_db
def test_import_and_floor_pair_and_agree(small_extract):
    outcome = paired(
        name="bag",
        candidate=lambda: bag_import.candidate(small_extract),
        baseline=lambda: bag_import.floor(small_extract),
        check=bag_import.check_for(UNITS),
        goal=bag_import.TIME_GOAL,
        rounds=1,
        log=lambda message: None,
    )
    assert len(outcome.ratios) == 1
    _, result = bag_import.candidate(small_extract)
    assert result.created > 5
    from buildings.models import Building

    assert not Building.objects.exists()  # rolled back
    with pytest.raises(Mismatch):
        bag_import.check_for(UNITS + 1)(result, 10**9)
    with pytest.raises(Mismatch):
        bag_import.check_for(UNITS)(result, 10)


@pytest.mark.django_db
def test_the_memory_probe_reports_a_peak_from_its_own_process(small_extract):
    db = connection.settings_dict
    host = quote(db["HOST"] or "localhost", safe="")
    url = f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'] or '')}@{host}"
    env = {**os.environ, "DATABASE_URL": f"{url}:{db['PORT'] or 5432}/{db['NAME']}"}
    rise = bag_import.memory_peak(small_extract, env=env)
    assert 0 < rise < 500e6
