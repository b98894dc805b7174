"""The domain's limits are in the OpenAPI document (issue 11, item 18), so that a client or a
fuzzer can build a valid object from it; tests/api/test_schemathesis.py creates buildings so."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from buildings.models import EARLIEST_PLAN_DATE, TransformationPlan
from buildings.services.plan_rules import PLAN_HORIZON_YEARS
from tests.api.helpers import assert_problem

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"
BAG_ID = "^[0-9]{4}10[0-9]{10}$"


def _document() -> dict:
    return yaml.safe_load(DOCUMENT.read_text())


def test_a_building_request_carries_the_domain_limits():
    schemas = _document()["components"]["schemas"]
    for name in ("BuildingRequest", "PatchedBuildingRequest"):
        properties = schemas[name]["properties"]
        assert properties["bagId"]["pattern"] == BAG_ID, name
        area = properties["lettableFloorAreaM2"]
        assert (area["minimum"], area["maximum"]) == (1, 500_000), name
        assert properties["municipality"]["pattern"] == "^GM[0-9]{4}$", name
        assert (properties["latitude"]["minimum"], properties["latitude"]["maximum"]) == (
            50.7,
            53.7,
        )
        year = properties["constructionYear"]
        assert (year["minimum"], year["maximum"]) == (1500, 2100)
    assert schemas["ImportRowRequest"]["properties"]["bagId"]["pattern"] == BAG_ID
    assert schemas["VacancyRecordRequest"]["properties"]["vacantAreaM2"]["maximum"] == 500_000


def test_area_filters_and_bag_id_parameters_carry_their_patterns():
    patterns = {
        "municipality": "^GM[0-9]{4}$",
        "province": "^PV[0-9]{2}$",
        "officeRegion": "^[a-z0-9]+(?:-[a-z0-9]+)*$",
        "bagId": BAG_ID,
    }
    seen = set()
    for path, operations in _document()["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                expected = patterns.get(parameter.get("name"))
                if expected is not None and parameter["schema"].get("type") == "string":
                    assert parameter["schema"].get("pattern") == expected, (path, parameter)
                    seen.add(parameter["name"])
    assert seen == set(patterns)


# --- transformation plans: the bounds the API enforces (buildings.services.plan_rules) ----------

PLANS = "/api/v1/transformation-plans"
PLAN_SCHEMAS = (
    "TransformationPlanRequest",
    "PatchedTransformationPlanRequest",
    "TransformationPlan",
)


def _plan_post(world, building, **fields):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.investor_a_user)
    body = {"bagId": building.bag_id, "kind": "renovation", **fields}
    return client.post(PLANS, body, content_type="application/json")


def _codes(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(p["name"], p["code"]) for p in assert_problem(response, 400)["invalidParams"]]


@pytest.mark.django_db
def test_the_plan_investment_declares_the_minimum_the_api_and_database_enforce(world, building_a):
    schemas = _document()["components"]["schemas"]
    declared = set()
    for name in PLAN_SCHEMAS:
        investment = schemas[name]["properties"]["estimatedInvestmentEur"]
        assert "exclusiveMinimum" not in investment, name  # the bound itself is allowed
        declared.add(investment["minimum"])
    [minimum] = declared
    cent = Decimal("0.01")
    below = _plan_post(world, building_a, estimatedInvestmentEur=str(Decimal(minimum) - cent))
    assert _codes(below) == [("estimatedInvestmentEur", "negative")]
    at = _plan_post(world, building_a, estimatedInvestmentEur=minimum)
    assert at.status_code == 201, at.content
    with pytest.raises(IntegrityError), transaction.atomic():
        TransformationPlan.objects.filter(pk=at.json()["id"]).update(
            estimated_investment_eur=Decimal(minimum) - cent
        )


def test_the_plan_dates_name_the_bounds_a_schema_cannot_hold():
    schemas = _document()["components"]["schemas"]
    earliest = EARLIEST_PLAN_DATE.isoformat()
    for name in PLAN_SCHEMAS:
        for prop in ("plannedStart", "plannedCompletion"):
            schema = schemas[name]["properties"][prop]
            assert schema["format"] == "date", (name, prop)
            dutch, _, english = schema["description"].partition(" / ")
            assert earliest in dutch and f"{PLAN_HORIZON_YEARS} jaar" in dutch, (name, prop)
            assert earliest in english and f"{PLAN_HORIZON_YEARS} years" in english, (name, prop)
        assert "`plannedStart`" in schemas[name]["properties"]["plannedCompletion"]["description"]
    completion = schemas["CompletionRequest"]["properties"]["completedOn"]
    dutch, _, english = completion["description"].partition(" / ")
    assert "goedkeuring" in dutch and earliest in dutch
    assert "approval" in english and earliest in english


@pytest.mark.django_db
def test_the_plan_dates_bounds_named_are_the_ones_enforced(world, building_a):
    day = datetime.timedelta(days=1)
    today = timezone.localdate()
    try:
        latest = today.replace(year=today.year + PLAN_HORIZON_YEARS)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + PLAN_HORIZON_YEARS, day=28)
    refused = [
        ("plannedStart", EARLIEST_PLAN_DATE - day, "too_early"),
        ("plannedStart", latest + day, "too_late"),
    ]
    for prop, value, code in refused:
        response = _plan_post(world, building_a, **{prop: value.isoformat()})
        assert _codes(response) == [(prop, code)], value
    allowed = _plan_post(
        world,
        building_a,
        plannedStart=EARLIEST_PLAN_DATE.isoformat(),
        plannedCompletion=latest.isoformat(),
    )
    assert allowed.status_code == 201, allowed.content
