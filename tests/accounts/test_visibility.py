"""Who may see what has one home: `kantorentop.accounts.scopes.area_condition` turns a scope into
an area condition, and every list of building-level data goes through a `visible_to` built on it.

Three guards: every model with an area is classified (scoped, or public with a reason), so a new
model cannot slip past; every API list of a scoped model filters by the caller's scope; and no
code outside the scopes module reads a scope's provinces and municipalities to build its own area
filter (a copy of the rule is how one place gets forgotten and leaks).
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import EmptyResultSet
from django.test import RequestFactory
from rest_framework.request import Request

from buildings.models import Building, RegisterImport, StructuralVacancyFlag, Unit, VacancyRecord
from buildings.selectors.plans import plans_visible_to
from buildings.selectors.transactions import transactions_visible_to
from events.models import Event
from funds.selectors import applications_visible_to
from kantorentop.accounts.scopes import Scope
from regions.models import DevelopmentProject
from vacancy_law.models import RecordDispute, VacancyCase, VacancyReport

ROOT = Path(__file__).resolve().parents[2]
AREA_MODELS = ("regions.Municipality", "regions.Province", "regions.OfficeRegion")

# A scope whose codes exist nowhere else, so its condition can be found in the SQL.
SENTINEL_MUNICIPALITY = "GMSENTINEL7"
SENTINEL_PROVINCE = "PVSENTINEL7"
SENTINEL = Scope(
    municipality_codes=frozenset({SENTINEL_MUNICIPALITY}),
    province_codes=frozenset({SENTINEL_PROVINCE}),
)

# Building-level data: each model's lists go through this (built on area_condition).
SCOPED = {
    "buildings.Building": lambda scope: Building.objects.visible_to(scope),
    "buildings.VacancyRecord": lambda scope: VacancyRecord.objects.visible_to(scope),
    "buildings.StructuralVacancyFlag": lambda scope: StructuralVacancyFlag.objects.visible_to(
        scope
    ),
    "buildings.MarketTransaction": transactions_visible_to,
    "buildings.TransformationPlan": plans_visible_to,
    "funds.CompensationApplication": lambda scope: applications_visible_to(
        scope=scope, user=AnonymousUser()
    ),
    "regions.DevelopmentProject": lambda scope: DevelopmentProject.objects.visible_to(scope),
    "buildings.Unit": lambda scope: Unit.objects.visible_to(scope),
    # A register import's report names panden and buildings of its municipality.
    "buildings.RegisterImport": lambda scope: RegisterImport.objects.visible_to(scope),
    # The feed: an event is its object's (municipality, owner), an import's those it changed.
    "events.Event": lambda scope: Event.objects.visible_to(scope),
    "vacancy_law.VacancyCase": lambda scope: VacancyCase.objects.visible_to(scope),
    "vacancy_law.VacancyReport": lambda scope: VacancyReport.objects.visible_to(scope),
    "vacancy_law.RecordDispute": lambda scope: RecordDispute.objects.visible_to(scope),
}

# Scoped models that a province or the nation reads only as aggregates: their condition is
# built on `municipal_condition` (the municipality's own officers), never on a province's codes.
MUNICIPAL_ONLY = {
    "vacancy_law.VacancyCase": "a Leegstandwet case is the mayor and aldermen's business; "
    "provinces read counts per municipality",
    "vacancy_law.VacancyReport": "a report opens such a case",
    "vacancy_law.RecordDispute": "the municipality decides a dispute of a record",
}

# Scoped models whose visibility is a selector rather than a `visible_to` on their queryset, and
# why. Every other scoped model's default manager answers `visible_to(scope)`.
SELECTOR_ONLY = {
    "buildings.TransformationPlan": "a draft is its owner's alone: plans_visible_to adds the "
    "submission to the area condition",
}

# Models with an area that are not building-level data, and why anyone may list them.
PUBLIC = {
    "accounts.Organisation": "organisations are managed in the admin; their area is whom they "
    "serve, not data about a building",
    "accounts.ApiClient": "managed in the admin only; the province is the client's own scope",
    "regions.DesignatedArea": "zoning of a municipality: public reference data",
    "funds.Fund": "a fund and its figures are public money (funds.querysets); its ledger is "
    "scoped through ledger_funds_visible_to",
    "covenants.CommitmentProgress": "the covenant's progress per region is public reporting",
    "buildings.BuildingEvent": "audit events, read only through a building the caller may "
    "already see",
    "buildings.VacancyRecordEvent": "audit events, read only through a building or record the "
    "caller may already see",
    "buildings.TransformationPlanEvent": "audit events, read only through a plan the caller "
    "may already see",
    "vacancy_law.VacancyOrdinance": "a council's ordinance is published law",
    "regions.RegionalVision": "an office region's vision and targets: region-level, shown on the "
    "public region page",
}

# Models without an area of their own that hang from a scoped model (a plan's documents, a case's
# letters): what they show is read only through their parent, which its visible_to limits.
THROUGH_PARENT = {
    "buildings.PlanDocument": "downloaded through plan_document_for_download, which asks the "
    "plan's scope condition",
    "buildings.PlanComment": "shown on its plan's page and API, reached through plans_visible_to",
    "buildings.RegisterImportLine": "the report of an import, reached through "
    "RegisterImport.objects.visible_to",
    "vacancy_law.CaseLetter": "a case's letters, reached through VacancyCase.objects.visible_to",
    "funds.LedgerEntry": "a fund's ledger, shown only for the funds of ledger_funds_visible_to",
    "webhooks.Delivery": "made only for events in Event.objects.visible_to(the owner's scope) "
    "and shown only to the subscription's owner (webhooks.selectors.deliveries_of)",
}

# Reading a scope's provinces or municipalities outside the scopes module, by file and function,
# with the reason it is not an area filter of its own.
CODE_READS_ALLOWED = {
    ("dashboard/context_processors.py", "navigation"): "lists the user's own areas in the menu",
    ("buildings/views/building.py", "_default_source"): "a municipal officer's "
    "record is the municipality's, a provincial officer's the province's",
    ("buildings/views/transactions.py", "transaction_register"): "who may register (municipal "
    "officers and owners), not what they see",
}


def _related_labels(model) -> set[str]:
    """The models that `model` points to (foreign keys, one-to-one and many-to-many fields)."""
    return {
        field.related_model._meta.label
        for field in model._meta.get_fields()
        if (field.many_to_one or field.one_to_one or field.many_to_many) and field.concrete
    }


def _has_area(model) -> bool:
    return bool(_related_labels(model) & {*AREA_MODELS, "buildings.Building"})


def test_every_model_with_an_area_is_scoped_or_public_with_a_reason():
    with_area = {
        model._meta.label
        for model in apps.get_models()
        if model._meta.label not in AREA_MODELS and _has_area(model)
    }
    unclassified = with_area - set(SCOPED) - set(PUBLIC)
    assert not unclassified, (
        f"{sorted(unclassified)} have an area: give each a visible_to built on area_condition "
        "and list it in SCOPED, or list it in PUBLIC with the reason anyone may see it"
    )
    assert not (set(SCOPED) | set(PUBLIC)) - with_area, "a classified model lost its area"


def test_every_model_under_a_scoped_model_is_classified():
    """A model without an area that points to a scoped one (a plan's documents) shows what its
    parent's scope hides unless it is read through the parent: each says how it is."""
    under_scoped = {
        model._meta.label
        for model in apps.get_models()
        if model._meta.label not in SCOPED
        and model._meta.label not in PUBLIC
        and not _has_area(model)
        and _related_labels(model) & set(SCOPED)
    }
    unclassified = under_scoped - set(THROUGH_PARENT)
    assert not unclassified, (
        f"{sorted(unclassified)} hang from scoped models: give each a visible_to (SCOPED) or "
        "list it in THROUGH_PARENT with the way its rows are reached"
    )
    assert not set(THROUGH_PARENT) - under_scoped, "a THROUGH_PARENT model changed its parent"


def test_the_enumeration_sees_every_kind_of_relation():
    """A model with an area by a one-to-one field counts as well (regions.RegionalVision has
    one to its office region): a new model cannot slip past by the kind of its field."""
    vision = apps.get_model("regions.RegionalVision")
    assert _has_area(vision)


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(SCOPED))
def test_each_scoped_list_is_limited_to_the_scope(label):
    queryset = SCOPED[label](SENTINEL)
    assert queryset.model._meta.label == label
    sql = str(queryset.query)
    assert SENTINEL_MUNICIPALITY in sql
    assert (SENTINEL_PROVINCE in sql) != (label in MUNICIPAL_ONLY)


