"""The transformation-plan endpoints: scope, roles and the `_submit` action."""

import pytest
from django.test import Client

from buildings.choices import FlagStatus
from tests.buildings.factories import FlagFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/transformation-plans"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_investor_submits_officer_approves(world, building_a):
    flag = FlagFactory(building=building_a)
    investor = _client(world.investor_a_user)
    response = investor.post(
        URL,
        {"bagId": building_a.bag_id, "kind": "demolition", "officeM2Withdrawn": 6000},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    # Investor B cannot name investor A's building, nor see the plan.
    other = _client(world.investor_b_user)
    assert other.get(f"{URL}/{plan_id}").status_code == 404
    assert other.post(f"{URL}/{plan_id}/_submit").status_code == 404
    # The officer does not see a draft.
    officer = _client(world.officer_a)
    assert officer.get(f"{URL}/{plan_id}").status_code == 404
    response = investor.post(f"{URL}/{plan_id}/_submit")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    flag.refresh_from_db()
    assert flag.status == FlagStatus.PLAN_SUBMITTED
    # Submitting twice is an invalid transition; the investor cannot approve.
    assert investor.post(f"{URL}/{plan_id}/_submit").status_code == 400
    assert investor.post(f"{URL}/{plan_id}/_approve").status_code == 403
    assert _client(world.officer_b).post(f"{URL}/{plan_id}/_approve").status_code == 404
    assert (
        officer.post(f"{URL}/{plan_id}/_reject", {}, content_type="application/json").status_code
        == 400
    )
    response = officer.post(f"{URL}/{plan_id}/_approve")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"


def test_anonymous_gets_nothing(world, building_a):
    assert Client().get(URL).status_code == 401
