"""Where the header brings a user back to: the language switch and the sign-in link after a
rejected form, and the sign-in page opened by a user who is signed in already."""

import re

import pytest
from django.test import Client

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _language_next(response) -> str:
    html = response.content.decode()
    return re.search(r'<input name="next" type="hidden" value="([^"]*)"', html).group(1)


@pytest.fixture
def user():
    return UserFactory(username="k.jansen")


@pytest.mark.parametrize(
    "next_url",
    ["/inloggen", "/inloggen?next=/plannen", "/inloggen?next=/inloggen%3Fnext%3D/plannen"],
)
def test_a_signed_in_user_on_the_sign_in_page_goes_on_without_a_loop(user, next_url):
    client = Client()
    client.force_login(user)
    response = client.get("/inloggen", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_signed_in_user_goes_on_to_next(user):
    client = Client()
    client.force_login(user)
    response = client.get("/inloggen", {"next": "/plannen"})
    assert (response.status_code, response["Location"]) == (302, "/plannen")


def test_the_sign_in_link_on_the_sign_in_page_is_the_page_itself():
    html = Client().get("/inloggen?next=/plannen").content.decode()
    assert 'href="/inloggen?next=/plannen">Inloggen</a>' in html
    assert "next=/inloggen" not in html and "next=%2Finloggen" not in html


def test_the_sign_in_link_elsewhere_returns_to_the_page():
    html = Client().get("/provincies/PV26").content.decode()
    assert 'href="/inloggen?next=/provincies/PV26">Inloggen</a>' in html


@pytest.mark.parametrize(
    ("referer", "expected"),
    [
        ({}, "/"),
        ({"HTTP_REFERER": "https://evil.example/x"}, "/"),
        ({"HTTP_REFERER": "http://testserver/inloggen?next=/plannen"}, "/inloggen?next=/plannen"),
    ],
)
def test_after_a_rejected_sign_in_the_language_switch_returns_to_a_page_of_this_site(
    referer, expected
):
    rejected = Client().post(
        "/inloggen?next=/plannen", {"username": "x", "password": "y"}, **referer
    )
    assert rejected.status_code == 200
    assert _language_next(rejected) == expected


def test_on_a_page_the_language_switch_returns_to_it(user):
    client = Client()
    client.force_login(user)
    assert _language_next(client.get("/provincies/PV26?datum=30-06-2020")) == (
        "/provincies/PV26?datum=30-06-2020"
    )
