"""`--only sessions`: a login against the password hasher's own time, and a language switch
against a plain request of the page it lands on (issue 17, item 6).

- Login: POST /inloggen with a national officer's username and password through Django's test
  Client (middleware, axes' lockout check, the authentication backends, the session, the login
  signal's audit event, the redirect; the landing page is not followed). The floor is the
  configured hasher's `verify` of the same password against the same stored hash: what no login
  can do without.
- Language switch: POST /i18n/setlang/ to English with `next` a building's page, followed to
  that page (the redirect and the page in the new language), from a session in Dutch. The floor
  is a plain GET of the same page in English from the same session.

Both in a transaction rolled back on exit, on a local-memory cache of their own (as the
dashboard benchmark).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings

from bench.dashboard import BENCH_CACHE
from bench.harness import Mismatch, Outcome, paired

PASSWORD = "bench-password-2012-lang"  # noqa: S105 (a throwaway user, rolled back)
GOAL = 1.2


@contextmanager
def officer() -> Iterator[Any]:
    """A national officer with PASSWORD, rolled back on exit with every session, audit event
    and axes row the benchmark's requests wrote."""
    from django.contrib.auth import get_user_model

    from kantorentop.accounts.choices import OrganisationKind, Role
    from kantorentop.accounts.models import Membership, Organisation

    stamp = time.time_ns()
    with override_settings(CACHES=BENCH_CACHE), transaction.atomic():
        ministry = Organisation.objects.create(
            name=f"Bench sessions {stamp}", kind=OrganisationKind.NATIONAL
        )
        user = get_user_model().objects.create_user(
            username=f"bench.sessions.{stamp}", password=PASSWORD
        )
        Membership.objects.create(user=user, organisation=ministry, role=Role.NATIONAL_OFFICER)
        try:
            yield user
        finally:
            transaction.set_rollback(True)


def login_candidate(user: Any) -> tuple[float, bool]:
    """POST /inloggen as a fresh browser would (its own client, no session yet)."""
    from django.test import Client

    client = Client()
    started = time.perf_counter()
    response = client.post("/inloggen", {"username": user.username, "password": PASSWORD})
    seconds = time.perf_counter() - started
    if response.status_code != 302:
        raise Mismatch(f"the login answered {response.status_code}")
    return seconds, "_auth_user_id" in client.session


def login_baseline(user: Any) -> tuple[float, bool]:
    """The hasher of the stored hash verifying the password, nothing else."""
    from django.contrib.auth.hashers import identify_hasher

    encoded = type(user).objects.values_list("password", flat=True).get(pk=user.pk)
    hasher = identify_hasher(encoded)
    started = time.perf_counter()
    right = hasher.verify(PASSWORD, encoded)
    return time.perf_counter() - started, right


def _equal(candidate: Any, baseline: Any) -> None:
    if candidate != baseline:
        raise Mismatch(f"candidate {candidate!r}, floor {baseline!r}")


def _page_check(response: Any, language: str) -> str:
    if response.status_code != 200:
        raise Mismatch(f"the page answered {response.status_code}")
    got = response.headers.get("Content-Language", "")
    if got != language:
        raise Mismatch(f"the page came in {got!r}, not {language!r}")
    return got


def _client_in(user: Any, language: str) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def switch_candidate(client: Any, path: str) -> tuple[float, str]:
    """From Dutch, POST the switch to English and follow the redirect to `path`."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    started = time.perf_counter()
    response = client.post("/i18n/setlang/", {"language": "en", "next": path}, follow=True)
    seconds = time.perf_counter() - started
    if [status for _, status in response.redirect_chain] != [302]:
        raise Mismatch(f"redirects {response.redirect_chain}")
    return seconds, _page_check(response, "en")


def switch_baseline(client: Any, path: str) -> tuple[float, str]:
    """The same page in English, a plain GET."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    started = time.perf_counter()
    response = client.get(path)
    seconds = time.perf_counter() - started
    return seconds, _page_check(response, "en")


def _a_building_path() -> str:
    from buildings.models import Building

    bag_id = Building.objects.order_by("bag_id").values_list("bag_id", flat=True).first()
    if bag_id is None:
        raise SystemExit("No buildings: load the demo dataset first.")
    return f"/gebouwen/{bag_id}"


def sessions_outcomes(*, rounds: int, log: Callable[[str], None]) -> list[Outcome]:
    outcomes = []
    with officer() as user:
        outcome = paired(
            name="login (POST /inloggen) vs the password hasher",
            candidate=lambda: login_candidate(user),
            baseline=lambda: login_baseline(user),
            check=_equal,
            goal=GOAL,
            rounds=rounds,
            log=log,
        )
        outcome.notes.append(
            "Login: the whole POST (axes' lockout check, authentication, session, audit event, "
            "redirect; the landing page not followed) against the hasher's verify of the same "
            "hash."
        )
        outcomes.append(outcome)
        path = _a_building_path()
        client = _client_in(user, "nl")
        outcome = paired(
            name=f"language switch to English on {path} vs a plain GET of it",
            candidate=lambda: switch_candidate(client, path),
            baseline=lambda: switch_baseline(client, path),
            check=_equal,
            goal=GOAL,
            # A pair takes some 0.1 s: more rounds, so that one preempted request on a shared
            # machine does not decide the median.
            rounds=rounds * 3,
            log=log,
        )
        outcome.notes.append(
            "Language switch: POST /i18n/setlang/ from a Dutch session with the redirect to the "
            "building's page followed, against a plain GET of that page in English."
        )
        outcomes.append(outcome)
    return outcomes
