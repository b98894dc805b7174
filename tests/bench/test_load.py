"""The load generator (bench.load) against a live server: its sign-in, forms and plan submissions
work and the database account counts exactly what it sent; every kind of read in the mix answers
200; the percentiles are nearest-rank."""

import random
from urllib.parse import urlsplit

import pytest

from bench.load import report, scenarios
from bench.load.http import Browser, Sample
from buildings.models import TransformationPlan
from kantorentop.accounts.choices import OrganisationKind, Role
from kantorentop.accounts.services import api_client_create
from regions.models import Municipality
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.buildings.factories import BuildingFactory, VacancyRecordFactory


@pytest.fixture(scope="session", autouse=True)
def _media_not_served():
    # MEDIA_URL is None on purpose, which Django's live server cannot parse; a URL on another
    # host makes its media handler pass every request on (as in tests/e2e/conftest.py).
    from django.test import override_settings

    with override_settings(MEDIA_URL="http://media.invalid/"):
        yield


def _browser(live_server) -> Browser:
    parts = urlsplit(live_server.url)
    return Browser(parts.hostname, parts.port)


# Live-server tests commit; the reference data of the migrations is restored after each.
live = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def investor():
    owner = OrganisationFactory(kind=OrganisationKind.INVESTOR)
    user = UserFactory(username="load.investor", password=scenarios.DEMO_PASSWORD)
    MembershipFactory(user=user, organisation=owner, role=Role.INVESTOR)
    buildings = [BuildingFactory(owner=owner, lettable_floor_area_m2=8000) for _ in range(2)]
    # A municipal officer of the first building's municipality is notified of its plans.
    municipality = buildings[0].municipality
    MembershipFactory(
        user=UserFactory(username="load.officer"),
        organisation=OrganisationFactory(kind="municipality", municipality=municipality),
        role=Role.MUNICIPAL_OFFICER,
    )
    return user, buildings


@live
def test_investors_create_and_submit_plans_and_the_account_counts_them(investor, live_server):
    user, buildings = investor
    browser = _browser(live_server)
    browser.sign_in(user.username, scenarios.DEMO_PASSWORD)
    client = scenarios.Investor(0, user.username, browser, [b.bag_id for b in buildings], "lt-1")
    client.run(plans=3)
    assert client.failures == []
    assert len(client.created) == 3
    account = scenarios.plans_account(marker="lt-1")
    assert account.rows == account.distinct_descriptions == account.submitted == 3
    assert account.ids == frozenset(client.created)
    assert account.notifications == account.notifications_expected >= 2
    assert {s.status for s in browser.samples} == {200, 302}
    # Another run's plans are not counted, nor the plans of a marker that is only a prefix.
    assert scenarios.plans_account(marker="lt").rows == 0


@live
def test_a_refused_form_is_a_failure_not_a_plan(investor, live_server):
    user, _ = investor
    browser = _browser(live_server)
    browser.sign_in(user.username, scenarios.DEMO_PASSWORD)
    not_theirs = BuildingFactory()
    client = scenarios.Investor(0, user.username, browser, [not_theirs.bag_id], "lt-2")
    client.run(plans=1)
    assert client.created == []
    assert client.failures and client.failures[0].split()[2] == "404"
    assert not TransformationPlan.objects.filter(description__startswith="lt-2 ").exists()


@live
def test_sign_in_with_a_wrong_password_raises(investor, live_server):
    with pytest.raises(RuntimeError):
        _browser(live_server).sign_in(investor[0].username, "wrong-password")


@live
def test_every_read_of_the_mix_answers_200(live_server):
    utrecht = Municipality.objects.get(code="GM0344")
    haarlem = Municipality.objects.filter(province__code="PV27").order_by("code")[0]
    in_utrecht = BuildingFactory(municipality=utrecht)
    in_haarlem = BuildingFactory(municipality=haarlem)
    for building in (in_utrecht, in_haarlem):
        VacancyRecordFactory(building=building)
    for username, organisation in (
        ("utrecht.ambtenaar", OrganisationFactory(kind="municipality", municipality=utrecht)),
        (
            "noordholland.ambtenaar",
            OrganisationFactory(kind="province", province=haarlem.province),
        ),
    ):
        user = UserFactory(username=username, password=scenarios.DEMO_PASSWORD)
        role = Role.MUNICIPAL_OFFICER if username.startswith("utrecht") else Role.PROVINCIAL_OFFICER
        MembershipFactory(user=user, organisation=organisation, role=role)
    targets = scenarios.Targets(
        provinces=["PV26", "PV27"],
        municipalities=["GM0344", haarlem.code],
        office_regions=[],
        bag_ids=[in_utrecht.bag_id, in_haarlem.bag_id],
        officer_bag_ids={"GM0344": [in_utrecht.bag_id], "PV27": [in_haarlem.bag_id]},
        owned_bag_ids={},
        as_of="2026-09-30",
    )
    key = api_client_create(name="load test", read_only=True)[1]
    parts = urlsplit(live_server.url)
    users = scenarios.read_users(
        targets=targets, users=4, api_key=key, host=parts.hostname, port=parts.port
    )
    rng = random.Random(1)
    statuses = {}
    for user in users:
        for kind, _, pick in user.mix:
            if "office region" in kind:
                continue  # no office region in this small set
            answer = user.browser.get(kind, pick(rng), headers=user.headers)
            statuses[(user.role, kind)] = answer.status
    assert set(statuses.values()) == {200}, statuses
    assert {role for role, _ in statuses} == {"visitor", "officer", "api"}


def test_percentiles_and_rows():
    assert report.percentile([5.0, 1.0, 3.0, 2.0, 4.0], 0.5) == 3.0
    assert report.percentile([float(n) for n in range(1, 101)], 0.95) == 95.0
    samples = [Sample("a", 0, 0.1 * n, 200) for n in range(1, 11)] + [Sample("b", 0, 2.0, 500)]
    everything, a, b = report.rows(samples, seconds=10, ok=(200,))
    assert (everything.requests, everything.errors, everything.throughput) == (11, 1, 1.1)
    assert (a.label, a.errors, round(a.p50_ms)) == ("a", 0, 500)
    assert (b.label, b.errors) == ("b", 1)


class _CountingBrowser:
    """Records which connection each warm-up request went over (a new one after close())."""

    def __init__(self) -> None:
        self.connection = 0
        self.requests: list[tuple[int, str, str]] = []
        self.samples: list[Sample] = []

    def close(self) -> None:
        self.connection += 1

    def get(self, kind, path, *, headers=None):
        self.requests.append((self.connection, kind, path))
        return type("Answer", (), {"seconds": 0.01 * len(self.requests)})()


def test_the_warm_up_reaches_every_worker_over_fresh_connections():
    """Each worker of gunicorn keeps its own cache here: a kind warmed over one connection could
    leave the other worker to compute the national series under load (a p95 of 332 ms in one
    run). Every kind is asked over several connections, the same page each time."""
    browser = _CountingBrowser()
    mix = [("page: nation", 1, lambda rng: "/"), ("page: province", 1, lambda rng: "/p")]
    user = scenarios.ReadUser(0, "visitor", browser, mix)
    alone = scenarios.warm_up([user])
    for kind, _, _ in mix:
        asked = [(connection, path) for connection, k, path in browser.requests if k == kind]
        assert len({connection for connection, _ in asked}) == 1 + (
            scenarios.WARM_UP_FRESH_CONNECTIONS
        )
        assert len({path for _, path in asked}) == 1
    assert set(alone) == {"page: nation", "page: province"}
