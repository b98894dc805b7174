"""Content Security Policy, sign-in lockout and the language switch."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
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
def test_csp_allows_no_tiles_host_by_default(client):
    # The maps draw the portal's own boundaries (ADR 0024); background tiles are opt-in.
    policy = client.get("/").headers["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert img_src.split() == ["img-src", "'self'", "data:"]


def test_csp_allows_the_map_tiles_host_when_configured():
    url = (
        "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from config import settings; print(settings.SECURE_CSP['img-src'])",
        ],
        env={**os.environ, "KANTORENTOP_MAP_TILE_URL": url},
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    assert "'https://service.pdok.nl'" in result.stdout


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
