"""The child-area tables' benchmark (issue 14, item 7): what an area page's tables of its child
areas add to the page, against their floor, by the dashboard benchmark's method (bench.dashboard).

- Candidate: the tables' part of a page request, as the view runs it: the children's figures
  (one grouped query), their names (one query per kind), the rows with their links and sort
  links (`dashboard.drilldown.child_tables`), and the tables' template
  (`dashboard/_children.html`) rendered.
- Floor: the same SQL statements, captured once, run as strings with a raw cursor (every row
  fetched), plus the same template rendered from the tables prepared once (rendering runs no
  query).
- Both compute the figures: the page keeps them in the cache under the data version
  (`dashboard.cache`), which the benchmark replaces by Django's dummy cache (`_computed`), and
  the rows in the process (`kept_in_process`), which it empties before each run, so every round
  builds the tables as a page does when the data has changed.
- Check: the candidate's HTML equals the floor's in every round.
- Goal: the tables add at most 0.3 times their floor to the page (ratio <= 1.3).

Pages: the nation (12 provinces and 20 office regions) as a national officer, and Noord-Holland
(2 office regions and 44 municipalities) as its provincial officer, both on today's date, so
every figure of every row is a link, as these officers see them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from bench.dashboard import PROVINCE, dashboard_officers, page_check
from bench.harness import Mismatch


@dataclass(frozen=True)
class ChildrenCase:
    label: str
    kind: str
    code: str
    officer: str  # "national" or "provincial"
    path: str


CASES = (
    ChildrenCase(
        "the nation's 12 provinces and 20 office regions", "nation", "NL", "national", "/"
    ),
    ChildrenCase(
        "Noord-Holland's office regions and 44 municipalities",
        "province",
        PROVINCE,
        "provincial",
        f"/provincies/{PROVINCE}",
    ),
)


@dataclass
class PreparedTables:
    statements: list[str]
    context: dict[str, Any]
    html: str


@contextmanager
def _computed() -> Iterator[None]:
    """The figures computed on every call, not read from the cache."""
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    ):
        yield


def _render(context: dict[str, Any]) -> str:
    from django.template.loader import get_template

    return get_template("dashboard/_children.html").render(context)


def _tables_html(*, page: Any, scope: Any) -> tuple[str, dict[str, Any]]:
    """The tables' part of the page, as `views.explore.explore_context` runs it, for the area
    page the view has resolved."""
    from django.http import QueryDict
    from django.utils import timezone

    from dashboard.drilldown import child_tables
    from kantorentop.core.kept import kept_objects

    on = timezone.localdate()
    kept_objects.clear()  # the rows built anew, as after a write (dashboard.cache.kept_in_process)
    tables = child_tables(page=page, on=on, scope=scope, data=QueryDict())
    context = {"child_tables": tables, "area": page.area, "on": on}
    return _render(context), context


def tables_prepare(*, page: Any, scope: Any) -> PreparedTables:
    """One run of the tables that records their SQL and the context they rendered from."""
    with _computed():
        _tables_html(page=page, scope=scope)  # templates loaded, as in a running server
        with CaptureQueriesContext(connection) as queries:
            html, context = _tables_html(page=page, scope=scope)
    statements = [query["sql"] for query in queries.captured_queries]
    with CaptureQueriesContext(connection) as render_queries:
        rendered = _render(context)
    if render_queries.captured_queries:
        raise Mismatch(f"rendering the tables ran {len(render_queries)} queries")
    page_check(html, rendered)
    return PreparedTables(statements, context, html)


def tables_candidate(*, page: Any, scope: Any) -> tuple[float, str]:
    started = time.perf_counter()
    html, _context = _tables_html(page=page, scope=scope)
    return time.perf_counter() - started, html


def tables_floor(*, prepared: PreparedTables) -> tuple[float, str]:
    with connection.cursor() as cursor:
        started = time.perf_counter()
        for sql in prepared.statements:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
        html = _render(prepared.context)
        return time.perf_counter() - started, html


def _page_seconds(*, user: Any, path: str) -> float:
    """One warm request of the whole page (its series cached), for the notes."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.get(path)
    started = time.perf_counter()
    response = client.get(path)
    if response.status_code != 200:
        raise Mismatch(f"{path} answered {response.status_code}")
    return time.perf_counter() - started


def children_outcomes(*, rounds: int, log: Any, cases: tuple[ChildrenCase, ...] = CASES) -> list:  # type: ignore[type-arg]
    """Each page's child tables against their floor, `rounds` interleaved rounds each."""
    from bench.harness import paired
    from dashboard.selectors import area_page
    from kantorentop.accounts.scopes import scope_for_user

    outcomes = []
    with dashboard_officers() as officers, _computed():
        for case in cases:
            user = officers[case.officer]
            scope = scope_for_user(user)
            page = area_page(kind=case.kind, code=case.code)
            prepared = tables_prepare(page=page, scope=scope)
            outcome = paired(
                name=f"child tables: {case.label} ({case.path}, {case.officer} officer) "
                "vs their SQL + template",
                candidate=lambda page=page, scope=scope: tables_candidate(page=page, scope=scope),
                baseline=lambda prepared=prepared: tables_floor(prepared=prepared),
                check=page_check,
                goal=1.3,
                rounds=rounds,
                log=log,
            )
            whole = _page_seconds(user=user, path=case.path)
            tables = sorted(outcome.candidate_seconds)[len(outcome.candidate_seconds) // 2]
            sql = _statements_seconds(prepared)
            outcome.notes.append(
                f"Child tables of {case.path}: {len(prepared.statements)} SQL statements "
                f"({sql * 1000:.0f} ms of them alone, one more run), {len(prepared.html):,} "
                f"characters of HTML, equal to the floor's in every round; {tables * 1000:.0f} "
                f"ms of a warm page of {whole * 1000:.0f} ms (one more request)."
            )
            outcomes.append(outcome)
    return outcomes


def _statements_seconds(prepared: PreparedTables) -> float:
    with connection.cursor() as cursor:
        started = time.perf_counter()
        for sql in prepared.statements:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
        return time.perf_counter() - started
