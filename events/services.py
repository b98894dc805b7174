"""Writes of the outbox that are not a trigger's: the one event of a bulk change.

Events of single changes are written by the database (migration 0002), whoever writes. A bulk
writer wraps its writes in `bulk_change`, so they make one `nl.kantorentop.import.completed`
event with its counts instead of one event per row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction


@dataclass
class BulkChange:
    """The open bulk change: set `counts` (what the import did) before it closes."""

    sequence: int
    counts: dict[str, int] = field(default_factory=dict)


@contextmanager
def bulk_change(*, kind: str, dataref: str = "") -> Iterator[BulkChange]:
    """Inside this block (one transaction, opened here if none is) the triggers write no event
    per row: one `nl.kantorentop.import.completed` event stands for every write, with
    `data = {"import": kind, **counts}` and the municipalities and owners of the rows written,
    so everyone who may see one of them sees it. `dataref` is a path below /api/v1/ in which
    `{since}` becomes the transaction's start time (RFC 3339): where a mirror re-reads what the
    import changed (`vacancy-records?modifiedSince={since}`).

    The bulk change is a transaction-local setting: it ends with the block, or with the
    transaction or savepoint it was opened in, also when the block raises.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT events_bulk_begin(%s, %s)", [kind, dataref])
        change = BulkChange(sequence=cursor.fetchone()[0])
        yield change
        cursor.execute(
            "SELECT events_bulk_end(%s, %s::jsonb)", [change.sequence, json.dumps(change.counts)]
        )
