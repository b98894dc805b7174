"""Sessions: a new key at sign-in, signed out after 30 idle minutes and 10 hours after sign-in,
cookies HttpOnly and SameSite; sign-in lockout that answers the same for known and unknown users."""

import datetime
import difflib
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from kantorentop.core.models import AuditEvent
from tests.accounts.factories import UserFactory

PASSWORD = "correct-horse-battery-staple"
START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def staff(db):
    return UserFactory(username="k.jansen", is_staff=True, is_superuser=True)


def _sign_in(client: Client, username: str = "k.jansen", password: str = PASSWORD):
    return client.post("/inloggen", {"username": username, "password": password})


def _signed_in(client: Client) -> bool:
    """The admin index answers a signed-in staff member and redirects anyone else."""
    status = client.get("/admin/").status_code
    assert status in (200, 302)
    return status == 200


def test_the_session_key_changes_at_sign_in(staff):
    before = SessionStore()
    before["language_hint"] = "nl"
    before.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = before.session_key
    assert _sign_in(client).status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before.session_key
    assert not SessionStore().exists(before.session_key)
    assert _signed_in(client)


def test_session_cookie_is_http_only_and_same_site_lax(staff):
    response = _sign_in(Client())
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 30 * 60


def test_signed_out_after_thirty_idle_minutes(staff):
    with time_machine.travel(START, tick=False) as traveller:
        client = Client()
        _sign_in(client)
        traveller.shift(datetime.timedelta(minutes=20))
        assert _signed_in(client)
        # Each request moves the expiry: 45 minutes after sign-in, 25 after the last request.
        traveller.shift(datetime.timedelta(minutes=25))
        assert _signed_in(client)
        traveller.shift(datetime.timedelta(minutes=31))
        assert not _signed_in(client)


def test_reading_pages_writes_the_session_at_most_once_a_minute(staff):
    """Each page view of a signed-in user used to save the session (an UPDATE on the primary,
    also for pages the replica answers). Now only a request a minute or more after the last save
    moves the expiry."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def session_writes(client: Client) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return sum(
            1
            for q in queries.captured_queries
            if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]
        )

    with time_machine.travel(START, tick=False) as traveller:
        client = Client()
        _sign_in(client)
        # Signing in saved the session; within the minute after it nothing moves the expiry.
        traveller.shift(datetime.timedelta(seconds=5))
        assert session_writes(client) == 0
        traveller.shift(datetime.timedelta(seconds=50))
        assert session_writes(client) == 0
        traveller.shift(datetime.timedelta(seconds=10))  # 65 s after sign-in
        assert session_writes(client) == 1
        traveller.shift(datetime.timedelta(seconds=30))
        assert session_writes(client) == 0
        traveller.shift(datetime.timedelta(seconds=31))  # 61 s after the last move
        assert session_writes(client) == 1
        # The cookie's and the server's expiry moved with it: 30 minutes from this request.
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        assert int(cookie["max-age"]) == 30 * 60
        traveller.shift(datetime.timedelta(minutes=29, seconds=30))
        assert _signed_in(client)


def test_signed_out_ten_hours_after_sign_in_however_active(staff):
    with time_machine.travel(START, tick=False) as traveller:
        client = Client()
        _sign_in(client)
        for _step in range(9 * 60 // 20 + 2):  # a request every 20 minutes for 9h40
            traveller.shift(datetime.timedelta(minutes=20))
            assert _signed_in(client)
        traveller.shift(datetime.timedelta(minutes=21))  # 10h01 after sign-in
        assert not _signed_in(client)
        # Signing in again starts a new lifetime.
        _sign_in(client)
        assert _signed_in(client)


def test_sign_out_ends_the_session_on_the_server(staff):
    client = Client()
    _sign_in(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/uitloggen")
    assert not SessionStore().exists(key)
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert not _signed_in(replay)


def _normalised(response, username: str) -> str:
    """The page without what differs per request (CSRF token, CSP nonce) or echoes the input."""
    text = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response.get("Content-Security-Policy", ""))
    if nonce:
        text = text.replace(nonce.group(1), "NONCE")
    for token in set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)):
        text = text.replace(token, "CSRF")
    text = re.sub(r'"X-CSRFToken": "[^"]+"', '"X-CSRFToken": "CSRF"', text)
    return text.replace(username, "USERNAME")


@pytest.mark.parametrize(
    ("url", "extra"),
    [("/inloggen", {}), ("/admin/login/", {"next": "/admin/"})],
    ids=["portal", "admin"],
)
def test_lockout_after_five_failures_answers_the_same_for_unknown_users(staff, url, extra):
    known, unknown = Client(), Client()
    answers: dict[str, list[tuple[int, str]]] = {"known": [], "unknown": []}
    for _attempt in range(6):
        for name, client, username in (
            ("known", known, "k.jansen"),
            ("unknown", unknown, "niemand-bekend"),
        ):
            response = client.post(url, {"username": username, "password": "fout", **extra})
            answers[name].append((response.status_code, _normalised(response, username)))
    for attempt, (known_answer, unknown_answer) in enumerate(
        zip(answers["known"], answers["unknown"], strict=True), start=1
    ):
        diff = "\n".join(
            difflib.unified_diff(
                known_answer[1].splitlines(), unknown_answer[1].splitlines(), lineterm=""
            )
        )
        assert known_answer == unknown_answer, f"attempt {attempt}:\n{diff}"
    statuses = [status for status, _text in answers["known"]]
    assert statuses[:4] == [200] * 4
    assert statuses[4:] == [429, 429]
    # Locked: even the right password is refused.
    assert known.post(url, {"username": "k.jansen", "password": PASSWORD, **extra}).status_code == (
        429
    )
    assert not _signed_in(known)
    locked = AuditEvent.objects.filter(action="auth.locked_out")
    assert {event.details["username"] for event in locked} == {"k.jansen", "niemand-bekend"}
