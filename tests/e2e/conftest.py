"""Browser end-to-end tests: Playwright drives Debian's Chromium against the live server.

Playwright downloads no browser here: the tests launch the system's `chromium` (CI installs the
Debian package). Without it they are skipped, except in CI (the `CI` variable is set), where a
missing browser is a failure.

Every page opened through the `browser_page` fixture records console errors, uncaught exceptions
and CSP violations (a `securitypolicyviolation` listener added before any script of the page runs);
the fixture fails the test when any occurred. The axe-core check runs in a separate context that
bypasses the CSP, only because the injected axe script has no nonce; the pages under test run in a
normal context with the CSP enforced.
"""

import datetime
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# The live server and Playwright's sync API share the test's thread with an event loop: Django
# refuses ORM calls from a thread with a running loop unless told it is safe (it is: the loop is
# Playwright's and runs no Django code).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "correct-horse-battery-staple"  # tests.accounts.factories.UserFactory's password
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The sign-in form in the two languages (the browser's Accept-Language chooses).
SIGN_IN_WORDS = {
    "nl": {
        "username": "Gebruikersnaam",
        "password": "Wachtwoord",
        "sign_in": "Inloggen",
        "sign_out": "Uitloggen",
    },
    "en": {
        "username": "User name",
        "password": "Password",
        "sign_in": "Sign in",
        "sign_out": "Sign out",
    },
}

# Records every CSP violation of the page (and its frames) before the page's own scripts run.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push({
    directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber,
  });
});
"""


def _chromium() -> str | None:
    return shutil.which("chromium")


def _carry_serialized_contents(serialized):
    """Give this context's database connections the serialized test data.

    Playwright's sync API runs an event loop in this thread; from then on Django keeps its
    connections per context (asgiref's Local), so the tests get new connection objects without
    the `_test_serialized_contents` that setup_databases stored on the first ones, and
    `serialized_rollback` would silently restore nothing after the first flush.
    """
    from django.db import connections

    for alias, contents in serialized.items():
        if contents is not None and not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser(django_db_setup):
    executable = _chromium()
    if executable is None:
        message = "Debian's Chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev dependencies include it
        if os.environ.get("CI"):
            raise
        pytest.skip("the Python package playwright is not installed")
    from django.db import connections

    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    with sync_playwright() as playwright:
        _carry_serialized_contents(serialized)
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _media_not_served():
    # MEDIA_URL is None on purpose (plan documents are served only through views), but Django's
    # live server wraps the site in a media handler that cannot parse None. A URL on another host
    # makes that handler pass every request on, so the live server serves no media either.
    from django.test import override_settings

    with override_settings(MEDIA_URL="http://media.invalid/"):
        yield


@pytest.fixture(autouse=True)
def _offline_map(settings):
    # Tests run offline: no background tiles (the map works without them).
    settings.MAP_TILE_URL = ""


@dataclass
class PageProblems:
    """What went wrong in the browser while a test ran."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[dict] = field(default_factory=list)


class E2E:
    """A browser context on the live server, with helpers shared by the tests."""

    def __init__(self, browser, live_server, *, locale="nl-NL"):
        self.browser = browser
        self.locale = locale
        self.words = SIGN_IN_WORDS[locale[:2]]
        self.base_url = live_server.url
        self.problems = PageProblems()
        self.allowed_console_errors: list[str] = []
        self.context = self._context(bypass_csp=False)
        self.page = self.context.new_page()
        self._watch(self.page)
        self._axe_context = None

    def _context(self, *, bypass_csp):
        context = self.browser.new_context(
            base_url=self.base_url,
            locale=self.locale,
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
            bypass_csp=bypass_csp,
        )
        context.set_default_timeout(10_000)
        context.add_init_script(CSP_LISTENER)
        return context

    def _watch(self, page):
        page.on(
            "console",
            lambda msg: (
                self.problems.console_errors.append(f"{page.url}: {msg.text}")
                if msg.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda exc: self.problems.page_errors.append(f"{page.url}: {exc}"))

    def allow_console_error(self, text):
        """Expect a console error containing `text` (Chromium logs every 4xx answer to a page,
        e.g. the 400 of a form with errors)."""
        self.allowed_console_errors.append(text)

    def unexpected_console_errors(self):
        return [
            error
            for error in self.problems.console_errors
            if not any(text in error for text in self.allowed_console_errors)
        ]

    def collect_csp(self, page=None):
        """Add the CSP violations the page recorded so far (call before navigating away)."""
        page = page or self.page
        found = page.evaluate("window.__cspViolations || []")
        self.problems.csp_violations.extend({"url": page.url, **v} for v in found)
        page.evaluate("window.__cspViolations = []")

    def goto(self, path, page=None):
        page = page or self.page
        if page.url.startswith(self.base_url):
            self.collect_csp(page)
        response = page.goto(path)
        page.wait_for_load_state("networkidle")
        return response

    def sign_in(self, username, page=None):
        page = page or self.page
        self.goto("/inloggen", page)
        page.get_by_label(self.words["username"]).fill(username)
        page.get_by_label(self.words["password"]).fill(PASSWORD)
        page.get_by_role("button", name=self.words["sign_in"]).click()
        page.wait_for_load_state("networkidle")

    def sign_out(self, page=None):
        page = page or self.page
        self.collect_csp(page)
        page.get_by_role("button", name=self.words["sign_out"]).click()
        page.wait_for_load_state("networkidle")

    def screenshot(self, name, page=None):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (page or self.page).screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    def axe(self, path, *, username=None):
        """axe-core's serious and critical violations of the page at `path` (WCAG 2.1 A/AA)."""
        if self._axe_context is None:
            self._axe_context = self._context(bypass_csp=True)
            self._axe_page = self._axe_context.new_page()
            if username:
                self.sign_in(username, self._axe_page)
        page = self._axe_page
        page.goto(path)
        page.wait_for_load_state("networkidle")
        return self.axe_current()

    def axe_current(self):
        """axe-core's serious and critical violations of the page now open in the axe context."""
        page = self._axe_page
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE_SCRIPT))
        result = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                "best-practice"]},
                resultTypes: ["violations"],
            })"""
        )
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    def reset_axe(self):
        """Start the next axe check in a fresh context (e.g. signed in as someone else)."""
        if self._axe_context is not None:
            self._axe_context.close()
            self._axe_context = None

    def close(self):
        if self.page.url.startswith(self.base_url):
            self.collect_csp()
        self.reset_axe()
        self.context.close()


@pytest.fixture
def e2e_in(browser, live_server):
    """Browser sessions by locale ("nl-NL", "en-GB"); each fails the test on console errors or
    CSP violations."""
    sessions = []

    def make(locale):
        session = E2E(browser, live_server, locale=locale)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()
    for session in sessions:
        problems = session.problems
        assert not problems.csp_violations, f"CSP violations: {problems.csp_violations}"
        assert not problems.page_errors, f"uncaught exceptions: {problems.page_errors}"
        unexpected = session.unexpected_console_errors()
        assert not unexpected, f"console errors: {unexpected}"


@pytest.fixture
def e2e(e2e_in):
    """The Dutch browser session of one test."""
    return e2e_in("nl-NL")


@dataclass
class Dataset:
    utrecht: object
    owner: object
    officer: object
    investor: object
    flagged: object
    others: list
    flag: object


@pytest.fixture
def dataset(transactional_db):
    """A few buildings in Utrecht (GM0344) with records, one of them flagged; a Utrecht officer
    and an investor who owns the flagged building."""
    from regions.models import Municipality
    from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
    from tests.buildings.factories import BuildingFactory, FlagFactory, VacancyRecordFactory

    utrecht = Municipality.objects.get(code="GM0344")
    owner = OrganisationFactory(name="Belegger Domstad", kind="investor", is_covenant_investor=True)
    gemeente = OrganisationFactory(
        name="Gemeente Utrecht", kind="municipality", municipality=utrecht
    )
    officer = MembershipFactory(
        user=UserFactory(username="utrecht.ambtenaar", first_name="Ute", last_name="Ambtenaar"),
        organisation=gemeente,
        role="municipal_officer",
    ).user
    investor = MembershipFactory(
        user=UserFactory(username="belegger.domstad"), organisation=owner, role="investor"
    ).user

    def building(n, name, area, vacant, **extra):
        b = BuildingFactory(
            bag_id=f"03441000000000{n:02d}",
            name=name,
            municipality=utrecht,
            lettable_floor_area_m2=area,
            latitude=f"52.09{n}",
            longitude=f"5.11{n}",
            **extra,
        )
        for year, share in ((2009, vacant), (2012, vacant)):
            VacancyRecordFactory(
                building=b,
                observed_on=datetime.date(year, 6, 30),
                vacant_area_m2=int(area * share),
            )
        return b

    flagged = building(1, "Leeg Kantoor Catharijne", 6000, 0.9, owner=owner, energy_label="G")
    others = [
        building(2, "Kantoor Maliebaan", 4000, 0.1, energy_label="A"),
        building(3, "Kantoor Papendorp", 10000, 0.3, energy_label="C"),
        building(4, "Kantoor Rijnsweerd", 2500, 0.0, energy_label="B"),
    ]
    flag = FlagFactory(building=flagged)
    return Dataset(utrecht, owner, officer, investor, flagged, others, flag)
