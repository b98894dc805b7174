"""`import_energy_labels`: the labels of the portal's units from EP-Online's monthly file, all
or nothing (docs/adr/0014).

The file is streamed into staging with COPY (staging.py), the rules (rules.py) tell labels from
rows that are not, and the labels of units in the portal replace the stored ones (apply.py), in
one transaction: a broken file writes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from buildings.ep_online import EpOnlineFile, open_file
from buildings.services.energy_labels import apply, rules, staging
from buildings.services.energy_labels.staging import Progress
from events.choices import ImportKind
from events.services import bulk_change
from kantorentop.core.audit import audit_record
from kantorentop.core.models import AuditOutcome

AUDIT_ACTION = "buildings.energy_label.imported"
ENERGY_LABEL_IMPORT_LOCK = 0x4B54454C  # "KTEL": one label import at a time
TABLES = (staging.RAW, rules.ROWS, rules.DAYS, rules.CHECKED, rules.LABELS)


class EnergyLabelImportRefused(Exception):
    """A file the import will not apply (older than the last one imported): one line."""


@dataclass
class EnergyLabelImportResult:
    """What an import did. `skipped` counts the rows that are not labels per reason
    (rules.REASONS): rows of portal units, and rows without a usable verblijfsobject id.
    `other_objects` counts the rows of objects that are not units in the portal (homes, shops):
    not skipped, just not ours, and not examined further."""

    published_on: dt.date
    rows: int = 0
    labels: int = 0
    units: int = 0
    buildings: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    other_objects: int = 0
    created: int = 0
    changed: int = 0
    removed: int = 0

    @property
    def skipped_count(self) -> int:
        return sum(self.skipped.values())

    @property
    def summary(self) -> str:
        return (
            f"labels {self.labels}, units {self.units}, buildings {self.buildings}, "
            f"skipped {self.skipped_count}"
        )


def _refuse_if_older(cursor: Any, published_on: dt.date) -> None:
    cursor.execute("SELECT max(published_on) FROM buildings_energylabelregistration")
    last = cursor.fetchone()[0]
    if last is not None and published_on < last:
        raise EnergyLabelImportRefused(
            f"EP-Online-bestand van {published_on:%d-%m-%Y} is ouder dan het laatst ingelezen"
            f" ({last:%d-%m-%Y}); --force leest het toch in / EP-Online file of"
            f" {published_on.isoformat()} is older than the last one imported"
            f" ({last.isoformat()}); use --force"
        )


def _classify(cursor: Any, source: EpOnlineFile, result: EnergyLabelImportResult) -> None:
    """Keep the rows that concern the portal, check them, count them, stage the labels."""
    for table in TABLES[1:]:  # left by an earlier import in the same transaction
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(rules.keep_rows_sql(source.columns))
    result.other_objects = result.rows - cursor.rowcount
    cursor.execute(rules.days_sql())
    for table in (rules.ROWS, rules.DAYS):  # their sizes, for the plan of the checks
        cursor.execute(f"ANALYZE {table}")
    cursor.execute(rules.check_rows_sql())
    cursor.execute(rules.count_sql())
    result.skipped = {reason: n for reason, n in cursor.fetchall() if reason is not None}
    cursor.execute(rules.labels_sql())


def _note_labelled_buildings(cursor: Any, sequence: int) -> None:
    """The import's event is seen by whoever may see a building with a labelled unit."""
    cursor.execute(
        """SELECT events_bulk_note(%s,
               ARRAY(SELECT DISTINCT b.municipality_id FROM buildings_building b
                     WHERE EXISTS (SELECT 1 FROM buildings_unit u
                                   JOIN buildings_energylabelregistration r
                                     ON r.unit_bag_id = u.bag_id
                                   WHERE u.building_id = b.id)),
               ARRAY(SELECT DISTINCT b.owner_id FROM buildings_building b
                     WHERE b.owner_id IS NOT NULL AND EXISTS (
                         SELECT 1 FROM buildings_unit u
                         JOIN buildings_energylabelregistration r ON r.unit_bag_id = u.bag_id
                         WHERE u.building_id = b.id)))""",
        [sequence],
    )


def import_energy_labels(
    *,
    path: str | os.PathLike[str],
    user: Any = None,
    progress: Progress | None = None,
    force: bool = False,
) -> EnergyLabelImportResult:
    """Import a monthly file (see the module docstring). EnergyLabelFileError for a file that
    is not one or is broken, EnergyLabelImportRefused for one older than the last import
    (unless `force`); either way nothing is written. `progress(bytes_read, total_bytes)` is
    called now and then while the file is read, while COPY holds this database connection: it
    must report elsewhere (Redis, another connection). One audit event per import."""
    with open_file(path) as source, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ENERGY_LABEL_IMPORT_LOCK])
        if not force:
            _refuse_if_older(cursor, source.published_on)
        # Statements that run once over staging tables: compiling them costs more than it saves.
        cursor.execute("SET LOCAL jit = off")
        result = EnergyLabelImportResult(published_on=source.published_on)
        staging.create_table(cursor, source.width)
        result.rows = staging.copy_rows(cursor, source, progress)
        _classify(cursor, source, result)
        # One import.completed event (events.services): the labels change the buildings'
        # label-C duty, so mirrors and ETags must see that something changed.
        with bulk_change(kind=ImportKind.ENERGY_LABELS, dataref="buildings") as change:
            written = apply.replace_registrations(cursor, source.published_on)
            result.created, result.changed = written.created, written.changed
            result.removed = written.removed
            result.labels, result.units, result.buildings = apply.portal_counts(cursor)
            _note_labelled_buildings(cursor, change.sequence)
            change.counts = {
                "labels": result.labels,
                "units": result.units,
                "buildings": result.buildings,
                "skipped": result.skipped_count,
            }
        for table in TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        _audit(result, source, user)
    return result


def _audit(result: EnergyLabelImportResult, source: EpOnlineFile, user: Any) -> None:
    audit_record(
        action=AUDIT_ACTION,
        outcome=AuditOutcome.SUCCESS,
        object_type="buildings.energylabelregistration",
        user=user,
        details={
            "file": source.name,
            "published_on": result.published_on.isoformat(),
            "rows": result.rows,
            "labels": result.labels,
            "units": result.units,
            "buildings": result.buildings,
            "skipped": result.skipped_count,
            "skipped_by_reason": result.skipped,
            "other_objects": result.other_objects,
            "created": result.created,
            "changed": result.changed,
            "removed": result.removed,
        },
    )
