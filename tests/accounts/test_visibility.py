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
from django.test import RequestFactory
from rest_framework.request import Request

from buildings.models import Building, RegisterImport, StructuralVacancyFlag, Unit, VacancyRecord
from buildings.selectors.plans import plans_visible_to
from buildings.selectors.transactions import transactions_visible_to
from events.models import Event
from funds.visibility import applications_visible_to
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
    "buildings.MarketTransaction": "transactions_visible_to (its model module is being extended "
    "elsewhere; a queryset can follow)",
    "funds.CompensationApplication": "the fund's managers see its applications too, which needs "
    "the user as well as the scope (applications_visible_to)",
}

# Models with an area that are not building-level data, and why anyone may list them.
PUBLIC = {
    "accounts.Organisation": "organisations are managed in the admin; their area is whom they "
    "serve, not data about a building",
    "accounts.ApiClient": "managed in the admin only; the province is the client's own scope",
    "regions.DesignatedArea": "zoning of a municipality: public reference data",
    "funds.Fund": "a fund and its figures are public money (funds.visibility); its ledger is "
    "scoped through ledger_funds_visible_to",
    "covenants.CommitmentProgress": "the covenant's progress per region is public reporting",
    "buildings.BuildingEvent": "audit events, read only through a building the caller may "
    "already see",
    "buildings.VacancyRecordEvent": "audit events, read only through a building or record the "
    "caller may already see",
    "buildings.TransformationPlanEvent": "audit events, read only through a plan the caller "
    "may already see",
    "vacancy_law.VacancyOrdinance": "a council's ordinance is published law",
}

# Reading a scope's provinces or municipalities outside the scopes module, by file and function,
# with the reason it is not an area filter of its own.
CODE_READS_ALLOWED = {
    ("dashboard/context_processors.py", "navigation"): "lists the user's own areas in the menu",
    ("dashboard/views/building.py", "_default_source"): "a municipal officer's "
    "record is the municipality's, a provincial officer's the province's",
    ("buildings/views.py", "transaction_register"): "who may register (municipal officers and "
    "owners), not what they see",
}


def _has_area(model) -> bool:
    area_targets = {*AREA_MODELS, "buildings.Building"}
    return any(
        (field.many_to_one or field.many_to_many)
        and field.concrete
        and field.related_model._meta.label in area_targets
        for field in model._meta.get_fields()
    )


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
