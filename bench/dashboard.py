"""The dashboard benchmark (issue 5, item 9): an area page through the whole stack against its
floor, the page's own SQL run directly plus its template rendered from a prepared context.

- Candidate: GET of the page with Django's test Client as a signed-in officer: middleware
  (session, CSRF, CSP, locale, audit context), the view, its selectors, the context processors
  and the template. Cold cache: the cache is emptied before every candidate request (untimed),
  and so is what the process keeps of the page (`kantorentop.core.kept`), so each round is a
  first page view (the quarterly series computed); warm cache: the same page
  again with what the earlier requests cached. The benchmark runs on a local-memory cache of its
  own, never on a shared Redis.
- Floor: the SQL statements of one request of the same page (cold or warm), captured once with
  CaptureQueriesContext, run again as strings with a raw cursor (every row fetched), plus the
  page's template rendered from the context that request prepared (the view's context with the
  context processors' output, flattened once; rendering it runs no query).
- Check: the candidate's HTML equals the floor's, apart from the per-request CSRF token and CSP
  nonce; the prepared context renders without a single query.

The officers are made for the run (a national officer, a provincial officer) in a transaction
that is rolled back at the end, with everything the requests wrote (sessions).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from bench.harness import Mismatch

# Issue 17: a warm page within 1.15 times its SQL plus template; a cold one (issue 5) 1.3.
WARM_GOAL = 1.15
COLD_GOAL = 1.3
BENCH_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kantorentop-bench-dashboard",
    }
}
PROVINCE = "PV27"


@dataclass(frozen=True)
class DashboardPage:
    """A page of the benchmark and the officer who opens it."""

    label: str
    path: str
    officer: str  # "national" or "provincial"


PAGES = (
    DashboardPage("national overview", "/", "national"),
    DashboardPage(f"province page {PROVINCE}", f"/provincies/{PROVINCE}", "provincial"),
)

# What differs between two renderings of the same page: the CSRF token (masked anew each
# time) and the CSP nonce (new per request).
_VOLATILE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"'), r'\1-"'),
    (re.compile(r'("X-CSRFToken": ")[^"]*"'), r'\1-"'),
    (re.compile(r'(nonce=")[^"]*"'), r'\1-"'),
    (re.compile(r'("inline(?:Script|Style)Nonce": ")[^"]*"'), r'\1-"'),
]


def page_normalise(html: str) -> str:
    for pattern, replacement in _VOLATILE:
        html = pattern.sub(replacement, html)
    return html


@contextmanager
def dashboard_officers(*, province: str = PROVINCE) -> Iterator[dict[str, Any]]:
    """A national officer and a provincial officer of `province`, made in a transaction that
    is rolled back on exit (with every session and row the benchmark's requests wrote); the
    benchmark runs on a local-memory cache of its own meanwhile."""
    from django.contrib.auth import get_user_model

    from kantorentop.accounts.choices import OrganisationKind, Role
    from kantorentop.accounts.models import Membership, Organisation
    from regions.models import Province

    stamp = time.time_ns()
    with override_settings(CACHES=BENCH_CACHE), transaction.atomic():
        users = {}
        ministry = Organisation.objects.create(
            name=f"Bench ministry {stamp}", kind=OrganisationKind.NATIONAL
        )
        province_organisation = Organisation.objects.create(
            name=f"Bench province {stamp}",
            kind=OrganisationKind.PROVINCE,
            province=Province.objects.get(code=province),
        )
        for officer, organisation, role in (
            ("national", ministry, Role.NATIONAL_OFFICER),
            ("provincial", province_organisation, Role.PROVINCIAL_OFFICER),
        ):
            user = get_user_model().objects.create_user(
                username=f"bench.{officer}.{stamp}", first_name="Bench", last_name=officer
            )
            Membership.objects.create(user=user, organisation=organisation, role=role)
            users[officer] = user
        try:
            yield users
        finally:
            transaction.set_rollback(True)


def _client_for(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _cache_clear() -> None:
    """Empties the cache and what the process keeps of the pages (`kantorentop.core.kept`),
    as a first view of a page after a write finds them."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    from kantorentop.core.kept import kept_objects

    cache = caches["default"]

    if not isinstance(cache, LocMemCache):  # a shared Redis is never flushed
        raise RuntimeError("the dashboard benchmark runs on a local-memory cache only")
    cache.clear()
    kept_objects.clear()


@dataclass
class PreparedPage:
    """What the floor needs: the page's SQL, its template and the context it was rendered
    from (context processors included), and the language it was rendered in."""

    path: str
    statements: list[str]
    template: Any  # django.template.base.Template
    context: dict[str, Any]
    language: str
    html: str


def page_prepare(*, user: Any, path: str, warm: bool = False) -> PreparedPage:
    """One request of the page that records its SQL and the context the view handed to the
    template; the context processors' output is added once and flattened. With an empty cache,
    or with `warm` after one more request that filled it."""
    from django.template.backends.django import Template
    from django.template.context import make_context
    from django.utils import translation

    client = _client_for(user)
    captured: list[tuple[Any, Any, Any]] = []
    original = Template.render

    def capturing(self, context=None, request=None):  # type: ignore[no-untyped-def]
        captured.append((self, context, request))
        return original(self, context, request)

    _cache_clear()
    if warm:
        client.get(path)
    Template.render = capturing  # type: ignore[method-assign]
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
    finally:
        Template.render = original  # type: ignore[method-assign]
    if response.status_code != 200 or not captured:
        raise Mismatch(f"{path} answered {response.status_code} ({len(captured)} templates)")
    # The page's own template is rendered last: parts of the page kept as HTML (the child
    # tables, dashboard.views.explore) are rendered before it, when not kept yet.
    backend_template, context, request = captured[-1]
    language = response.headers.get("Content-Language") or translation.get_language()
    statements = [query["sql"] for query in queries.captured_queries]
    for sql in statements:
        if sql.strip().upper() in {"BEGIN", "COMMIT", "ROLLBACK"}:
            raise Mismatch(f"{path}: the page's SQL holds {sql!r}; run it inside a transaction")
    template = backend_template.template
    with translation.override(language):
        request_context = make_context(
            context, request, autoescape=backend_template.backend.engine.autoescape
        )
        with request_context.bind_template(template):
            flat = request_context.flatten()
        # Lazy values evaluated once, as the request's own rendering did.
        flat["csrf_token"] = str(flat["csrf_token"])
        flat["csp_nonce"] = str(flat.get("csp_nonce", ""))
        if "messages" in flat:
            flat["messages"] = list(flat["messages"])
        prepared = PreparedPage(
            path=path,
            statements=statements,
            template=template,
            context=flat,
            language=language,
            html=page_normalise(response.content.decode()),
        )
        _render(prepared)  # fills what the template reads lazily (cached on the objects)
        with CaptureQueriesContext(connection) as render_queries:
            html = _render(prepared)
    if render_queries.captured_queries:
        raise Mismatch(
            f"{path}: rendering the prepared context ran {len(render_queries)} queries, "
            f"first {render_queries.captured_queries[0]['sql'][:200]}"
        )
    page_check(prepared.html, page_normalise(html))
    return prepared


def _render(prepared: PreparedPage) -> str:
    from django.template import Context

    return prepared.template.render(Context(prepared.context, autoescape=True))


def page_candidate(*, client: Any, path: str, warm: bool = False) -> tuple[float, str]:
    """GET of the page through the whole stack with an empty cache (or, `warm`, with what the
    earlier requests left in it); returns its HTML."""
    if not warm:
        _cache_clear()
    started = time.perf_counter()
    response = client.get(path)
    html = response.content.decode()
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise Mismatch(f"{path} answered {response.status_code}")
    return seconds, page_normalise(html)


def page_floor(*, prepared: PreparedPage) -> tuple[float, str]:
    """The page's captured SQL run as strings (rows fetched) and its template rendered from
    the prepared context."""
    from django.utils import translation

    with translation.override(prepared.language), connection.cursor() as cursor:
        started = time.perf_counter()
        for sql in prepared.statements:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
        html = _render(prepared)
        seconds = time.perf_counter() - started
    return seconds, page_normalise(html)


def page_check(candidate: str, floor: str) -> None:
    if candidate != floor:
        at = next(
            (i for i, (a, b) in enumerate(zip(candidate, floor, strict=False)) if a != b),
            min(len(candidate), len(floor)),
        )
        raise Mismatch(
            f"the page and its floor differ at character {at} of {len(candidate)}/{len(floor)}: "
            f"page {candidate[max(0, at - 80) : at + 80]!r}, "
            f"floor {floor[max(0, at - 80) : at + 80]!r}"
        )


def dashboard_outcomes(
    *, rounds: int, log: Any, pages: tuple[DashboardPage, ...] = PAGES, warm: bool = True
) -> list:  # type: ignore[type-arg]
    """Each page against its floor with a cold cache, and (`warm`) again with a warm one,
    `rounds` interleaved rounds each (bench.harness.paired)."""
    from bench.harness import paired

    outcomes = []
    with dashboard_officers() as officers:
        for page, cache_state in [
            (page, state) for state in ("cold", "warm")[: 2 if warm else 1] for page in pages
        ]:
            user = officers[page.officer]
            warm_cache = cache_state == "warm"
            prepared = page_prepare(user=user, path=page.path, warm=warm_cache)
            client = _client_for(user)
            outcome = paired(
                name=f"dashboard: {page.label} ({page.path}, {page.officer} officer, "
                f"{cache_state} cache) vs its SQL + template",
                candidate=lambda client=client, page=page, warm_cache=warm_cache: page_candidate(
                    client=client, path=page.path, warm=warm_cache
                ),
                baseline=lambda prepared=prepared: page_floor(prepared=prepared),
                check=page_check,
                goal=WARM_GOAL if warm_cache else COLD_GOAL,
                rounds=rounds,
                log=log,
            )
            sql_seconds = _statements_seconds(prepared)
            outcome.notes.append(
                f"Dashboard {page.label}, {cache_state} cache: {len(prepared.statements)} SQL "
                f"statements ({sql_seconds:.3f} s of them alone, one more run), "
                f"{len(prepared.html):,} characters of HTML, equal to the floor's in every round "
                "(CSRF token and CSP nonce aside)."
            )
            outcomes.append(outcome)
    return outcomes


def _statements_seconds(prepared: PreparedPage) -> float:
    with connection.cursor() as cursor:
        started = time.perf_counter()
        for sql in prepared.statements:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
        return time.perf_counter() - started
