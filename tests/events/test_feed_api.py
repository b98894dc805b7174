"""`GET /api/v1/events` (api-v1.md, "Keeping a copy up to date"): CloudEvents of the NL GOV
profile, oldest first, paginated with `after` and `pageSize`, only of what the client may see.
Committed writes (the feed serves events of ended transactions only)."""

import datetime
import io
import time
import uuid

import pytest
from rest_framework.test import APIClient

from buildings.models import Building
from buildings.services.imports import vacancy_records_import
from kantorentop.accounts.scopes import Scope
from kantorentop.accounts.services import api_client_create
from regions.models import Municipality
from tests.api.helpers import assert_problem, invalid_names

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PATIENCE_SECONDS = 120


def _client(**kwargs) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_client_create(**kwargs)[1]}")
    return client


def _building(code: str, bag_id: str) -> Building:
    return Building.objects.create(
        bag_id=bag_id, municipality=Municipality.objects.get(code=code), lettable_floor_area_m2=900
    )


def _all(client, url="/api/v1/events?pageSize=2", expect=0) -> tuple[list[dict], str]:
    """Every event, following `next`; waits until `expect` events are there (the feed serves an
    event once older transactions, also other test runs', have ended). Returns the events and
    the URL to ask next."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while True:
        events, ask = [], url
        while True:
            response = client.get(ask)
            assert response.status_code == 200, response.content
            body = response.json()
            assert set(body) == {"count", "next", "previous", "results"}
            assert body["count"] == len(body["results"]) and body["previous"] is None
            events += body["results"]
            if body["next"] is None:
                break
            ask = body["next"]
        if len(events) >= expect or time.monotonic() > deadline:
            return events, ask
        time.sleep(0.2)


def test_cloud_events_in_order_and_paginated():
    national = _client(name="Landelijk")
    building = _building("GM0344", "0344100000000401")
    building.name = "Gewijzigd"
    building.save()
    events, _next = _all(national, expect=2)
    ours = [event for event in events if event.get("subject") == "0344100000000401"]
    assert [event["type"] for event in ours] == [
        "nl.kantorentop.building.created",
        "nl.kantorentop.building.changed",
    ]
    event = ours[1]
    assert set(event) == {
        "specversion", "id", "source", "type", "time", "subject", "sequence",
        "datacontenttype", "dataref", "data",
    }  # fmt: skip
    assert event["specversion"] == "1.0" and event["source"] == "urn:nld:kantorentop"
    uuid.UUID(event["id"])
    assert datetime.datetime.fromisoformat(event["time"]).utcoffset() is not None
    assert event["datacontenttype"] == "application/json"
    assert event["dataref"] == "http://testserver/api/v1/buildings/0344100000000401"
    assert national.get(event["dataref"]).status_code == 200
    assert event["data"]["bagId"] == "0344100000000401"
    sequences = [int(e["sequence"]) for e in events]
    assert sequences == sorted(set(sequences))  # strictly increasing, none twice
    after = national.get(f"/api/v1/events?after={ours[0]['sequence']}").json()["results"]
    assert after[0]["sequence"] == ours[1]["sequence"]


def test_a_client_sees_the_events_of_what_it_may_see_and_passes_over_the_rest():
    utrecht = _client(name="Utrecht", province_code="PV26")
    _building("GM0344", "0344100000000402")
    _building("GM0363", "0363100000000402")  # Noord-Holland
    national_events, _next = _all(_client(name="Landelijk"), expect=2)
    events, ask = _all(utrecht, expect=1)
    assert {e["subject"] for e in events} == {"0344100000000402"}
    # The last page's `next` went past the Amsterdam building's event: asking there gets nothing.
    last = max(int(e["sequence"]) for e in national_events)
    assert int(ask.split("after=")[1].split("&")[0]) >= last
    assert utrecht.get(ask).json()["results"] == []


def test_an_import_is_one_event_seen_where_it_wrote():
    utrecht, groningen = (
        _client(name="Utrecht", province_code="PV26"),
        _client(name="Groningen", province_code="PV20"),
    )
    a, b = _building("GM0344", "0344100000000403"), _building("GM0363", "0363100000000403")
    rows = "".join(f"{b_.bag_id},20{y}-06-30,5,survey,\n" for b_ in (a, b) for y in range(10, 20))
    vacancy_records_import(
        source=io.BytesIO(f"bagId,observedOn,vacantAreaM2,source,note\n{rows}".encode()),
        scope=Scope(national=True),
    )
    events, _next = _all(utrecht, expect=2)
    imports = [e for e in events if e["type"] == "nl.kantorentop.import.completed"]
    assert len(imports) == 1 and "subject" not in imports[0]
    assert imports[0]["data"] == {
        "import": "vacancy-records", "created": 20, "updated": 0, "unchanged": 0
    }  # fmt: skip
    assert "/api/v1/vacancy-records?modifiedSince=" in imports[0]["dataref"]
    assert not [e for e in events if e["type"] == "nl.kantorentop.vacancy-record.written"]
    assert utrecht.get(imports[0]["dataref"]).status_code == 200
    assert [e["type"] for e in _all(groningen)[0]] == []


def test_bad_input_and_no_key():
    national = _client(name="Landelijk")
    for value in ("abc", "-1", "1.5", "99999999999999999999", " 1"):
        assert invalid_names(national.get("/api/v1/events", {"after": value})) == {"after"}
    for size in ("0", "1001", "x"):
        assert invalid_names(national.get("/api/v1/events", {"pageSize": size})) == {"pageSize"}
    assert_problem(APIClient().get("/api/v1/events"), 401)
