"""OpenAPI postprocessing: the domain's limits in the document (domain spec, "Buildings and floor
area", "Areas"), so that a client, a validator or a fuzzer can build a valid object from it.

The services check these rules with their own codes (an invalid BAG id is `invalid_bag_id`, not
a serializer's `invalid`), so the serializers do not repeat them as validators; this hook states
them once per name, since a name means the same wherever the API uses it (docs/glossary.md):
`bagId` is a BAG pand id in a building, a record, an import row, a plan or a transaction.
"""

from typing import Any

from buildings.models import MAX_LETTABLE_AREA_M2
from buildings.services.buildings import LATITUDE_RANGE, LONGITUDE_RANGE
from buildings.services.plan_rules import MIN_INVESTMENT_EUR
from kantorentop.core.validators import BAG_PAND_ID_PATTERN

MUNICIPALITY_CODE_PATTERN = r"^GM[0-9]{4}$"
PROVINCE_CODE_PATTERN = r"^PV[0-9]{2}$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# As clients may write it: the service stores `1234 AB`; optional, so empty is allowed too.
POSTCODE_INPUT_PATTERN = r"^(?:[1-9][0-9]{3} ?[A-Za-z]{2})?$"

BAG_ID = {"pattern": BAG_PAND_ID_PATTERN, "minLength": 16, "maxLength": 16}
AREA_M2 = {"minimum": 1, "maximum": MAX_LETTABLE_AREA_M2}

# Property name: limits, for string or integer properties of that name in any schema.
PROPERTY_LIMITS: dict[str, dict[str, Any]] = {
    "bagId": BAG_ID,
    "lettableFloorAreaM2": AREA_M2,
    "grossFloorAreaM2": {"minimum": 1},
    "vacantAreaM2": {"minimum": 0, "maximum": MAX_LETTABLE_AREA_M2},
    "constructionYear": {"minimum": 1500, "maximum": 2100},  # building_construction_year_range
    "latitude": {"minimum": float(LATITUDE_RANGE[0]), "maximum": float(LATITUDE_RANGE[1])},
    "longitude": {"minimum": float(LONGITUDE_RANGE[0]), "maximum": float(LONGITUDE_RANGE[1])},
    "municipality": {"pattern": MUNICIPALITY_CODE_PATTERN},
    "province": {"pattern": PROVINCE_CODE_PATTERN},
    "officeRegion": {"pattern": SLUG_PATTERN},
    # plan_investment_not_negative; buildings.services.plan_rules answers `negative` below it.
    "estimatedInvestmentEur": {"minimum": MIN_INVESTMENT_EUR},
}
# Query and path parameter name: limits.
PARAMETER_LIMITS: dict[str, dict[str, Any]] = {
    "bagId": BAG_ID,
    "municipality": {"pattern": MUNICIPALITY_CODE_PATTERN},
    "province": {"pattern": PROVINCE_CODE_PATTERN},
    "officeRegion": {"pattern": SLUG_PATTERN},
    "minFloorArea": AREA_M2,
    "maxFloorArea": AREA_M2,
}
# Request bodies only: what the service normalises is written more strictly in responses.
REQUEST_PROPERTY_LIMITS: dict[str, dict[str, Any]] = {
    "postcode": {"pattern": POSTCODE_INPUT_PATTERN},
}
NUMERIC = ("integer", "number")


def _applies(schema: dict[str, Any], limits: dict[str, Any]) -> bool:
    kind = schema.get("type")
    if "pattern" in limits or "minLength" in limits:
        return kind == "string"
    return kind in NUMERIC


def _limit(schema: dict[str, Any], limits: dict[str, Any] | None) -> None:
    if limits is not None and _applies(schema, limits):
        # A decimal's range from its digits is exclusive (`exclusiveMinimum: true`); the
        # domain's bound replaces it and is inclusive.
        for bound in ("minimum", "maximum"):
            if bound in limits:
                schema.pop("exclusive" + bound.capitalize(), None)
        schema.update(limits)


def add_domain_limits(result: dict[str, Any], generator, request, public) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """drf-spectacular postprocessing hook (after camelizing: it reads the clients' names)."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        is_request = name.endswith("Request")
        for prop, schema in component.get("properties", {}).items():
            if schema.get("readOnly"):
                continue
            _limit(schema, PROPERTY_LIMITS.get(prop))
            if is_request:
                _limit(schema, REQUEST_PROPERTY_LIMITS.get(prop))
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                _limit(schema, PARAMETER_LIMITS.get(parameter.get("name", "")))
    return result
