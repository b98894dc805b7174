"""The permission matrix of issue 6: every page and endpoint of the plans, funds, covenants,
developments and transactions workflows and of the Leegstandwet register (issue 16), for ten
roles, with the status each must get: the eight of issue 6 (anonymous, investors A and B,
officers of municipalities A and B, the fund manager, a provincial API client, an
administrator), a provincial officer signed in to the portal and a read-only provincial API
client. Both municipalities lie in the province of the officer and of the clients.

The URL patterns are enumerated from the resolver: a pattern of these namespaces (or an API
route of these resources) that is not in the matrix fails the test, so a new page cannot slip
in unchecked. Objects of others answer 404 (0 leaks), and a list that answers 200 shows a role
exactly the objects whose detail it may open. Every request runs in a savepoint that is rolled
back, so the roles do not change each other's starting point.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from buildings.services import plans as plan_services
from buildings.services.plan_documents import plan_document_add
from buildings.services.transactions import market_transaction_register
from covenants.models import Commitment, Covenant
from funds import services as fund_services
from kantorentop.accounts.services import api_client_create
from regions.services import development_project_create
from tests.accounts.matrix import LOGIN, PDF, ROLES, Case, row
from tests.accounts.matrix_vacancy_law import (
    VACANCY_LAW_API_PREFIXES,
    VACANCY_LAW_LISTS,
    VACANCY_LAW_MATRIX,
    register_objects,
)
from tests.buildings.factories import BuildingFactory, FlagFactory
from tests.funds.factories import ContributionFactory, FundFactory

pytestmark = pytest.mark.django_db

PAGE_NAMESPACES = {"plans", "funds", "covenants", "developments", "transactions", "vacancy_law"}
API_PREFIXES = (
    "transformation-plan-",
    "fund-",
    "compensation-application-",
    "commitment-",
    "development-project-",
    "market-transaction-",
    *VACANCY_LAW_API_PREFIXES,
)


def issue6_patterns() -> set[str]:
    """Every `namespace:name` of the workflow pages and API routes, from the resolver."""
    found: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:  # type: ignore[no-untyped-def]
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif (
                isinstance(pattern, URLPattern)
                and pattern.name
                and (
                    namespace in PAGE_NAMESPACES
                    or (namespace == "api" and pattern.name.startswith(API_PREFIXES))
                )
            ):
                found.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return found


# Pages: the API clients' keys mean nothing there, so they are anonymous (a redirect to sign in).
# The API: a provincial key acts as an officer of its province (docs/adr/0008); a read-only key
# reads like it and gets 403 for every write, before any lookup.
PUBLIC_PAGE = row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN_PAGE = row(LOGIN, 200, 200, 200, 200, 200, 200, LOGIN, LOGIN, 200)
OFFICER_PAGE = row(LOGIN, 404, 404, 200, 200, 404, 200, LOGIN, LOGIN, 200)
# The API: anonymous is 401, the provincial client sees its province.
PUBLIC_API = row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)
SIGNED_IN_API = row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200)
OWNER_ACTION_ON_SUBMITTED = row(401, 200, 404, 403, 404, 404, 403, 403, 403, 403)
OFFICER_ACTION_ON_SUBMITTED = row(401, 403, 404, 200, 404, 404, 403, 403, 403, 403)
OWNER_ONLY_ON_DRAFT = row(401, 200, 404, 404, 404, 404, 404, 404, 403, 404)
MANAGER_ACTION = row(401, 403, 404, 403, 404, 200, 403, 403, 403, 403)

MATRIX: dict[str, list[Case]] = {
    # --- pages: plans ---
    "plans:my-buildings": [Case("get", lambda w: "/mijn-gebouwen", SIGNED_IN_PAGE)],
    "plans:my-flags": [Case("get", lambda w: "/mijn-signaleringen", SIGNED_IN_PAGE)],
    "plans:list": [Case("get", lambda w: "/plannen", SIGNED_IN_PAGE)],
    "plans:create": [
        Case(
            "get",
            lambda w: f"/plannen/nieuw?gebouw={w.building_a.bag_id}",
            row(LOGIN, 200, 404, 404, 404, 404, 404, LOGIN, LOGIN, 404),
        )
    ],
    "plans:detail": [
        Case(
            "get",
            lambda w: f"/plannen/{w.submitted.pk}",
            row(LOGIN, 200, 404, 200, 404, 404, 200, LOGIN, LOGIN, 200),
        ),
        Case(
            "get",
            lambda w: f"/plannen/{w.draft.pk}",
            row(LOGIN, 200, 404, 404, 404, 404, 404, LOGIN, LOGIN, 404),
        ),
    ],
    "plans:edit": [
        Case(
            "get",
            lambda w: f"/plannen/{w.draft.pk}/bewerken",
            row(LOGIN, 200, 404, 404, 404, 404, 404, LOGIN, LOGIN, 404),
        )
    ],
    "plans:submit": [
        Case(
            "post",
            lambda w: f"/plannen/{w.draft.pk}/indienen",
            row(LOGIN, 302, 404, 404, 404, 404, 404, LOGIN, LOGIN, 404),
        )
    ],
    "plans:review": [
        Case(
            "post",
            lambda w: f"/plannen/{w.submitted.pk}/beoordelen",
            row(LOGIN, 403, 404, 302, 404, 404, 403, LOGIN, LOGIN, 403),
        )
    ],
    "plans:approve": [
        # Without confirmation the officer gets the confirmation page; nothing is decided.
        Case(
            "post",
            lambda w: f"/plannen/{w.submitted.pk}/goedkeuren",
            row(LOGIN, 403, 404, 200, 404, 404, 403, LOGIN, LOGIN, 403),
        ),
        Case(
            "post",
            lambda w: f"/plannen/{w.submitted.pk}/goedkeuren",
            row(LOGIN, 403, 404, 302, 404, 404, 403, LOGIN, LOGIN, 403),
            data=lambda w: {"bevestigd": "1"},
            json=False,
        ),
    ],
    "plans:request-changes": [
        Case(
            "post",
            lambda w: f"/plannen/{w.submitted.pk}/wijzigingen-vragen",
            row(LOGIN, 403, 404, 302, 404, 404, 403, LOGIN, LOGIN, 403),
            data=lambda w: {"changes": "Graag een begroting"},
            json=False,
        )
    ],
    "plans:reject": [
        Case(
            "post",
            lambda w: f"/plannen/{w.submitted.pk}/afwijzen",
            row(LOGIN, 403, 404, 302, 404, 404, 403, LOGIN, LOGIN, 403),
            data=lambda w: {"reasons": "Onvoldoende onderbouwd"},
            json=False,
        )
    ],
    "plans:withdraw": [
        Case(
            "post",
            lambda w: f"/plannen/{w.submitted.pk}/intrekken",
            row(LOGIN, 302, 404, 403, 404, 404, 403, LOGIN, LOGIN, 403),
        )
    ],
    "plans:start": [
        Case(
            "post",
            lambda w: f"/plannen/{w.approved.pk}/starten",
            row(LOGIN, 302, 404, 403, 404, 404, 403, LOGIN, LOGIN, 403),
        )
    ],
    "plans:complete": [
        Case(
            "post",
            lambda w: f"/plannen/{w.in_progress.pk}/afronden",
            row(LOGIN, 302, 404, 403, 404, 404, 403, LOGIN, LOGIN, 403),
            data=lambda w: {"completed_on": datetime.date.today().isoformat()},
            json=False,
        )
    ],
    "plans:comment": [
        Case(
            "post",
            lambda w: f"/plannen/{w.submitted.pk}/opmerking",
            row(LOGIN, 302, 404, 302, 404, 404, 403, LOGIN, LOGIN, 403),
            data=lambda w: {"text": "Een vraag"},
            json=False,
        )
    ],
    "plans:document-upload": [
        Case(
            "post",
            lambda w: f"/plannen/{w.draft.pk}/documenten",
            row(LOGIN, 302, 404, 404, 404, 404, 404, LOGIN, LOGIN, 404),
            data=lambda w: {"file": SimpleUploadedFile("plan.pdf", PDF)},
            json=False,
        )
    ],
    "plans:document": [
        Case(
            "get",
            lambda w: f"/plannen/documenten/{w.document.pk}",
            row(LOGIN, 200, 404, 200, 404, 404, 200, LOGIN, LOGIN, 200),
        )
    ],
    # --- pages: funds ---
    "funds:list": [Case("get", lambda w: "/fondsen", PUBLIC_PAGE)],
    "funds:detail": [Case("get", lambda w: f"/fondsen/{w.fund.pk}", PUBLIC_PAGE)],
    "funds:report": [Case("get", lambda w: "/fondsen/rapportage", PUBLIC_PAGE)],
    "funds:report-csv": [Case("get", lambda w: "/fondsen/rapportage.csv", PUBLIC_PAGE)],
    "funds:ledger": [
        Case(
            "get",
            lambda w: f"/fondsen/{w.fund.pk}/grootboek",
            row(LOGIN, 404, 404, 200, 200, 200, 200, LOGIN, LOGIN, 200),
        )
    ],
    "funds:applications": [Case("get", lambda w: "/fondsen/aanvragen", SIGNED_IN_PAGE)],
    "funds:application-create": [
        Case(
            "get",
            lambda w: f"/fondsen/aanvragen/nieuw?fonds={w.fund.pk}",
            row(LOGIN, 200, 200, 404, 404, 404, 404, LOGIN, LOGIN, 404),
        )
    ],
    "funds:application": [
        Case(
            "get",
            lambda w: f"/fondsen/aanvragen/{w.application.pk}",
            row(LOGIN, 200, 404, 200, 404, 200, 200, LOGIN, LOGIN, 200),
        )
    ],
    "funds:application-action": [
        Case(
            "post",
            lambda w: f"/fondsen/aanvragen/{w.application.pk}/beoordelen",
            row(LOGIN, 403, 404, 403, 404, 302, 403, LOGIN, LOGIN, 403),
        ),
        # Without confirmation the manager gets the confirmation page; nothing is paid.
        Case(
            "post",
            lambda w: f"/fondsen/aanvragen/{w.approved_application.pk}/uitbetalen",
            row(LOGIN, 403, 404, 403, 404, 200, 403, LOGIN, LOGIN, 403),
        ),
        Case(
            "post",
            lambda w: f"/fondsen/aanvragen/{w.approved_application.pk}/uitbetalen",
            row(LOGIN, 403, 404, 403, 404, 302, 403, LOGIN, LOGIN, 403),
            data=lambda w: {"bevestigd": "1"},
            json=False,
        ),
    ],
    # --- pages: covenant, developments, transactions ---
    "covenants:scoreboard": [Case("get", lambda w: "/convenant", PUBLIC_PAGE)],
    "covenants:commitment": [
        Case("get", lambda w: f"/convenant/afspraken/{w.commitment.pk}", PUBLIC_PAGE)
    ],
    "covenants:commitment-progress": [
        Case(
            "post",
            lambda w: f"/convenant/afspraken/{w.commitment.pk}/voortgang",
            row(LOGIN, 403, 403, 302, 302, 403, 302, LOGIN, LOGIN, 302),
            data=lambda w: {"office_region": w.region.pk, "status": "in_progress"},
            json=False,
        )
    ],
    "developments:list": [Case("get", lambda w: "/ontwikkelingen", OFFICER_PAGE)],
    "developments:create": [Case("get", lambda w: "/ontwikkelingen/nieuw", OFFICER_PAGE)],
    "transactions:statistics": [Case("get", lambda w: "/transacties", PUBLIC_PAGE)],
    "transactions:register": [
        Case(
            "get",
            lambda w: "/transacties/registreren",
            row(LOGIN, 200, 200, 200, 200, 404, 404, LOGIN, LOGIN, 404),
        )
    ],
    # --- API: transformation plans and their documents ---
    "api:transformation-plan-list": [
        Case("get", lambda w: "/api/v1/transformation-plans", SIGNED_IN_API),
        Case(
            "post",
            lambda w: "/api/v1/transformation-plans",
            row(401, 201, 400, 403, 400, 400, 403, 403, 403, 403),
            data=lambda w: {"bagId": w.building_a.bag_id, "kind": "demolition"},
        ),
    ],
    "api:transformation-plan-detail": [
        Case(
            "get",
            lambda w: f"/api/v1/transformation-plans/{w.submitted.pk}",
            row(401, 200, 404, 200, 404, 404, 200, 200, 200, 200),
        ),
        Case(
            "patch",
            lambda w: f"/api/v1/transformation-plans/{w.draft.pk}",
            OWNER_ONLY_ON_DRAFT,
            data=lambda w: {"description": "Nieuw"},
        ),
    ],
    "api:transformation-plan-submit": [
        Case(
            "post",
            lambda w: f"/api/v1/transformation-plans/{w.draft.pk}/_submit",
            OWNER_ONLY_ON_DRAFT,
        )
    ],
    "api:transformation-plan-start-review": [
        Case(
            "post",
            lambda w: f"/api/v1/transformation-plans/{w.submitted.pk}/_review",
            OFFICER_ACTION_ON_SUBMITTED,
        )
    ],
    "api:transformation-plan-approve": [
        Case(
            "post",
            lambda w: f"/api/v1/transformation-plans/{w.submitted.pk}/_approve",
            OFFICER_ACTION_ON_SUBMITTED,
        )
    ],
    "api:transformation-plan-reject": [
        Case(
            "post",
            lambda w: f"/api/v1/transformation-plans/{w.submitted.pk}/_reject",
            OFFICER_ACTION_ON_SUBMITTED,
            data=lambda w: {"reasons": "Onvoldoende"},
        )
    ],
    "api:transformation-plan-request-changes": [
        Case(
            "post",
            lambda w: f"/api/v1/transformation-plans/{w.submitted.pk}/_return",
            OFFICER_ACTION_ON_SUBMITTED,
            data=lambda w: {"reasons": "Graag een begroting"},
        )
    ],
    "api:transformation-plan-withdraw": [
        Case(
            "post",
            lambda w: f"/api/v1/transformation-plans/{w.submitted.pk}/_withdraw",
            OWNER_ACTION_ON_SUBMITTED,
        )
    ],
    "api:transformation-plan-start": [
        Case(
            "post",
            lambda w: f"/api/v1/transformation-plans/{w.approved.pk}/_start",
            OWNER_ACTION_ON_SUBMITTED,
        )
    ],
    "api:transformation-plan-complete": [
        Case(
            "post",
            lambda w: f"/api/v1/transformation-plans/{w.in_progress.pk}/_complete",
            OWNER_ACTION_ON_SUBMITTED,
            data=lambda w: {"completedOn": datetime.date.today().isoformat()},
        )
    ],
    "api:transformation-plan-document-list": [
        Case(
            "get",
            lambda w: f"/api/v1/transformation-plans/{w.submitted.pk}/documents",
            row(401, 200, 404, 200, 404, 404, 200, 200, 200, 200),
        ),
        Case(
            "post",
            lambda w: f"/api/v1/transformation-plans/{w.draft.pk}/documents",
            row(401, 201, 404, 404, 404, 404, 404, 403, 403, 404),
            data=lambda w: {"file": SimpleUploadedFile("plan.pdf", PDF)},
            json=False,
        ),
    ],
    "api:transformation-plan-document-detail": [
        Case(
            "get",
            lambda w: f"/api/v1/transformation-plans/{w.submitted.pk}/documents/{w.document.pk}",
            row(401, 200, 404, 200, 404, 404, 200, 200, 200, 200),
        ),
    ],
    # --- API: funds and applications ---
    "api:fund-list": [Case("get", lambda w: "/api/v1/funds", PUBLIC_API)],
    "api:fund-detail": [Case("get", lambda w: f"/api/v1/funds/{w.fund.pk}", PUBLIC_API)],
    "api:fund-ledger-entry-list": [
        Case(
            "get",
            lambda w: f"/api/v1/funds/{w.fund.pk}/ledger-entries",
            row(401, 404, 404, 200, 200, 200, 200, 200, 200, 200),
        ),
        Case(
            "post",
            lambda w: f"/api/v1/funds/{w.fund.pk}/ledger-entries",
            row(401, 404, 404, 403, 403, 201, 403, 403, 403, 403),
            data=lambda w: {
                "kind": "contribution",
                "amountEur": "25.00",
                "bookedOn": "2024-01-02",
                "description": "Bijdrage",
            },
        ),
    ],
    "api:compensation-application-list": [
        Case("get", lambda w: "/api/v1/compensation-applications", SIGNED_IN_API),
        Case(
            "post",
            lambda w: "/api/v1/compensation-applications",
            row(401, 201, 400, 403, 400, 400, 403, 403, 403, 403),
            data=lambda w: {
                "fund": w.fund.pk,
                "bagId": w.building_a.bag_id,
                "kind": "sanitation",
                "officeM2Withdrawn": 100,
                "amountRequestedEur": "10.00",
            },
        ),
    ],
    "api:compensation-application-detail": [
        Case(
            "get",
            lambda w: f"/api/v1/compensation-applications/{w.application.pk}",
            row(401, 200, 404, 200, 404, 200, 200, 200, 200, 200),
        )
    ],
    "api:compensation-application-review": [
        Case(
            "post",
            lambda w: f"/api/v1/compensation-applications/{w.application.pk}/_review",
            MANAGER_ACTION,
        )
    ],
    "api:compensation-application-approve": [
        Case(
            "post",
            lambda w: f"/api/v1/compensation-applications/{w.application.pk}/_approve",
            MANAGER_ACTION,
            data=lambda w: {"amountGrantedEur": "5.00"},
        )
    ],
    "api:compensation-application-reject": [
        Case(
            "post",
            lambda w: f"/api/v1/compensation-applications/{w.application.pk}/_reject",
            MANAGER_ACTION,
            data=lambda w: {"reasons": "Buiten de regeling"},
        )
    ],
    "api:compensation-application-pay": [
        Case(
            "post",
            lambda w: f"/api/v1/compensation-applications/{w.approved_application.pk}/_pay",
            MANAGER_ACTION,
        )
    ],
    # --- API: commitments ---
    "api:commitment-list": [Case("get", lambda w: "/api/v1/commitments", PUBLIC_API)],
    "api:commitment-detail": [
        Case("get", lambda w: f"/api/v1/commitments/{w.commitment.pk}", PUBLIC_API)
    ],
    "api:commitment-progress-list": [
        Case("get", lambda w: f"/api/v1/commitments/{w.commitment.pk}/progress", PUBLIC_API),
        Case(
            "post",
            lambda w: f"/api/v1/commitments/{w.commitment.pk}/progress",
            row(401, 403, 403, 201, 201, 403, 201, 201, 403, 201),
            data=lambda w: {"officeRegion": w.region.slug, "status": "in_progress"},
        ),
    ],
    # --- API: developments ---
    "api:development-project-list": [
        Case("get", lambda w: "/api/v1/development-projects", SIGNED_IN_API),
        Case(
            "post",
            lambda w: "/api/v1/development-projects",
            row(401, 403, 403, 201, 403, 403, 201, 201, 403, 201),
            data=lambda w: {
                "name": "Nieuw kantoor",
                "municipality": w.world.municipality_a.code,
                "officeAreaM2": 2000,
            },
        ),
    ],
    "api:development-project-detail": [
        Case(
            "get",
            lambda w: f"/api/v1/development-projects/{w.development.pk}",
            row(401, 404, 404, 200, 404, 404, 200, 200, 200, 200),
        )
    ],
    # --- API: transactions ---
    "api:market-transaction-list": [
        Case("get", lambda w: "/api/v1/market-transactions", SIGNED_IN_API),
        Case(
            "post",
            lambda w: "/api/v1/market-transactions",
            row(401, 201, 400, 201, 400, 400, 403, 403, 403, 403),
            data=lambda w: {
                "bagId": w.building_a.bag_id,
                "kind": "sale",
                "transactionDate": "2024-01-02",
                "areaM2": 100,
                "priceEur": "100000.00",
            },
        ),
    ],
    "api:market-transaction-detail": [
        Case(
            "get",
            lambda w: f"/api/v1/market-transactions/{w.market_transaction.pk}",
            row(401, 200, 404, 200, 404, 404, 200, 200, 200, 200),
        )
    ],
    "api:market-transaction-statistics-list": [
        Case("get", lambda w: "/api/v1/market-transaction-statistics", PUBLIC_API)
    ],
    # --- the Leegstandwet register (issue 16): tests/accounts/matrix_vacancy_law.py ---
    **VACANCY_LAW_MATRIX,
}


@dataclass
class Objects:
    world: object
    region: object
    building_a: object
    draft: object
    submitted: object
    approved: object
    in_progress: object
    document: object
    fund: object
    application: object
    approved_application: object
    commitment: object
    development: object
    market_transaction: object
    register: object


@pytest.fixture
def objects(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    investor, officer = world.investor_a_user, world.officer_a

    def building():
        return BuildingFactory(municipality=world.municipality_a, owner=world.investor_a)

    building_a = building()
    FlagFactory(building=building_a)
    submitted = plan_services.plan_create(user=investor, building=building_a, kind="demolition")
    document = plan_document_add(
        plan=submitted, user=investor, uploaded_file=SimpleUploadedFile("plan.pdf", PDF)
    )
    plan_services.plan_submit(plan=submitted, user=investor)
    draft = plan_services.plan_create(user=investor, building=building(), kind="renovation")
    approved = plan_services.plan_create(user=investor, building=building(), kind="renovation")
    plan_services.plan_submit(plan=approved, user=investor)
    plan_services.plan_approve(plan=approved, user=officer)
    in_progress = plan_services.plan_create(user=investor, building=building(), kind="renovation")
    plan_services.plan_submit(plan=in_progress, user=investor)
    plan_services.plan_approve(plan=in_progress, user=officer)
    plan_services.plan_start(plan=in_progress, user=investor)

    region = world.municipality_a.office_region
    fund = FundFactory(office_region=region, manager=world.fund_org)
    ContributionFactory(fund=fund, amount_eur=Decimal("1000.00"))

    def apply():
        return fund_services.compensation_application_submit(
            user=investor,
            fund=fund,
            building=building_a,
            kind="sanitation",
            office_m2_withdrawn=100,
            amount_requested_eur=Decimal("50.00"),
        )

    application = apply()
    approved_application = fund_services.compensation_application_approve(
        application=apply(), user=world.fund_manager, amount_granted_eur=Decimal("40.00")
    )
    commitment = Commitment.objects.create(
        covenant=Covenant.objects.first()
        or Covenant.objects.create(
            slug="test",
            title_nl="t",
            title_en="t",
            signed_on=datetime.date(2012, 6, 27),
            term_years=5,
        ),
        code="matrix-test",
        party_category="government",
        title_nl="Test",
        title_en="Test",
        text_nl="Test",
        text_en="Test",
        per_region=True,
    )
    development = development_project_create(
        user=officer, municipality=world.municipality_a, name="Kantoorpark", office_area_m2=3000
    )
    market_transaction = market_transaction_register(
        user=officer,
        building=building_a,
        kind="sale",
        transaction_date=datetime.date(2024, 1, 1),
        area_m2=100,
        price_eur=Decimal("100000.00"),
    )
    return Objects(
        world=world,
        region=region,
        building_a=building_a,
        draft=draft,
        submitted=submitted,
        approved=approved,
        in_progress=in_progress,
        document=document,
        fund=fund,
        application=application,
        approved_application=approved_application,
        commitment=commitment,
        development=development,
        market_transaction=market_transaction,
        register=register_objects(world),
    )


@pytest.fixture
def clients(world) -> dict[str, Client]:
    def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(user)
        return client

    admin = get_user_model().objects.create_superuser("beheer-matrix", "b@example.org", "x" * 20)
    province = world.municipality_a.province.code
    key = api_client_create(name="Provincie", province_code=province)[1]
    read_only_key = api_client_create(
        name="Provincie alleen lezen", province_code=province, read_only=True
    )[1]
    return {
        "anonymous": Client(),
        "investor_a": signed_in(world.investor_a_user),
        "investor_b": signed_in(world.investor_b_user),
        "officer_a": signed_in(world.officer_a),
        "officer_b": signed_in(world.officer_b),
        "fund_manager": signed_in(world.fund_manager),
        "provincial_officer": signed_in(world.provincial_officer),
        "provincial_client": Client(HTTP_AUTHORIZATION=f"Token {key}"),
        "read_only_client": Client(HTTP_AUTHORIZATION=f"Token {read_only_key}"),
        "administrator": signed_in(admin),
    }


def test_every_workflow_pattern_is_in_the_matrix():
    patterns = issue6_patterns()
    assert patterns, "no workflow patterns found: the namespaces changed"
    assert sorted(patterns - set(MATRIX)) == [], "unmapped patterns: add them to MATRIX"
    assert sorted(set(MATRIX) - patterns) == [], "the matrix names patterns that do not exist"


def _request(client: Client, case: Case, objects: Objects):
    url = case.url(objects)
    data = case.data(objects) if case.data else None
    method = getattr(client, case.method)
    if data is None:
        return method(url)
    if case.json:
        return method(url, data, content_type="application/json")
    return method(url, data)


def _status(response) -> object:  # type: ignore[no-untyped-def]
    if response.status_code == 302 and response["Location"].startswith("/inloggen"):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(name, objects, clients):
    failures = []
    for case in MATRIX[name]:
        for role in ROLES:
            # A savepoint per request, rolled back: no role sees another's changes.
            with transaction.atomic():
                response = _request(clients[role], case, objects)
                transaction.set_rollback(True)
            got = _status(response)
            if got != case.expected[role]:
                failures.append(
                    f"{case.method.upper()} {case.url(objects)} as {role}: "
                    f"expected {case.expected[role]}, got {got}"
                )
    assert failures == []


# The lists: a 200 must not leak either. Each object a list shows must be one the role may open
# (its detail answers 200 in the matrix above), and each one it may open is listed.
LISTS: list[tuple[str, str, tuple[str, int] | None]] = [
    # (list URL, the object's attribute on Objects, the matrix case of its detail or None for
    # the owner's members only)
    ("/api/v1/transformation-plans", "submitted", ("api:transformation-plan-detail", 0)),
    ("/api/v1/transformation-plans", "draft", None),
    ("/plannen", "submitted", ("plans:detail", 0)),
    ("/plannen", "draft", ("plans:detail", 1)),
    (
        "/api/v1/compensation-applications",
        "application",
        ("api:compensation-application-detail", 0),
    ),
    ("/fondsen/aanvragen", "application", ("funds:application", 0)),
    ("/api/v1/development-projects", "development", ("api:development-project-detail", 0)),
    ("/ontwikkelingen", "development", ("api:development-project-detail", 0)),
    ("/api/v1/market-transactions", "market_transaction", ("api:market-transaction-detail", 0)),
    *VACANCY_LAW_LISTS,
]
DETAIL_PAGES = {
    "/plannen": "/plannen/{pk}",
    "/fondsen/aanvragen": "/fondsen/aanvragen/{pk}",
    "/leegstandwet": "/leegstandwet/zaken/{pk}",
}


def _listed(response, url: str, obj) -> bool:  # type: ignore[no-untyped-def]
    if url.startswith("/api/"):
        return obj.pk in {row["id"] for row in response.json()["results"]}
    content = response.content.decode()
    if url in DETAIL_PAGES:
        return f'href="{DETAIL_PAGES[url].format(pk=obj.pk)}"' in content
    return f">{obj.name}<" in content


@pytest.mark.parametrize(("url", "attribute", "detail"), LISTS)
def test_lists_show_exactly_what_each_role_may_open(url, attribute, detail, objects, clients):
    obj = attrgetter(attribute)(objects)
    if detail is None:
        may_open = {"investor_a"}
    else:
        expected = MATRIX[detail[0]][detail[1]].expected
        may_open = {role for role, status in expected.items() if status == 200}
    failures = []
    for role in ROLES:
        response = clients[role].get(url)
        if response.status_code != 200:
            continue  # refused altogether: the matrix checks that status
        listed = _listed(response, url, obj)
        if listed != (role in may_open):
            failures.append(f"{url} as {role}: listed={listed}, may open={role in may_open}")
    assert failures == []
