"""Content Security Policy, sign-in lockout and the language switch."""

import re

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/gemeenten/GM0344", "/inloggen"])
def test_csp_has_a_nonce_and_no_unsafe_inline(client, url):
    response = client.get(url)
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    # Every script carries the request's nonce, and none is inline.
    scripts = re.findall(r"<script([^>]*)>", response.text)
    assert scripts
    for attributes in scripts:
        if "json" in attributes:
            continue  # json_script data, not executed
        assert f'nonce="{nonce}"' in attributes
        assert "src=" in attributes
    assert " style=" not in response.text
    assert "onclick" not in response.text


@pytest.mark.django_db
def test_csp_allows_the_map_tiles_host(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert "https://service.pdok.nl" in img_src


@pytest.mark.django_db
def test_nonce_differs_per_response(client):
    first = client.get("/").headers["Content-Security-Policy"]
    second = client.get("/").headers["Content-Security-Policy"]
    assert first != second


@pytest.mark.django_db
def test_sign_in_and_out(users):
    client = Client()
    response = client.post(
        "/inloggen",
        {"username": "utrecht.ambtenaar", "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 302
    assert "/gemeenten/GM0344" in client.get("/").text
    client.post("/uitloggen")
    assert "/gemeenten/GM0344" not in client.get("/").text


@pytest.mark.django_db
def test_lockout_after_five_failures(users):
    client = Client()
    for _attempt in range(5):
        response = client.post("/inloggen", {"username": "utrecht.ambtenaar", "password": "nope"})
    assert response.status_code == 429
    assert "kt-locked" in response.text
    assert "15 minuten geblokkeerd" in response.text
    # Even the right password is refused while locked.
    response = client.post(
        "/inloggen",
        {"username": "utrecht.ambtenaar", "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_failed_sign_in_shows_the_form_again(users):
    response = Client().post("/inloggen", {"username": "utrecht.ambtenaar", "password": "nope"})
    assert response.status_code == 200
    assert "utrecht-alert--error" in response.text


@pytest.mark.django_db
def test_language_switch_to_english():
    client = Client()
    assert '<html lang="nl"' in client.get("/").text
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/gemeenten/GM0344"})
    assert response.status_code == 302
    assert response["Location"] == "/gemeenten/GM0344"
    assert '<html lang="en"' in client.get("/").text


@pytest.mark.django_db
def test_pages_are_dutch_by_default_and_english_after_the_switch():
    client = Client()
    assert "Kerncijfers op" in client.get("/").text
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = client.get("/").text
    assert "Key figures on" in text
    assert "Kerncijfers op" not in text
