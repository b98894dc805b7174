"""What the simulated users do: the read mix (dashboard pages and API reads) and the plan
submissions, and the database's account of the plans afterwards."""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.load.http import Browser

DEMO_PASSWORD = "kantorentop-demo-2012"  # noqa: S105 (the demo personas' documented password)
OFFICERS = (("utrecht.ambtenaar", "GM0344"), ("noordholland.ambtenaar", "PV27"))
INVESTORS = ("belegger.a", "belegger.b")
THINK_SECONDS = (0.5, 1.5)


@dataclass(frozen=True)
class Targets:
    """Codes and ids the users pick from, read from the database before the run."""

    provinces: list[str]
    municipalities: list[str]  # with buildings
    office_regions: list[str]
    bag_ids: list[str]  # any building
    officer_bag_ids: dict[str, list[str]]  # area code -> buildings in it
    owned_bag_ids: dict[str, list[str]]  # investor username -> buildings of their organisation
    as_of: str  # ISO date of the dataset's last quarter end


def targets_read() -> Targets:
    """From the load database (Django set up on it)."""
    from buildings.models import Building
    from kantorentop.accounts.models import Membership
    from regions.models import OfficeRegion, Province

    def bag_ids(queryset) -> list[str]:  # type: ignore[no-untyped-def]
        return list(queryset.order_by("bag_id").values_list("bag_id", flat=True))

    owned = {}
    for username in INVESTORS:
        organisation_id = (
            Membership.objects.filter(user__username=username, role="investor")
            .values_list("organisation_id", flat=True)
            .get()
        )
        owned[username] = bag_ids(Building.objects.filter(owner_id=organisation_id))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT history_end FROM demo_demodataset ORDER BY id DESC LIMIT 1")
        as_of = cursor.fetchone()[0].isoformat()
    return Targets(
        provinces=list(Province.objects.order_by("code").values_list("code", flat=True)),
        municipalities=sorted(
            set(Building.objects.values_list("municipality__code", flat=True).distinct())
        ),
        office_regions=list(OfficeRegion.objects.order_by("slug").values_list("slug", flat=True)),
        bag_ids=bag_ids(Building.objects.all()),
        officer_bag_ids={
            "GM0344": bag_ids(Building.objects.filter(municipality__code="GM0344")),
            "PV27": bag_ids(Building.objects.filter(municipality__province__code="PV27")),
        },
        owned_bag_ids=owned,
        as_of=as_of,
    )


# --- reads -------------------------------------------------------------------------------------

Pick = Callable[[random.Random], str]


def _visitor_mix(t: Targets) -> list[tuple[str, int, Pick]]:
    """Anonymous visitors: the public area pages (aggregates only)."""
    return [
        ("page: nation", 2, lambda r: "/"),
        ("page: province", 3, lambda r: f"/provincies/{r.choice(t.provinces)}"),
        ("page: municipality", 4, lambda r: f"/gemeenten/{r.choice(t.municipalities)}"),
        ("page: office region", 2, lambda r: f"/kantorenregios/{r.choice(t.office_regions)}"),
        ("page: covenant", 1, lambda r: "/convenant"),
    ]


def _officer_mix(t: Targets, area: str) -> list[tuple[str, int, Pick]]:
    """Signed-in officers: their own area page with its buildings table, the filtered table,
    building pages and the flags."""
    own = f"/gemeenten/{area}" if area.startswith("GM") else f"/provincies/{area}"
    buildings = t.officer_bag_ids[area]
    return [
        ("page: own area (officer)", 3, lambda r: own),
        (
            "page: buildings table (officer)",
            3,
            lambda r: r.choice(
                [
                    "/gebouwen",
                    "/gebouwen?ordering=-vacancyPercentage",
                    "/gebouwen?flagged=true",
                    "/gebouwen?minVacancyPercentage=50&page=2",
                ]
            ),
        ),
        ("page: building (officer)", 4, lambda r: f"/gebouwen/{r.choice(buildings)}"),
        ("page: flags (officer)", 1, lambda r: "/signaleringen"),
    ]


