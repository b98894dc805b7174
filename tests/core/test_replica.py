"""Where reads go (kantorentop/core/replica.py), without a replica: the decisions alone. The
replica itself is in tests/core/test_replica_streaming.py."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

from buildings.models import Building
from kantorentop.core import replica
from kantorentop.core.replica import REPLICA, ReplicaRouter

router = ReplicaRouter()


@pytest.fixture
def reading_replica(monkeypatch):
    monkeypatch.setattr(replica, "_down_until", 0.0)
    token = replica._use_replica.set(True)
    yield
    replica._use_replica.reset(token)


def test_outside_a_safe_request_everything_reads_the_primary():
    assert router.db_for_read(Building) == "default"


def test_a_safe_request_reads_the_replica_but_not_who_may_do_what(reading_replica):
    assert router.db_for_read(Building) == REPLICA
    assert router.db_for_read(get_user_model()) == "default"
    assert router.db_for_write(Building) == "default"
    assert not router.allow_migrate(REPLICA, "buildings")


def test_inside_a_transaction_reads_the_primary(reading_replica, monkeypatch):
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    assert router.db_for_read(Building) == "default"


def test_a_replica_marked_down_is_left_alone_for_a_while(reading_replica):
    replica.replica_mark_down(ConnectionError("refused"))
    assert router.db_for_read(Building) == "default"
    assert replica.replica_down()


def test_work_outside_a_request_reads_where_pages_read(monkeypatch, settings):
    """`replica_reads`: the replica when one is configured and up, else the primary."""
    assert not replica.replica_configured()
    with replica.replica_reads():
        assert replica.read_alias() == "default"
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    monkeypatch.setattr(replica, "_replica_reachable", lambda: True)
    monkeypatch.setattr(replica, "_down_until", 0.0)
    with replica.replica_reads():
        assert replica.read_alias() == REPLICA
    assert replica.read_alias() == "default"
    replica.replica_mark_down(ConnectionError("refused"))
    with replica.replica_reads():
        assert replica.read_alias() == "default"
