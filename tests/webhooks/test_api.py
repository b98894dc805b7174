"""`/api/v1/subscriptions` (api-v1.md, "Keeping a copy up to date"): a client's own
subscriptions, their deliveries, and failed ones sent again; anyone else's answer 404."""

import pytest
from rest_framework.test import APIClient

from events.models import Event
from kantorentop.accounts.services import api_client_create
from tests.api.helpers import assert_problem, invalid_names
from tests.webhooks.conftest import building
from webhooks.choices import DeliveryStatus
from webhooks.models import Delivery, Subscription

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("webhook_settings")]

URL = "/api/v1/subscriptions"
HOOK = "http://127.0.0.1:9/hook"
TYPES = ["nl.kantorentop.building.created", "nl.kantorentop.structural-vacancy-flag.raised"]


def _client(name="Utrecht", province_code="PV26", **kwargs) -> APIClient:
    client = APIClient()
    _api_client, key = api_client_create(name=name, province_code=province_code, **kwargs)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _create(client, **body):
    return client.post(
        URL, {"callbackUrl": HOOK, "types": TYPES, "bearerToken": "s3cret", **body}, format="json"
    )


def test_create_list_read_delete():
    client = _client(read_only=True)  # a mirror that may only read may still subscribe
    response = _create(client)
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "callbackUrl", "types", "status", "createdAt"}
    assert body["status"] == "active" and body["callbackUrl"] == HOOK
    assert sorted(body["types"]) == sorted(TYPES)
    assert Subscription.objects.get().bearer_token == "s3cret"
    listed = client.get(URL).json()
    assert [item["id"] for item in listed["results"]] == [body["id"]]
    assert client.get(f"{URL}/{body['id']}").json() == body
    assert client.delete(f"{URL}/{body['id']}").status_code == 204
    assert_problem(client.get(f"{URL}/{body['id']}"), 404)
    assert not Subscription.objects.exists()


def test_another_clients_subscription_is_not_there():
    mine = _create(_client()).json()["id"]
    other = _client(name="Landelijk", province_code=None)
    assert other.get(URL).json()["results"] == []
    assert_problem(other.get(f"{URL}/{mine}"), 404)
    assert_problem(other.delete(f"{URL}/{mine}"), 404)
    assert_problem(other.get(f"{URL}/{mine}/deliveries"), 404)
    assert_problem(other.post(f"{URL}/{mine}/resend"), 404)
    assert Subscription.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ({"callbackUrl": "http://8.8.8.8/hook"}, "callbackUrl"),  # plain http
        ({"callbackUrl": "https://10.0.0.8/hook"}, "callbackUrl"),  # private
        ({"callbackUrl": "https://169.254.169.254/"}, "callbackUrl"),  # link-local
        ({"callbackUrl": "nonsense"}, "callbackUrl"),
        ({"types": []}, "types"),
        ({"types": ["nl.kantorentop.unknown"]}, "types.0"),
        ({"types": ["internal"]}, "types.0"),
        ({"bearerToken": "with space"}, "bearerToken"),
    ],
)
def test_bad_subscriptions_are_400(body, name):
    assert invalid_names(_create(_client(), **body)) == {name}
    assert not Subscription.objects.exists()


def test_loopback_is_refused_without_the_test_setting(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    assert invalid_names(_create(_client())) == {"callbackUrl"}
    assert invalid_names(_create(_client(name="B"), callbackUrl="https://localhost/")) == {
        "callbackUrl"
    }


def test_without_a_key_401():
    response = APIClient().post(URL, {"callbackUrl": HOOK, "types": TYPES}, format="json")
    assert_problem(response, 401)


def test_failed_deliveries_are_listed_and_sent_again():
    client = _client()
    subscription_id = _create(client).json()["id"]
    building("GM0344", "0344100000000601")
    building("GM0344", "0344100000000602")
    first, second = Event.objects.filter(subject__startswith="03441000000006").order_by("sequence")
    failed = Delivery.objects.create(
        subscription_id=subscription_id,
        event=first,
        status=DeliveryStatus.FAILED,
        attempts=9,
        last_status_code=500,
        last_error="HTTP 500",
    )
    Delivery.objects.create(
        subscription_id=subscription_id, event=second, status=DeliveryStatus.DELIVERED, attempts=1
    )
    deliveries = f"{URL}/{subscription_id}/deliveries"
    listed = client.get(f"{deliveries}?status=failed").json()["results"]
    assert [(d["id"], d["status"], d["attempts"], d["lastStatusCode"]) for d in listed] == [
        (failed.pk, "failed", 9, 500)
    ]
    assert listed[0]["eventId"] == str(first.event_id)
    assert listed[0]["sequence"] == str(first.sequence)
    assert len(client.get(deliveries).json()["results"]) == 2
    assert invalid_names(client.get(f"{deliveries}?status=lost")) == {"status"}

    delivered = Delivery.objects.get(status=DeliveryStatus.DELIVERED)
    assert invalid_names(client.post(f"{deliveries}/{delivered.pk}/resend")) == {"id"}
    response = client.post(f"{deliveries}/{failed.pk}/resend")
    assert response.status_code == 202 and response.json() == {"resent": 1}
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.PENDING, 0)

    Delivery.objects.filter(pk=failed.pk).update(status=DeliveryStatus.FAILED)
    response = client.post(f"{URL}/{subscription_id}/resend")
    assert response.status_code == 202 and response.json() == {"resent": 1}
    assert not Delivery.objects.filter(status=DeliveryStatus.FAILED).exists()
