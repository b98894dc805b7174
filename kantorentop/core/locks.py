"""Advisory locks that hold behind PgBouncer in transaction pooling (docs/adr/0026).

A session-level lock (`pg_advisory_lock`) belongs to a server connection, and a transaction
pooler gives that server connection to another client after every transaction: the unlock may
reach another server connection, and the lock stays behind for whoever is handed the first one
next. A transaction-level lock lives exactly as long as its transaction, which the pooler keeps
on one server connection, so every lock here is one.

A job that runs for minutes in transactions of its own (an import writes its progress as it
goes) holds its lock in a transaction of a connection of its own, open while the job runs. When
the worker dies, the connection drops and PostgreSQL ends the transaction and frees the lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connection, connections


@contextmanager
def job_lock(namespace: int, key: int) -> Iterator[bool]:
    """Try the lock (namespace, key) for the duration of the block; yields whether it was got.
    Never waits: a job another worker holds is that worker's."""
    holder = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [namespace, key])
            (locked,) = cursor.fetchone()
        yield bool(locked)
    finally:
        try:
            holder.rollback()
        finally:
            holder.close()


def job_lock_held(namespace: int, key: int) -> bool:
    """Whether some session of this database holds the lock (namespace, key) now. Reads
    pg_locks instead of trying the lock, so asking never takes it (nor leaves it taken)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT EXISTS (
                SELECT 1 FROM pg_locks
                 WHERE locktype = 'advisory' AND granted
                   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                   AND classid = %s::bigint::oid AND objid = %s::bigint::oid AND objsubid = 2
            )
            """,
            [namespace, key],
        )
        (held,) = cursor.fetchone()
    return bool(held)
