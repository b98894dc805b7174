"""Reference data as the contract describes it ("Reference data (public)"): present right after
`migrate`, public, with exactly the documented representations."""

import pytest

from tests.api.helpers import assert_problem

pytestmark = pytest.mark.django_db

PRIORITY = {
    "amsterdam": "GM0363",
    "rotterdam": "GM0599",
    "den-haag": "GM0518",
    "utrecht": "GM0344",
    "eindhoven": "GM0772",
}


def test_provinces_list_and_detail(anonymous):
    body = anonymous.get("/api/v1/provinces").json()
    assert body["count"] == 12
    assert all(set(row) == {"code", "name"} for row in body["results"])
    assert [row["code"] for row in body["results"]] == [f"PV{n}" for n in range(20, 32)]
    assert anonymous.get("/api/v1/provinces/PV26").json() == {"code": "PV26", "name": "Utrecht"}


def test_municipalities_filtered_by_province(anonymous):
    body = anonymous.get("/api/v1/municipalities?province=PV26&pageSize=1000").json()
    rows = body["results"]
    assert rows and body["count"] == len(rows)
    assert all(set(row) == {"code", "name", "province", "officeRegion"} for row in rows)
    assert {row["province"] for row in rows} == {"PV26"}
    assert anonymous.get("/api/v1/municipalities?pageSize=1000").json()["count"] > len(rows)
    assert anonymous.get("/api/v1/municipalities/GM0344").json() == {
        "code": "GM0344",
        "name": "Utrecht",
        "province": "PV26",
        "officeRegion": "utrecht",
    }
    assert_problem(anonymous.get("/api/v1/municipalities/GM9999"), 404)


def test_office_regions_with_the_five_priority_regions(anonymous):
    rows = anonymous.get("/api/v1/office-regions?pageSize=1000").json()["results"]
    assert all(set(row) == {"slug", "name", "isPriority", "municipalities"} for row in rows)
    priority = {row["slug"]: row for row in rows if row["isPriority"]}
    assert set(priority) == set(PRIORITY)
    for slug, code in PRIORITY.items():
        assert code in priority[slug]["municipalities"], slug
    detail = anonymous.get("/api/v1/office-regions/utrecht").json()
    assert detail["slug"] == "utrecht" and detail["isPriority"] is True
    assert "GM0344" in detail["municipalities"]
    assert all(isinstance(code, str) and code.startswith("GM") for code in detail["municipalities"])
    assert_problem(anonymous.get("/api/v1/office-regions/atlantis"), 404)
