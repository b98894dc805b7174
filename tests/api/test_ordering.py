"""`ordering` takes several fields, as the OpenAPI document declares it (an array; issue 11,
item 18): comma-separated in one parameter, or in repeated parameters, which generated clients
send. Each field orders in turn; before, only the last parameter counted."""

import pytest

from regions.models import Municipality
from tests.api.helpers import invalid_names
from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def buildings():
    utrecht = Municipality.objects.get(code="GM0344")
    for bag_id, area in (
        ("0344100000000001", 2000),
        ("0344100000000002", 1000),
        ("0344100000000003", 2000),
    ):
        BuildingFactory(municipality=utrecht, bag_id=bag_id, lettable_floor_area_m2=area)


def _bag_ids(client, query: str) -> list[str]:
    response = client.get(f"/api/v1/buildings?{query}")
    assert response.status_code == 200, response.content
    return [row["bagId"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "query",
    [
        "ordering=-lettableFloorAreaM2,-bagId",
        "ordering=-lettableFloorAreaM2&ordering=-bagId",
    ],
)
def test_several_fields_order_in_turn(national, buildings, query):
    assert _bag_ids(national, query) == [
        "0344100000000003",
        "0344100000000001",
        "0344100000000002",
    ]


def test_the_first_field_comes_first(national, buildings):
    assert _bag_ids(national, "ordering=-bagId&ordering=lettableFloorAreaM2") == [
        "0344100000000003",
        "0344100000000002",
        "0344100000000001",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "ordering=-bagId&ordering=height",
        "ordering=height,-bagId",
        "ordering=bagId;name",
        "ordering=bagId,",
        "ordering=",
        "ordering=bagId&ordering=",
    ],
)
def test_an_unknown_or_empty_field_in_any_position_is_400(national, buildings, query):
    assert invalid_names(national.get(f"/api/v1/buildings?{query}")) == {"ordering"}
