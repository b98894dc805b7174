"""`make run` is the demo a newcomer sees, so it is the product (issue 11, item 23): debug off, the
portal's own error pages, static files from WhiteNoise, and signing in works over plain
http://127.0.0.1; `make dev` keeps Django's debug mode.

The test takes the server command `make run` would run (`make -n`) and starts it against the test
database, so what is checked is what the Makefile launches."""

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.template import loader
from django.utils import translation

from tests.accounts.factories import UserFactory
from tests.faults.servers import (
    Process,
    database_url_of_test_database,
    free_port,
    wait_until_serving,
)

ROOT = Path(settings.BASE_DIR)
PASSWORD = "correct-horse-battery-staple"  # UserFactory's


def _make_command(target: str, port: int) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    result = subprocess.run(
        ["make", "-n", target, "HOST=127.0.0.1", f"PORT={port}"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    [command] = [line for line in result.stdout.splitlines() if " runserver " in line]
    return command


def test_make_dev_keeps_debug_on():
    command = _make_command("dev", 8000)
    assert "DJANGO_DEBUG=1" in shlex.split(command)


@pytest.fixture
def make_run(tmp_path):
    """The server of `make run` on a free port against the test database; its base URL."""
    port = free_port()
    command = _make_command("run", port)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    # As in a shell where debug was left on and no key is set: the command itself decides.
    env.update(DJANGO_DEBUG="1", DATABASE_URL=database_url_of_test_database())
    env.pop("DJANGO_SECRET_KEY", None)
    env.pop("DJANGO_ALLOWED_HOSTS", None)
    server = Process("make-run", ["bash", "-c", f"exec env {command} --noreload"], env, tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(server, base, timeout=90, what="the server of `make run`")
        yield base
    finally:
        server.stop()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_make_run_serves_the_product_over_plain_http(make_run):
    # `make run` serves in a process of its own, with the production hashers only: the password
    # is hashed as production hashes it, not with the tests' fast hasher (tests/conftest.py).
    user = UserFactory(username="demo.gebruiker", first_name="Demo", last_name="Gebruiker")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    http = requests.Session()

    # The portal's own 404 page, not Django's technical one listing every URL.
    missing = http.get(f"{make_run}/bestaat-niet", timeout=30)
    assert missing.status_code == 404
    assert "Pagina niet gevonden" in missing.text
    assert "URLconf" not in missing.text and "DEBUG = True" not in missing.text
    assert 'href="/static/css/kantorentop.css"' in missing.text

    # Static files with debug off, from WhiteNoise.
    css = http.get(f"{make_run}/static/css/kantorentop.css", timeout=30)
    assert css.status_code == 200, css.status_code
    assert css.headers["Content-Type"].startswith("text/css")
    vendor = http.get(f"{make_run}/static/vendor/htmx/htmx.min.js", timeout=30)
    assert vendor.status_code == 200

    # Over http: no redirect to https, no HSTS, cookies a browser keeps on http.
    form = http.get(f"{make_run}/inloggen", allow_redirects=False, timeout=30)
    assert form.status_code == 200
    assert "Strict-Transport-Security" not in form.headers
    assert "csrftoken" in http.cookies
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    signed_in = http.post(
        f"{make_run}/inloggen",
        data={"csrfmiddlewaretoken": token, "username": "demo.gebruiker", "password": PASSWORD},
        headers={"Referer": f"{make_run}/inloggen"},
        allow_redirects=False,
        timeout=30,
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]
    assert "sessionid" in http.cookies
    home = http.get(f"{make_run}/", timeout=30)
    assert home.status_code == 200
    assert "Uitloggen" in home.text and "Demo Gebruiker" in home.text

    # Only this machine's names: the local flag cannot serve a public host name.
    other = http.get(f"{make_run}/", headers={"Host": "kantorentop.example.nl"}, timeout=30)
    assert other.status_code == 400


@pytest.mark.django_db
def test_an_unknown_page_answers_the_portals_404_with_debug_off(client, settings):
    settings.DEBUG = False
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert b"kt-header" in response.content


@pytest.mark.parametrize("name", ["400.html", "403.html", "404.html", "413.html", "500.html"])
def test_error_pages_are_in_the_portals_style(name, rf):
    with translation.override("nl"):
        html = loader.render_to_string(name, request=rf.get("/"))
    assert "/static/css/kantorentop.css" in html
    assert 'class="utrecht-heading-1"' in html


def test_the_413_page_says_what_is_wrong_in_dutch():
    with translation.override("nl"):
        html = loader.render_to_string("413.html")
    assert "Te veel gegevens verstuurd" in html
