"""The load test's read replica (`--replica`): the portal in the shape a province runs it, a
primary and a streaming standby, each behind PgBouncer (issue 17, items 1, 2 and 6).

The standby is a `pg_basebackup` of the load test's server, started as a hot standby on a free
port (tests.core.servers.replica, which the replica tests use too) once the load database holds
the demo dataset; gunicorn gets it as `DATABASE_REPLICA_URL`, so pages and API GETs read from it
and writes (the plan phase) go to the primary. The report says how many transactions each server
ran in the load database during the read phase, from each server's own `pg_stat_database`: a
replica that answered nothing means the reads did not reach it, and the run fails.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import psycopg2


@contextmanager
def streaming_replica(*, primary_url: str) -> Iterator[Any]:
    """A hot standby of the server of `primary_url`, caught up with it; removed on exit."""
    try:
        from tests.core.servers.replica import StreamingReplica  # type: ignore[import-not-found]
    except ImportError as error:
        raise SystemExit(f"--replica needs the tests' server helpers ({error})") from None
    primary = urlsplit(primary_url)
    with StreamingReplica(
        primary_host=primary.hostname or "127.0.0.1",
        primary_port=primary.port or 5432,
        user=primary.username or "postgres",
    ) as replica:
        replica.wait_caught_up(timeout=300)
        yield replica


def transactions(url: str) -> int:
    """Transactions (committed and rolled back) the server of `url` has run in its database,
    as that server counts them; a standby counts the reads it answered itself."""
    target = urlsplit(url)
    database = target.path.lstrip("/")
    connection = psycopg2.connect(
        host=target.hostname, port=target.port or 5432, user=target.username, dbname="postgres"
    )
    try:
        with connection.cursor() as cursor:
            # The counters are read from a snapshot per transaction: a fresh one each call.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
                [database],
            )
            row = cursor.fetchone()
    finally:
        connection.close()
    return int(row[0]) if row else 0


def counters(*, primary_url: str, replica_url: str) -> tuple[int, int]:
    """The transactions so far in the load database: the primary's, the replica's."""
    return transactions(primary_url), transactions(replica_url)


@dataclass(frozen=True)
class ReadSplit:
    """The transactions the primary and the replica ran between two readings of `counters`."""

    primary: int
    replica: int

    @classmethod
    def between(cls, before: tuple[int, int], after: tuple[int, int]) -> ReadSplit:
        return cls(primary=after[0] - before[0], replica=after[1] - before[1])

    def text(self) -> str:
        total = max(self.primary + self.replica, 1)
        return (
            f"the replica ran {self.replica:,} transactions in the load database "
            f"({self.replica / total:.0%}), the primary {self.primary:,}"
        )


def counters_if_replica(primary_url: str, replica_url: str) -> tuple[int, int] | None:
    """`counters`, or None without a replica."""
    if not replica_url:
        return None
    return counters(primary_url=primary_url, replica_url=replica_url)


def read_split(primary_url: str, replica_url: str, before: tuple[int, int] | None) -> Any:
    """The transactions each server ran since `before` (None without a replica)."""
    if before is None:
        return None
    # A backend reports its counters at the end of a transaction at most once a second, an
    # idle one after 10 s: wait for the last of the read phase.
    time.sleep(11)
    after = counters_if_replica(primary_url, replica_url)
    assert after is not None
    return ReadSplit.between(before, after)