def _api_mix(t: Targets) -> list[tuple[str, int, Pick]]:
    """API clients with the national key."""
    return [
        (
            "api: buildings page",
            3,
            lambda r: f"/api/v1/buildings?province={r.choice(t.provinces)}&pageSize=100",
        ),
        ("api: building", 4, lambda r: f"/api/v1/buildings/{r.choice(t.bag_ids)}"),
        (
            "api: building records",
            2,
            lambda r: f"/api/v1/buildings/{r.choice(t.bag_ids)}/vacancy-records",
        ),
        (
            "api: statistics",
            2,
            lambda r: f"/api/v1/vacancy-statistics?province={r.choice(t.provinces)}&date={t.as_of}",
        ),
        ("api: open flags", 1, lambda r: "/api/v1/structural-vacancy-flags?status=open"),
    ]


@dataclass
class ReadUser:
    """One simulated user of the read phase."""

    number: int
    role: str  # visitor, officer, api
    browser: Browser
    mix: list[tuple[str, int, Pick]]
    headers: dict[str, str] = field(default_factory=dict)

    def run(self, *, until: float, seed: int) -> None:
        rng = random.Random(seed * 1000 + self.number)
        kinds = [kind for kind, _, _ in self.mix]
        weights = [weight for _, weight, _ in self.mix]
        picks = {kind: pick for kind, _, pick in self.mix}
        # Users start spread over the first think time, as they would arrive.
        time.sleep(rng.uniform(0, THINK_SECONDS[1]))
        while time.monotonic() < until:
            kind = rng.choices(kinds, weights)[0]
            self.browser.get(kind, picks[kind](rng), headers=self.headers)
            time.sleep(rng.uniform(*THINK_SECONDS))


