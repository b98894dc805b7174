"""Benchmarks of the event feed and the outbox (issue 15, item 7), `python -m bench --only events`:

- a page of 1,000 events of `GET /api/v1/events` through Django's test Client (middleware, key,
  throttle, the ETag's data version, the page) against its json_agg floor: one SQL statement
  building the same page, envelope and all, executed directly; every event equal in every round;
- the 100,000-row records import with the outbox against the same import without it (the event
  triggers disabled and no bulk change, in the rolled-back transaction);
- the flag job's first run (every flag raised, one event each) with and without the outbox.

The feed needs events of ended transactions: the benchmark writes them (two committed updates of
as many buildings, which leave the buildings as they were) and waits until the feed serves them.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from django.db import connection, transaction

from bench.harness import Mismatch

PAGE_SIZE = 1000
FEED_EVENTS = 2 * PAGE_SIZE + 500
# The event triggers of migration events/0002 (the modification-time triggers stay).
EVENT_TRIGGERS = {
    "buildings_building": ["events_buildings_inserted", "events_buildings_updated"],
    "buildings_vacancyrecord": ["events_records_inserted", "events_records_updated"],
    "buildings_structuralvacancyflag": ["events_flags_inserted", "events_flags_updated"],
}


def feed_events_ensure(*, log: Any) -> int:
    """At least FEED_EVENTS served building events; returns the sequence before the last
    PAGE_SIZE * 2 of them (where the timed pages start)."""
    from events.models import Event

    have = Event.objects.filter(type="nl.kantorentop.building.changed").count()
    if have < FEED_EVENTS:
        half = (FEED_EVENTS - have) // 2 + 1
        with connection.cursor() as cursor:
            for suffix in (" ", ""):  # a change, then back
                cursor.execute(
                    "UPDATE buildings_building SET name = rtrim(name) || %s WHERE id IN "
                    "(SELECT id FROM buildings_building ORDER BY id LIMIT %s)",
                    [suffix, half],
                )
        log(f"  wrote {2 * half} building events for the feed")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), min(sequence) FROM (SELECT sequence FROM events_event "
                "WHERE type <> 'internal' AND sequence < "
                "pg_snapshot_xmin(pg_current_snapshot())::text::bigint * 10000000 "
                "ORDER BY sequence DESC LIMIT %s) last",
                [2 * PAGE_SIZE + 1],
            )
            served, first = cursor.fetchone()
        if served > 2 * PAGE_SIZE:
            return int(first)
        time.sleep(1)
    raise SystemExit("the feed did not serve the benchmark's events within 5 minutes")


def feed_candidate(*, key: str, after: int) -> tuple[float, Any]:
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    started = time.perf_counter()
    response = client.get("/api/v1/events", {"after": after, "pageSize": PAGE_SIZE})
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise Mismatch(f"/api/v1/events answered {response.status_code}")
    return seconds, json.loads(response.content)


def feed_baseline(*, after: int) -> tuple[float, Any]:
    """The page, envelope and all, built by one statement (the same rows, the same objects)."""
    from events.selectors import CLOUD_EVENT_SQL

    base = "http://testserver/api/v1/"
    sql = f"""
        SELECT json_build_object(
            'count', count(*), 'next', %s || max(p.sequence) || %s, 'previous', NULL,
            'results', coalesce(json_agg({CLOUD_EVENT_SQL} ORDER BY p.sequence), '[]'))::text
        FROM (SELECT * FROM events_event
              WHERE sequence > %s AND type <> 'internal'
                AND sequence < pg_snapshot_xmin(pg_current_snapshot())::text::bigint * 10000000
              ORDER BY sequence LIMIT %s) p
    """  # noqa: S608 - fixed SQL
    params = [
        "http://testserver/api/v1/events?after=",
        f"&pageSize={PAGE_SIZE}",
        "urn:nld:kantorentop",
        base,
        "urn:nld:kantorentop",
        base,
        after,
        PAGE_SIZE,
    ]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        text = cursor.fetchone()[0]
    body = text.encode()
    seconds = time.perf_counter() - started
    return seconds, json.loads(body)


def feed_check(candidate: Any, baseline: Any) -> None:
    if candidate["results"] != baseline["results"] or len(candidate["results"]) != PAGE_SIZE:
        raise Mismatch("the page differs from its floor")


@contextlib.contextmanager
def outbox_off() -> Iterator[None]:
    """Inside a transaction: the event triggers disabled and bulk changes a no-op."""
    from events.services import BulkChange

    @contextlib.contextmanager
    def no_bulk_change(**_kwargs: Any) -> Iterator[BulkChange]:
        yield BulkChange(sequence=0)

    with connection.cursor() as cursor:
        # ALTER TABLE waits for no deferred check of the transaction (a generated dataset's).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, triggers in EVENT_TRIGGERS.items():
            for trigger in triggers:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    with mock.patch("buildings.services.imports.service.bulk_change", no_bulk_change):
        yield


def import_timed(*, path: Path, outbox: bool) -> tuple[float, int]:
    from bench.cases import _records_vacuum
    from buildings.services.imports import vacancy_records_import
    from kantorentop.accounts.scopes import Scope

    _records_vacuum()
    with transaction.atomic():
        with contextlib.ExitStack() as stack:
            if not outbox:
                stack.enter_context(outbox_off())
            with path.open("rb") as source, connection.cursor() as cursor:
                started = time.perf_counter()
                result = vacancy_records_import(source=source, scope=Scope(national=True))
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, result.total


def flags_timed(*, as_of: datetime.date, outbox: bool) -> tuple[float, Any]:
    from buildings.services.flags import structural_vacancy_flags_update

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM buildings_flagrun")
            cursor.execute("DELETE FROM buildings_structuralvacancyflag")
        with contextlib.ExitStack() as stack:
            if not outbox:
                stack.enter_context(outbox_off())
            started = time.perf_counter()
            summary = structural_vacancy_flags_update(as_of=as_of)
            seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, (summary.created, summary.resolved)


def equal_counts(candidate: Any, baseline: Any) -> None:
    if candidate != baseline:
        raise Mismatch(f"with the outbox {candidate}, without {baseline}")


def events_outcomes(*, rounds: int, import_rows: int, history_end: datetime.date, log: Any) -> list:  # type: ignore[type-arg]
    """The three benchmarks of the module docstring."""
    import tempfile

    from bench import cases
    from bench.harness import paired

    outcomes = []
    after = feed_events_ensure(log=log)
    with cases.ApiKey() as key:
        outcome = paired(
            name=f"GET /api/v1/events?pageSize={PAGE_SIZE} vs json_agg floor",
            candidate=lambda: feed_candidate(key=key, after=after),
            baseline=lambda: feed_baseline(after=after),
            check=feed_check,
            goal=2,
            rounds=rounds * 5,
            log=log,
        )
        outcome.notes.append(
            f"Event feed: pages of {PAGE_SIZE} events (building events written by the benchmark), "
            "equal to the floor's in every round; the candidate goes through Django's test Client "
            "(middleware, key, throttle, the ETag's data version, the scope), the floor is one "
            "statement building the same page with json_agg."
        )
        outcomes.append(outcome)
    with tempfile.TemporaryDirectory(prefix="kantorentop-bench-") as directory:
        path = Path(directory) / "records.csv"
        rows = cases.import_file_write(path, import_rows)
        outcome = paired(
            name=f"import of {rows:,} records with the outbox vs without",
            candidate=lambda: import_timed(path=path, outbox=True),
            baseline=lambda: import_timed(path=path, outbox=False),
            check=equal_counts,
            goal=1.1,
            rounds=rounds,
            log=log,
        )
        outcome.notes.append(
            "Outbox in the import: one import.completed event, the statement triggers adding the "
            "import's municipalities and owners to it, against the same import with the event "
            "triggers disabled (rolled back each round)."
        )
        outcomes.append(outcome)
    outcome = paired(
        name=f"flag job on {history_end} (first run) with the outbox vs without",
        candidate=lambda: flags_timed(as_of=history_end, outbox=True),
        baseline=lambda: flags_timed(as_of=history_end, outbox=False),
        check=equal_counts,
        goal=1.1,
        # A pair takes some 0.2 s: three times the rounds, so that noise does not decide.
        rounds=rounds * 3,
        log=log,
    )
    outcome.notes.append(
        "Outbox in the flag job: one flag.raised event per flag, written by one statement per "
        "statement of the job, against the job with the event triggers disabled."
    )
    outcomes.append(outcome)
    return outcomes
