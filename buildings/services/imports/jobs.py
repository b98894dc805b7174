"""What an import did (ImportResult) and how a job shows it.

Records and the job's final state are written in one transaction (job_save, called inside the
import's transaction). Progress of a job (rows read, the total) is written through a second
connection (JobProgress), so the dashboard can poll it while the import's transaction is still
open.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import Model

from buildings.models import ImportJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportResult:
    """What an import did: records created, replaced with other values, and left as they were."""

    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


class JobProgress:
    """Writes a job's progress through a connection of its own, committed at once, so it shows
    while the import's transaction is open. Never writes the final state (that commits with the
    records), so it never waits for a lock the import holds.

    A job is an ImportJob or any model of background work with progress columns (RegisterImport):
    the columns named in `update` are written on the job's own table."""

    def __init__(self, job: ImportJob | Model | None) -> None:
        self.job = job
        self._connection: Any = None
        self._failed = False

    def update(self, **values: object) -> None:
        if self.job is None or self._failed:
            return
        assignments = ", ".join(f"{name} = %s" for name in values)
        try:
            if self._connection is None:
                self._connection = connections.create_connection(DEFAULT_DB_ALIAS)
                self._connection.set_autocommit(False)
            with self._connection.cursor() as cursor:
                # Should a caller hold the job's row lock, waiting would hang the import. LOCAL:
                # behind a transaction pooler a session setting would stay on the server
                # connection for its next client (docs/adr/0026).
                cursor.execute("SET LOCAL lock_timeout = '1s'")
                cursor.execute(
                    f"UPDATE {type(self.job)._meta.db_table} SET {assignments}, "  # noqa: S608
                    "updated_at = now() WHERE id = %s",
                    [*values.values(), self.job.pk],
                )
            self._connection.commit()
        except DatabaseError:
            # Progress is a courtesy to the dashboard; the import's outcome is written with it.
            logger.warning("Progress of import job %s not written", self.job.pk, exc_info=True)
            self._failed = True

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def job_save(job: ImportJob | Model, **values: object) -> None:
    for name, value in values.items():
        setattr(job, name, value)
    job.save(update_fields=[*values, "updated_at"])