@pytest.mark.parametrize("label", sorted(SCOPED))
def test_scoped_querysets_answer_visible_to(label):
    manager = apps.get_model(label)._default_manager
    assert hasattr(manager, "visible_to") or label in SELECTOR_ONLY, (
        f"{label}: give its queryset a visible_to(scope) built on area_condition"
    )


def _api_querysets():
    from config.api_urls import router

    for prefix, viewset, _basename in router.registry:
        if not hasattr(viewset, "get_queryset"):
            continue
        request = Request(RequestFactory().get(f"/api/v1/{prefix}"))
        request._kantorentop_scope = SENTINEL
        request.user = AnonymousUser()
        view = viewset(request=request, action="list", kwargs={}, args=(), format_kwarg=None)
        try:
            queryset = view.get_queryset()
        except (KeyError, AssertionError, AttributeError):
            # A nested list (its parent from the URL) or a view without a model queryset.
            continue
        if hasattr(queryset, "query"):  # not a computed list of aggregates
            yield prefix, queryset


@pytest.mark.django_db
def test_every_api_list_of_building_level_data_goes_through_the_scope():
    checked = set()
    for prefix, queryset in _api_querysets():
        label = queryset.model._meta.label
        if label in PUBLIC or label not in SCOPED:
            continue
        checked.add(label)
        sql = str(queryset.query)
        province = SENTINEL_PROVINCE in sql or label in MUNICIPAL_ONLY
        assert SENTINEL_MUNICIPALITY in sql and province, (
            f"/api/v1/{prefix} lists {label} without the caller's scope"
        )
    assert checked >= {
        "buildings.Building",
        "buildings.StructuralVacancyFlag",
        "buildings.MarketTransaction",
        "buildings.TransformationPlan",
        "funds.CompensationApplication",
        "regions.DevelopmentProject",
        "vacancy_law.VacancyCase",
        "vacancy_law.VacancyReport",
        "vacancy_law.RecordDispute",
    }


