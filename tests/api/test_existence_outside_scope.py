"""Outside its scope a client learns nothing from an answer about whether the portal tracks a
building (issue 11, item 15; docs/adr/0010-existence-outside-a-scope.md): a write that names a
building it cannot see is answered as if that building were not tracked, or as any write
outside its scope."""

import importlib

import pytest
from django.test import Client
from rest_framework import serializers
from rest_framework.test import APIClient

from buildings.models import Building
from kantorentop.accounts.services import api_client_create
from kantorentop.core.api.fields import BagIdField
from regions.models import Municipality
from tests.api.helpers import assert_problem
from tests.buildings.factories import BuildingFactory

pytestmark = pytest.mark.django_db

TRACKED_IN_UTRECHT = "0344100000000001"
NOT_TRACKED = "0344100000000099"


@pytest.fixture
def noord_holland() -> APIClient:
    client = APIClient()
    key = api_client_create(name="Provincie Noord-Holland", province_code="PV27")[1]
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def utrecht_building():
    return BuildingFactory(
        municipality=Municipality.objects.get(code="GM0344"),
        bag_id=TRACKED_IN_UTRECHT,
        lettable_floor_area_m2=1000,
    )


def _create(client: APIClient, bag_id: str, municipality: str):
    body = {"bagId": bag_id, "municipality": municipality, "lettableFloorAreaM2": 500}
    return client.post("/api/v1/buildings", body, format="json")


def test_registering_a_bag_id_tracked_in_another_province_is_a_create_outside_the_scope(
    noord_holland, utrecht_building
):
    # In the client's own province (Amsterdam), with the id of a building tracked in Utrecht.
    tracked_elsewhere = _create(noord_holland, TRACKED_IN_UTRECHT, "GM0363")
    # The same answer as registering any building in another province's municipality.
    outside = _create(noord_holland, NOT_TRACKED, "GM0344")
    assert assert_problem(tracked_elsewhere, 403) == assert_problem(outside, 403)
    text = tracked_elsewhere.content.decode().lower()
    assert "unique" not in text and "exist" not in text and "bestaat" not in text
    utrecht_building.refresh_from_db()
    assert utrecht_building.municipality.code == "GM0344"


def test_invalid_other_fields_do_not_reveal_it_either(noord_holland, utrecht_building):
    response = noord_holland.post(
        "/api/v1/buildings",
        {"bagId": TRACKED_IN_UTRECHT, "municipality": "GM0363", "lettableFloorAreaM2": 0},
        format="json",
    )
    assert "unique" not in response.content.decode()


def test_a_duplicate_the_client_can_see_stays_a_400_unique(utrecht, utrecht_building):
    body = assert_problem(_create(utrecht, TRACKED_IN_UTRECHT, "GM0344"), 400)
    assert [(p["name"], p["code"]) for p in body["invalidParams"]] == [("bagId", "unique")]


def test_records_for_a_building_outside_the_scope_answer_as_for_an_unknown_one(
    noord_holland, utrecht_building
):
    record = {"observedOn": "2024-06-30", "vacantAreaM2": 1, "source": "province"}
    answers = [
        noord_holland.post(f"/api/v1/buildings/{bag_id}/vacancy-records", record, format="json")
        for bag_id in (TRACKED_IN_UTRECHT, NOT_TRACKED)
    ]
    assert assert_problem(answers[0], 404) == assert_problem(answers[1], 404)
    patches = [
        noord_holland.patch(f"/api/v1/buildings/{bag_id}", {"name": "x"}, format="json")
        for bag_id in (TRACKED_IN_UTRECHT, NOT_TRACKED)
    ]
    assert assert_problem(patches[0], 404) == assert_problem(patches[1], 404)


def test_an_import_row_outside_the_scope_reads_as_an_unknown_building(
    noord_holland, utrecht_building
):
    rows = [
        {"bagId": bag_id, "observedOn": "2024-06-30", "vacantAreaM2": 1, "source": "province"}
        for bag_id in (TRACKED_IN_UTRECHT, NOT_TRACKED)
    ]
    response = noord_holland.post("/api/v1/vacancy-records/_import", rows, format="json")
    params = assert_problem(response, 400)["invalidParams"]
    assert [(p["name"], p["code"]) for p in params] == [
        ("row 1.bagId", "unknown_building"),
        ("row 2.bagId", "unknown_building"),
    ]
    # The same reason but for the id itself.
    assert params[0]["reason"].replace(TRACKED_IN_UTRECHT, "X") == params[1]["reason"].replace(
        NOT_TRACKED, "X"
    )


# --- a building named in a body: one clear message, whether untracked or outside the scope ------

MESSAGES = {
    "nl": "Geen pand met BAG-id {} in de kantorenvoorraad.",
    "en": "No building with BAG id {} in the office stock.",
}
NAMING_A_BUILDING = [
    # (url, the world's actor who writes there, the body without its bagId)
    ("/api/v1/transformation-plans", "investor_a_user", {"kind": "renovation"}),
    (
        "/api/v1/market-transactions",
        "officer_a",
        {"kind": "sale", "transactionDate": "2024-01-01", "areaM2": 10, "priceEur": "1.00"},
    ),
]


@pytest.mark.parametrize("language", sorted(MESSAGES))
@pytest.mark.parametrize(
    ("url", "actor", "body"), NAMING_A_BUILDING, ids=[url for url, *_ in NAMING_A_BUILDING]
)
def test_a_bag_id_not_seen_reads_as_one_not_tracked_in_clear_words(
    world, building_a, url, actor, body, language
):
    hidden = BuildingFactory(municipality=world.municipality_b, owner=world.investor_b)
    client = Client()
    client.force_login(getattr(world, actor))
    seen = client.post(url, {"bagId": building_a.bag_id, **body}, content_type="application/json")
    assert seen.status_code == 201, seen.content  # the body is valid for a building it sees
    answers = {}
    for bag_id in (hidden.bag_id, NOT_TRACKED):
        response = client.post(
            url,
            {"bagId": bag_id, **body},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        problem = assert_problem(response, 400)
        assert problem["invalidParams"] == [
            {
                "name": "bagId",
                "code": "does_not_exist",
                "reason": MESSAGES[language].format(bag_id),
            }
        ]
        answers[bag_id] = response.content.decode().replace(bag_id, "X")
    assert answers[hidden.bag_id] == answers[NOT_TRACKED]


def test_every_field_that_names_a_building_by_its_bag_id_says_so_clearly():
    """Each body field resolving a building by its BAG id is a BagIdField (its message)."""
    modules = [
        "buildings.api.serializers.plans",
        "buildings.api.serializers.transactions",
        "funds.api.serializers",
        "regions.api.serializers",
        "vacancy_law.api.serializers",
    ]
    found = []
    for name in modules:
        for value in vars(importlib.import_module(name)).values():
            if not (
                isinstance(value, type)
                and issubclass(value, serializers.Serializer)
                and value.__module__ == name
            ):
                continue
            for field_name, field in value().fields.items():
                model = getattr(getattr(field, "queryset", None), "model", None)
                if model is Building:
                    found.append((value.__name__, field_name, type(field)))
    assert len(found) >= 5, found
    assert all(issubclass(kind, BagIdField) for *_, kind in found), found
