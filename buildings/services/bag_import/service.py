"""`bag_import`: bring the office stock in line with a BAG extract, all or nothing.

The extract is read to its end into staging before anything is written (ADR 0011): a BagError
anywhere rolls the transaction back. Then the rules (rules.py) and the writes (apply.py) run as
a handful of set-based statements.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pghistory
from django.db import connection, transaction
from django.utils.translation import gettext as _

from buildings.bag import BagExtract
from buildings.bag.progress import Progress
from buildings.bag.records import ExtractInfo
from buildings.services.bag_import import apply, coverage, rules, staging
from events.choices import ImportKind
from events.services import bulk_change
from kantorentop.core.audit import audit_record
from kantorentop.core.models import AuditOutcome
from kantorentop.core.templatetags.dutch import dutch_date

AUDIT_ACTION = "buildings.building.bag_imported"


class BagImportRefused(Exception):
    """An extract the import will not apply (older than the last one imported, not covering
    the municipality, withdrawing most of its stock): one line, nothing written."""


@dataclass
class BagImportResult:
    """What an import did. `skipped` lists (pand id, reason); `missing` the portal's buildings
    the extract does not have (withdrawn with `withdraw_missing`, else only reported)."""

    extract_date: dt.date
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    staged: dict[str, int] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """The machine's line (logs, the command, `summary_counts`); pages put it in words."""
        return (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"withdrawn {self.withdrawn}, skipped {len(self.skipped)}"
        )


def _gemeente(code: str | None) -> str | None:
    """`0221`, `GM0221` or None: the four digits the BAG uses."""
    return code.upper().removeprefix("GM") if code else None


def _scope(info: ExtractInfo, only: str | None) -> list[str] | None:
    """The municipalities the extract covers in full; None for the whole country."""
    if only:
        return [only]
    if info.gemeenten:
        return list(info.gemeenten)
    if info.source.upper().startswith("BAGNLDL"):
        return None
    return []  # a folder or part of unknown reach: judged from its offices (see below)


def _refuse_if_older(cursor: Any, info: ExtractInfo, codes: list[str] | None) -> None:
    scope = "" if codes is None else "AND m.code = ANY(%s)"
    cursor.execute(
        f"""SELECT max(b.bag_extract_date) FROM buildings_building b
            JOIN regions_municipality m ON m.id = b.municipality_id
            WHERE b.bag_extract_date IS NOT NULL {scope}""",  # noqa: S608 - fixed pieces
        [] if codes is None else [[f"GM{code}" for code in codes]],
    )
    last = cursor.fetchone()[0]
    if last is not None and info.date < last:
        raise BagImportRefused(
            _(
                "The extract of %(date)s is older than the last one imported (%(last)s); "
                "forcing it (--force, or the administrator's option) imports it anyway."
            )
            % {"date": dutch_date(info.date), "last": dutch_date(last)}
        )


def _refuse(problem: str | None) -> None:
    if problem:
        raise BagImportRefused(problem)


def _offices_gemeenten(cursor: Any) -> list[str]:
    cursor.execute("SELECT DISTINCT gemeente FROM bag_office WHERE gemeente IS NOT NULL")
    return sorted(row[0] for row in cursor.fetchall())


def bag_import(
    *,
    path: str | Path,
    withdraw_missing: bool = False,
    force: bool = False,
    municipality: str | None = None,
    user: Any = None,
    progress: Progress | None = None,
) -> BagImportResult:
    """Import a BAG extract (see the package docstring); BagError or BagImportRefused on
    input it will not apply, with nothing written. One audit event per import that wrote.

    `progress(done, total)` follows the read of the extract (buildings.bag.progress), the long
    part of an import; it is called inside the import's transaction, so whatever it writes
    must go through a connection of its own to be seen before the import ends."""
    extract = BagExtract(path)
    info = extract.info()
    only = _gemeente(municipality)
    coverage.refuse_without_panden(info)
    _refuse(coverage.coverage_problem(info, only))
    codes = _scope(info, only)
    result = BagImportResult(extract_date=info.date)
    # The history of every building the import changes names the extract (pghistory context).
    context = pghistory.context(
        bag_import=info.source, bag_extract_date=info.date.isoformat(), force=force
    )
    with transaction.atomic(), context, connection.cursor() as cursor:
        if not force and codes != []:
            _refuse_if_older(cursor, info, codes)  # before the long read, where the reach is known
        staging.create_tables(cursor)
        result.staged = staging.stage(cursor, extract.records(progress=progress))
        rules.apply_rules(cursor, only_gemeente=only)
        if not info.gemeenten and not info.national:  # reach unknown from the names
            _refuse(coverage.content_problem(cursor, only))
        if codes == []:
            codes = _offices_gemeenten(cursor)
            if not force:
                _refuse_if_older(cursor, info, codes)
        apply.place_offices(cursor)
        # One event for the import (events.services), however many buildings it writes.
        with bulk_change(kind=ImportKind.BAG, dataref="buildings?modifiedSince={since}") as change:
            _apply(cursor, result, info, codes, withdraw_missing=withdraw_missing, force=force)
            change.counts = {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "withdrawn": result.withdrawn,
                "skipped": len(result.skipped),
            }
        for table in (*staging.TABLES, "bag_unit", "bag_office"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        _audit(result, info, user)
    return result


def _apply(
    cursor: Any,
    result: BagImportResult,
    info: ExtractInfo,
    codes: list[str] | None,
    *,
    withdraw_missing: bool,
    force: bool,
) -> None:
    """The writes, from the staged and judged extract; their counts on `result`."""
    created = apply.create_buildings(cursor, info.date)
    changed = apply.update_buildings(cursor) | apply.write_units(cursor, info.date)
    changed -= set(created)
    withdrawn = apply.withdraw_changed(cursor, info.date)
    result.missing = apply.missing_buildings(cursor, codes)
    if withdraw_missing:
        if not force:
            stock = apply.buildings_in_scope(cursor, codes)
            _refuse(coverage.mass_withdrawal_problem(stock=stock, missing=len(result.missing)))
        withdrawn += apply.withdraw_missing(cursor, codes, info.date)
    cursor.execute("SELECT count(*) FROM bag_office WHERE reason IS NULL")
    offices = cursor.fetchone()[0]
    result.created, result.updated = len(created), len(changed)
    result.unchanged = offices - len(created) - len(changed)
    result.withdrawn = len(withdrawn)
    result.skipped = apply.skipped_panden(cursor)


def _audit(result: BagImportResult, info: ExtractInfo, user: Any) -> None:
    audit_record(
        action=AUDIT_ACTION,
        outcome=AuditOutcome.SUCCESS,
        object_type="buildings.building",
        user=user,
        details={
            "extract": info.source,
            "extract_date": info.date.isoformat(),
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "withdrawn": result.withdrawn,
            "skipped": len(result.skipped),
            "missing": len(result.missing),
        },
    )