def _code_files():
    for package in (
        "kantorentop",
        "buildings",
        "events",
        "regions",
        "funds",
        "covenants",
        "vacancy_law",
        "webhooks",
        "dashboard",
        "config",
    ):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_area_filter_is_built_outside_the_scopes_module():
    found = []
    for path in _code_files():
        relative = path.relative_to(ROOT).as_posix()
        if relative == "kantorentop/accounts/scopes.py":
            continue
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Attribute)
                    and node.attr in {"province_codes", "municipality_codes"}
                    and (relative, function.name) not in CODE_READS_ALLOWED
                ):
                    found.append(f"{relative}:{node.lineno} in {function.name}")
    assert not found, (
        "Build the area condition with kantorentop.accounts.scopes.area_condition (or ask the "
        f"Scope: is_officer, covers) instead of reading the scope's codes: {sorted(set(found))}"
    )


# Pages without parameters that do not list building-level data of the caller's own, and why.
PAGES_WITHOUT_A_SCOPED_LIST: dict[str, str] = {}


def _page_url_names(resolver=None, prefix=""):
    """The names of the pages (not the API) that take no URL parameter."""
    from django.urls import URLPattern, URLResolver, get_resolver

    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            if "api" not in str(entry.pattern):
                yield from _page_url_names(entry, namespace)
        elif (
            isinstance(entry, URLPattern)
            and entry.name
            and not entry.pattern.converters
            and not entry.pattern.regex.groupindex
        ):
            yield f"{prefix}{entry.name}"


