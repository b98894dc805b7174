"""The map's choropleth figures (issue 14, item 7): every municipality's figures on one date in
one query, against their floor, by the dashboard benchmark's method (bench.dashboard).

- Candidate: `GET /kaart/gemeenten.json` with Django's test Client, as a public visitor sees it
  (the figures are public aggregates): middleware, the view, the one grouped query
  (`buildings.selectors.map_figures`), the rows and the JSON.
- Floor: the same SQL statement, captured once, run as a string with a raw cursor (every row
  fetched), plus the same JSON encoded from the payload prepared once.
- Check: the candidate's bytes equal the floor's in every round.
- Goal: at most 1.3 times the floor.

On today's date (every layer has figures, the label-C duty included) and on a past date.
"""

from __future__ import annotations

import datetime
import json
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.harness import Mismatch

PATH = "/kaart/gemeenten.json"
PAST = datetime.date(2019, 12, 31)


@dataclass
class PreparedFigures:
    statements: list[str]
    payload: dict[str, Any]
    content: bytes


def _client() -> Any:
    from django.test import Client

    return Client()


def _encode(payload: dict[str, Any]) -> bytes:
    # JsonResponse's encoder and separators, so that equal payloads give equal bytes.
    from django.core.serializers.json import DjangoJSONEncoder

    return json.dumps(payload, cls=DjangoJSONEncoder).encode()


def figures_prepare(*, client: Any, path: str) -> PreparedFigures:
    """One request that records its SQL (the figures' statement only) and its payload."""
    client.get(path)  # session, translations and URL resolvers warmed, as in a running server
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise Mismatch(f"{path} answered {response.status_code}")
    statements = [q["sql"] for q in queries.captured_queries if "per_municipality" in q["sql"]]
    if len(statements) != 1:
        raise Mismatch(f"{path} ran {len(statements)} figure statements, not one")
    payload = json.loads(response.content)
    if _encode(payload) != response.content:
        raise Mismatch("the floor's encoder does not give the view's bytes")
    return PreparedFigures(statements, payload, response.content)


def figures_candidate(*, client: Any, path: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    response = client.get(path)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise Mismatch(f"{path} answered {response.status_code}")
    return seconds, response.content


def figures_floor(*, prepared: PreparedFigures) -> tuple[float, bytes]:
    with connection.cursor() as cursor:
        started = time.perf_counter()
        for sql in prepared.statements:
            cursor.execute(sql)
            cursor.fetchall()
        content = _encode(prepared.payload)
        return time.perf_counter() - started, content


def figures_check(candidate: bytes, floor: bytes) -> None:
    if candidate != floor:
        raise Mismatch(f"the figures differ from the floor's ({len(candidate)}/{len(floor)} bytes)")


def map_outcomes(*, rounds: int, log: Any) -> list:  # type: ignore[type-arg]
    """The choropleth's figures today and on a past date against their floor."""
    from bench.harness import paired

    outcomes = []
    for label, path in (
        ("today", PATH),
        (PAST.isoformat(), f"{PATH}?datum={PAST.strftime('%d-%m-%Y')}"),
    ):
        client = _client()
        prepared = figures_prepare(client=client, path=path)
        outcome = paired(
            name=f"choropleth figures of 342 municipalities, {label} ({path}, public) "
            "vs their SQL + JSON",
            candidate=lambda client=client, path=path: figures_candidate(client=client, path=path),
            baseline=lambda prepared=prepared: figures_floor(prepared=prepared),
            check=figures_check,
            goal=1.3,
            rounds=rounds,
            log=log,
        )
        count = len(prepared.payload["municipalities"])
        outcome.notes.append(
            f"Choropleth figures of {path}: one SQL statement, {count} municipalities, "
            f"{len(prepared.content):,} bytes of JSON, equal to the floor's in every round."
        )
        outcomes.append(outcome)
    return outcomes
