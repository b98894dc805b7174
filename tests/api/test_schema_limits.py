"""The domain's limits are in the OpenAPI document (issue 11, item 18), so that a client or a
fuzzer can build a valid object from it; tests/api/test_schemathesis.py creates buildings so."""

from pathlib import Path

import yaml

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