def read_users(*, targets: Targets, users: int, api_key: str, host: str, port: int) -> list:  # type: ignore[type-arg]
    """`users` users, a third each anonymous visitors, signed-in officers and API clients; the
    officers are signed in here (not part of the measured phase)."""
    result = []
    for number in range(users):
        browser = Browser(host, port)
        role = ("visitor", "officer", "api")[number % 3]
        if role == "visitor":
            result.append(ReadUser(number, role, browser, _visitor_mix(targets)))
        elif role == "officer":
            username, area = OFFICERS[(number // 3) % len(OFFICERS)]
            browser.sign_in(username, DEMO_PASSWORD)
            browser.samples.clear()
            result.append(ReadUser(number, role, browser, _officer_mix(targets, area)))
        else:
            headers = {"Authorization": f"Token {api_key}", "Accept": "application/json"}
            result.append(ReadUser(number, role, browser, _api_mix(targets), headers))
    return result


# Warm-up requests of each kind and role on a connection of their own: gunicorn's workers take
# connections from one shared socket as they come, and each keeps its own local-memory cache
# (no REDIS_URL here, where production shares Redis), so a kind warmed on one connection may
# leave the other worker cold; with several fresh connections both workers get some.
WARM_UP_FRESH_CONNECTIONS = 4


def warm_up(users: list) -> dict[str, float]:  # type: ignore[type-arg]
    """Every kind of request per role, one at a time (not part of the measured phase), twice on
    the user's own connection and WARM_UP_FRESH_CONNECTIONS times on a new one each: every
    worker imports and compiles what the pages need, and computes what it caches, before the
    clock starts. Returns each kind's time alone, without concurrent requests (the fastest)."""
    seen: set[tuple[str, str]] = set()
    alone: dict[str, float] = {}
    rng = random.Random(0)
    for user in users:
        for kind, _, pick in user.mix:
            if (user.role, kind) in seen:
                continue
            seen.add((user.role, kind))
            path = pick(rng)
            for fresh in [False, False, *[True] * WARM_UP_FRESH_CONNECTIONS]:
                if fresh:
                    user.browser.close()  # the next request connects anew
                answer = user.browser.get(kind, path, headers=user.headers)
                alone[kind] = min(alone.get(kind, answer.seconds), answer.seconds)
        user.browser.samples.clear()
    return alone


def threads_run(targets: list[Callable[[], None]]) -> float:
    """Run each callable in a thread of its own; returns the wall-clock seconds until the last
    one finished."""
    threads = [threading.Thread(target=target, daemon=True) for target in targets]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


# --- plan submissions ----------------------------------------------------------------------------

PLAN_LOCATION = re.compile(r"/plannen/(\d+)$")


@dataclass
class Investor:
    """One investor's session submitting plans: the plan form, then "submit" (indienen)."""

    number: int
    username: str
    browser: Browser
    bag_ids: list[str]
    marker: str
    created: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def run(self, *, plans: int) -> None:
        for n in range(plans):
            bag_id = self.bag_ids[(self.number * plans + n) % len(self.bag_ids)]
            answer = self.browser.post_form(
                "plan: create (form)",
                f"/plannen/nieuw?gebouw={bag_id}",
                {
                    "gebouw": bag_id,
                    "kind": "renovation",
                    "target_use": "",
                    "office_m2_withdrawn": 0,
                    "housing_units": 0,
                    "planned_start": "2027-01-01",
                    "planned_completion": "2028-06-30",
                    "estimated_investment_eur": 2500000,
                    "financing_status": "in_discussion",
                    "description": f"{self.marker} investor {self.number} plan {n}",
                },
            )
            match = PLAN_LOCATION.search(answer.headers.get("location", ""))
            if answer.status != 302 or match is None:
                self.failures.append(
                    f"create {bag_id}: {answer.status} {answer.error} {answer.body[:200]!r}"
                )
                continue
            pk = int(match.group(1))
            self.created.append(pk)
            answer = self.browser.post_form("plan: submit", f"/plannen/{pk}/indienen", {})
            if answer.status != 302:
                self.failures.append(f"submit {pk}: {answer.status} {answer.error}")


def investors(*, targets: Targets, clients: int, marker: str, host: str, port: int) -> list:  # type: ignore[type-arg]
    """`clients` signed-in investor sessions (signed in here, before the measured phase)."""
    result = []
    for number in range(clients):
        username = INVESTORS[number % len(INVESTORS)]
        browser = Browser(host, port)
        browser.sign_in(username, DEMO_PASSWORD)
        browser.samples.clear()
        result.append(Investor(number, username, browser, targets.owned_bag_ids[username], marker))
    return result


@dataclass(frozen=True)
class PlanAccount:
    """What the database holds of the run's plans."""

    rows: int
    distinct_descriptions: int
    submitted: int
    ids: frozenset[int]
    notifications: int
    notifications_expected: int  # one per municipal officer of each plan's municipality


def plans_account(*, marker: str) -> PlanAccount:
    from collections import Counter

    from buildings.models import TransformationPlan
    from kantorentop.accounts.models import Membership, Notification

    plans = TransformationPlan.objects.filter(description__startswith=marker + " ")
    ids = frozenset(plans.values_list("pk", flat=True))
    officers = Counter(
        Membership.objects.filter(role="municipal_officer").values_list(
            "organisation__municipality_id", flat=True
        )
    )
    expected = sum(
        officers[municipality_id]
        for municipality_id in plans.values_list("building__municipality_id", flat=True)
    )
    return PlanAccount(
        rows=plans.count(),
        distinct_descriptions=plans.values("description").distinct().count(),
        submitted=plans.filter(status="submitted", submitted_at__isnull=False).count(),
        ids=ids,
        notifications=Notification.objects.filter(
            kind="plan_submitted", url__in=[f"/plannen/{pk}" for pk in ids]
        ).count(),
        notifications_expected=expected,
    )
