"""The examples of the integrator guides (docs/api/README.en.md and README.nl.md) run against a
live test server: every ```sh block in order, with $BASE and $KEY set. A curl block must succeed
(--fail-with-body), or answer exactly the status of its `# expect: NNN` comment; other blocks
(writing the example files) must exit 0."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rest_framework.settings import api_settings

from kantorentop.accounts.services import api_client_create
from regions.models import Municipality
from tests.buildings.factories import BuildingFactory

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api"
GUIDES = ["README.en.md", "README.nl.md"]
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
EXPECT = re.compile(r"^# expect: (\d{3})\s*$", re.MULTILINE)

pytestmark = pytest.mark.skipif(not shutil.which("curl"), reason="curl is not installed")


@pytest.fixture(scope="session", autouse=True)
def _media_not_served():
    # MEDIA_URL is None on purpose, which Django's live server cannot parse; a URL on another
    # host makes its media handler pass every request on (as in tests/e2e/conftest.py).
    from django.test import override_settings

    with override_settings(MEDIA_URL="http://media.invalid/"):
        yield


def blocks(name: str) -> list[str]:
    return BLOCK.findall((DOCS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", GUIDES)
def test_the_guide_has_examples_of_every_topic(name):
    text = "\n".join(blocks(name))
    for needle in (
        "/api/v1/buildings",
        "/api/v1/vacancy-records/_import",
        "text/csv",
        "/api/v1/structural-vacancy-flags",
        "/api/v1/vacancy-statistics",
    ):
        assert needle in text, needle
    expected = {int(status) for status in EXPECT.findall(text)}
    assert expected >= {400, 401, 403, 404, 413, 429}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("name", GUIDES)
def test_the_curl_examples_work(name, live_server, settings, tmp_path):
    utrecht = Municipality.objects.get(code="GM0344")
    for n in (1, 2, 3):
        BuildingFactory(
            bag_id=f"034410000000000{n}", municipality=utrecht, lettable_floor_area_m2=3000 * n
        )
    BuildingFactory(bag_id="0363100000000001", municipality=Municipality.objects.get(code="GM0363"))
    key = api_client_create(name="Provincie Utrecht", province_code="PV26")[1]
    env = {**os.environ, "BASE": live_server.url, "KEY": key}
    examples = blocks(name)
    assert len(examples) >= 15
    rates = dict(api_settings.DEFAULT_THROTTLE_RATES)
    for example in examples:
        expect = EXPECT.search(example)
        command = example.strip()
        body = tmp_path / "body"
        if expect:
            status = int(expect.group(1))
            if status == 429:
                # Provoke the throttle: no request of this key is allowed any more.
                settings.REST_FRAMEWORK = {
                    **settings.REST_FRAMEWORK,
                    "DEFAULT_THROTTLE_RATES": {**rates, "client": "0/minute"},
                }
            command += f" -o {body} -w '%{{http_code}} %{{content_type}}'"
        run = subprocess.run(  # noqa: S603
            ["bash", "-c", command],  # noqa: S607
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if expect:
            assert run.returncode == 0, (example, run.stderr)
            # Every error of the guide is a problem document with that status.
            assert run.stdout.strip().endswith(f"{status} application/problem+json"), (
                example,
                run.stdout,
            )
            problem = json.loads(body.read_text())
            assert problem["status"] == status, problem
            if status == 400:
                assert problem["invalidParams"], problem
        else:
            if command.startswith("curl"):
                assert "--fail-with-body" in command, example
            assert run.returncode == 0, (example, run.stdout[:2000], run.stderr)
