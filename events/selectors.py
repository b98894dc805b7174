"""Reads of the outbox: a page of the feed, and the data version the API's ETags are made of."""

from __future__ import annotations

import json
from dataclasses import dataclass

from events.choices import SOURCE
from events.models import Event
from events.querysets import STABLE_BOUND_SQL
from kantorentop.accounts.scopes import Scope
from kantorentop.core.replica import read_connection

# One CloudEvent (NL GOV profile for CloudEvents 1.0) of a row of the page; `subject` only
# where the event has one (an import has none).
_CLOUD_EVENT = """
    json_build_object(
        'specversion', '1.0', 'id', p.event_id, 'source', %s, 'type', p.type,
        'time', events_rfc3339(p.occurred_at), {subject}
        'sequence', p.sequence::text, 'datacontenttype', 'application/json',
        'dataref', %s || p.dataref, 'data', p.data)
"""
CLOUD_EVENT_SQL = f"""CASE WHEN p.subject = ''
    THEN {_CLOUD_EVENT.format(subject="")}
    ELSE {_CLOUD_EVENT.format(subject="'subject', p.subject,")} END"""


@dataclass(frozen=True)
class FeedPage:
    """A page of the feed: `results` is the JSON array of its CloudEvents (text, as the database
    wrote it), `after` where the next page starts (None: nothing was there, ask the same again
    later)."""

    results: str
    count: int
    after: int | None


def events_page(*, scope: Scope, after: int, size: int, base_url: str) -> FeedPage:
    """The events after `after` that `scope` may see, oldest first, at most `size`, as
    CloudEvents whose `dataref` starts with `base_url` (the API's root, ending in '/').

    Only events of ended transactions are served (EventQuerySet.stable), so a reader that
    continues after the last sequence it got never misses one. One statement, so the page and
    the stable end it is measured against come from one snapshot. The next page starts after
    the page's last event; where the page is not full, after the last stable event, seen or
    not: events this scope may not see are passed over once, not read again on every call.
    """
    page = (
        Event.objects.visible_to(scope)
        .published()
        .stable()
        .filter(sequence__gt=after)
        .order_by("sequence")
        .values("sequence", "event_id", "type", "occurred_at", "subject", "dataref", "data")[:size]
    )
    page_sql, page_params = page.query.sql_with_params()
    with read_connection().cursor() as cursor:
        cursor.execute(
            f"""SELECT coalesce(json_agg({CLOUD_EVENT_SQL} ORDER BY p.sequence), '[]')::text,
                       count(*), max(p.sequence),
                       (SELECT max(e.sequence) FROM events_event e
                        WHERE e.sequence < {STABLE_BOUND_SQL})
                FROM ({page_sql}) p""",  # noqa: S608 - composed of fixed SQL and the ORM's
            [SOURCE, base_url, SOURCE, base_url, *page_params],
        )
        results, count, last, stable_end = cursor.fetchone()
    if count == size:
        next_after: int | None = last
    elif stable_end is not None and stable_end > max(after, last or 0):
        next_after = stable_end  # past events this scope may not see
    else:
        next_after = last  # None: nothing new; ask the same again later
    return FeedPage(results=results, count=count, after=next_after)


# The version of everything the outbox covers, as the reader's snapshot sees it: the last
# stable event P (every event up to it is final) and how many events after P it sees. Two reads
# with the same pair see the same events, so the same data (ADR 0017); a newer read sees a
# superset, so any change changes the pair. With the database's oid and the server's start time,
# so that a restored backup (whose sequence numbers start again) never repeats a version.
DATA_VERSION_SQL = f"""
    WITH stable AS (
        SELECT coalesce(max(sequence), -1) AS p FROM events_event
        WHERE sequence < {STABLE_BOUND_SQL}
    )
    SELECT stable.p, events_count_after(stable.p),
           (SELECT oid FROM pg_database WHERE datname = current_database()),
           (extract(epoch FROM pg_postmaster_start_time()) * 1000000)::bigint
    FROM stable
"""  # noqa: S608 - fixed SQL


def data_version() -> str:
    """The data version of buildings, records, flags, plans' submissions and decisions and the
    reference data they name (every change writes an event, published or internal)."""
    with read_connection().cursor() as cursor:
        cursor.execute(DATA_VERSION_SQL)
        stable, after, database, started = cursor.fetchone()
    return json.dumps([database, started, stable, after], separators=(",", ":"))