def _querysets_in(value, depth=0):
    """The querysets a page's context holds, also inside a Paginator's page, lists and dicts."""
    from django.core.paginator import Page
    from django.db.models import QuerySet

    if depth > 3:
        return
    if isinstance(value, QuerySet):
        yield value
    elif isinstance(value, Page):
        yield from _querysets_in(value.object_list, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _querysets_in(item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value[:5]:
            yield from _querysets_in(item, depth + 1)


@pytest.fixture
def sentinel_officer(client):
    """A signed-in officer of the sentinel municipality and the sentinel province: every list of
    building-level data a page shows them is filtered by these codes."""
    from kantorentop.accounts.choices import OrganisationKind, Role
    from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
    from tests.regions.factories import MunicipalityFactory, ProvinceFactory

    province = ProvinceFactory(code=PAGE_PROVINCE)
    municipality = MunicipalityFactory(code=PAGE_MUNICIPALITY, province=province)
    user = UserFactory()
    for kind, role, area in (
        (OrganisationKind.MUNICIPALITY, Role.MUNICIPAL_OFFICER, {"municipality": municipality}),
        (OrganisationKind.PROVINCE, Role.PROVINCIAL_OFFICER, {"province": province}),
    ):
        MembershipFactory(user=user, role=role, organisation=OrganisationFactory(kind=kind, **area))
    client.force_login(user)
    return client


# A municipality code no other test data uses (GM9xxx are test codes), in a real province.
PAGE_MUNICIPALITY = "GM9977"
PAGE_PROVINCE = "PV31"


@pytest.mark.django_db
def test_every_page_list_of_building_level_data_goes_through_the_scope(sentinel_officer):
    from django.urls import reverse

    checked, leaks = set(), []
    for name in sorted(set(_page_url_names())):
        if name in PAGES_WITHOUT_A_SCOPED_LIST or name.startswith(("admin:", "djdt:")):
            continue
        response = sentinel_officer.get(reverse(name))
        for context in response.context or []:
            for queryset in _querysets_in(context.flatten()):
                label = queryset.model._meta.label
                if label not in SCOPED:
                    continue
                checked.add(label)
                try:
                    sql = str(queryset.query)
                except EmptyResultSet:  # a condition Django knows to match nothing
                    continue
                if PAGE_MUNICIPALITY not in sql:
                    leaks.append(f"{name} lists {label} without the visitor's scope")
    assert not leaks, leaks
    assert checked, "no page listed building-level data: the check reads nothing"


def _refuses_non_officers(node: ast.AST) -> bool:
    """`if not <scope>.is_officer: raise Http404`: a page's own copy of officer_request_scope."""
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.UnaryOp)
        and isinstance(node.test.op, ast.Not)
        and isinstance(node.test.operand, ast.Attribute)
        and node.test.operand.attr == "is_officer"
        and any(
            isinstance(statement, ast.Raise) and "Http404" in ast.unparse(statement)
            for statement in node.body
        )
    )


def test_officer_pages_take_their_scope_from_one_function():
    copies = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in _code_files()
        if path.relative_to(ROOT).as_posix() != "kantorentop/accounts/scopes.py"
        for node in ast.walk(ast.parse(path.read_text()))
        if _refuses_non_officers(node)
    ]
    assert not copies, f"use kantorentop.accounts.scopes.officer_request_scope: {copies}"


def test_a_scopes_reach_is_its_areas_not_its_owner():
    from kantorentop.accounts.scopes import Scope

    utrecht = frozenset({"PV26"})
    officer = Scope(province_codes=utrecht, user_id=1)
    colleague = Scope(province_codes=utrecht, user_id=2, owner_organisation_ids=frozenset({7}))
    assert officer.reach() == colleague.reach()
    assert officer.reach() != Scope(province_codes=frozenset({"PV27"}), user_id=1).reach()
    assert officer.reach() != Scope(municipality_codes=frozenset({"GM0344"}), user_id=1).reach()
    assert Scope(national=True).reach() != Scope().reach()
