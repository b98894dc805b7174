"""The officer's webhooks page (`/webhooks`): Dutch, its form validates (a refused URL, no
type), a subscription is made, deleted and its failed deliveries sent again; not for others."""

import pytest
from django.test import Client

from events.models import Event
from kantorentop.accounts.models import Organisation
from regions.models import Province
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.webhooks.conftest import building
from webhooks.choices import DeliveryStatus
from webhooks.models import Delivery, Subscription

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("webhook_settings")]

TYPE = "nl.kantorentop.building.created"


def _signed_in(role: str = "provincial_officer") -> Client:
    organisation: Organisation = OrganisationFactory(
        kind="province", province=Province.objects.get(code="PV26")
    )
    user = UserFactory(username=f"u-{role}")
    MembershipFactory(user=user, organisation=organisation, role=role)
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(user)
    return client


def test_the_page_validates_and_makes_a_subscription():
    client = _signed_in()
    page = client.get("/webhooks")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nieuw abonnement" in text and 'href="/webhooks"' in text  # in the menu

    refused = client.post("/webhooks", {"callback_url": "https://10.0.0.1/hook", "types": [TYPE]})
    assert refused.status_code == 200
    assert "privé-, loopback- of link-local-adres" in refused.content.decode()
    empty = client.post("/webhooks", {"callback_url": "http://127.0.0.1:9/hook"})
    assert "Kies minstens één soort gebeurtenis." in empty.content.decode()
    assert not Subscription.objects.exists()

    made = client.post(
        "/webhooks",
        {"callback_url": "http://127.0.0.1:9/hook", "types": [TYPE], "bearer_token": "t0ken"},
        follow=True,
    )
    subscription = Subscription.objects.get()
    assert subscription.user is not None and subscription.api_client is None
    assert subscription.types == [TYPE] and subscription.bearer_token == "t0ken"
    text = made.content.decode()
    assert "Het abonnement is opgeslagen." in text and "http://127.0.0.1:9/hook" in text
    assert "t0ken" not in text


def test_failed_deliveries_are_shown_and_sent_again_then_deleted():
    client = _signed_in()
    client.post("/webhooks", {"callback_url": "http://127.0.0.1:9/hook", "types": [TYPE]})
    subscription = Subscription.objects.get()
    building("GM0344", "0344100000000611")
    Delivery.objects.create(
        subscription=subscription,
        event=Event.objects.get(subject="0344100000000611"),
        status=DeliveryStatus.FAILED,
        attempts=9,
        last_error="HTTP 500",
    )
    text = client.get("/webhooks").content.decode()
    assert "Mislukte leveringen" in text and "HTTP 500" in text
    resent = client.post(f"/webhooks/{subscription.pk}/opnieuw-versturen", follow=True)
    assert "1 mislukte leveringen worden opnieuw verstuurd." in resent.content.decode()
    assert Delivery.objects.get().status == DeliveryStatus.PENDING
    client.post(f"/webhooks/{subscription.pk}/verwijderen")
    assert not Subscription.objects.exists()


def test_not_for_investors_nor_for_another_officers_subscription():
    officer = _signed_in()
    officer.post("/webhooks", {"callback_url": "http://127.0.0.1:9/hook", "types": [TYPE]})
    subscription = Subscription.objects.get()
    investor = _signed_in(role="investor")
    assert investor.get("/webhooks").status_code == 404
    assert 'href="/webhooks"' not in investor.get("/").content.decode()
    other = Client()
    other_user = UserFactory(username="ander")
    MembershipFactory(
        user=other_user,
        organisation=OrganisationFactory(
            kind="province", province=Province.objects.get(code="PV27")
        ),
        role="provincial_officer",
    )
    other.force_login(other_user)
    assert other.post(f"/webhooks/{subscription.pk}/verwijderen").status_code == 404
    assert Subscription.objects.exists()
    assert Client().get("/webhooks").status_code == 302  # to the sign-in page
