"""The OpenAPI document: committed, current, and clean under the NL API Design Rules linter."""

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "api" / "openapi.yaml"
RULESET = ROOT.parent / "shared" / "tools" / "nl-api-design-rules-2.2.spectral.yaml"
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("openapi") / "openapi.yaml"
    call_command("spectacular", "--file", str(path))
    return path


def test_committed_document_matches_the_code(generated):
    assert COMMITTED.read_text() == generated.read_text(), (
        "docs/api/openapi.yaml is out of date: run `make openapi` and commit it."
    )


def test_every_operation_documents_the_version_header_and_problems(generated):
    document = yaml.safe_load(generated.read_text())
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"400", "401", "404", "406", "429", "500"} <= set(responses), (path, method)
            for code, response in responses.items():
                if code.startswith("2"):
                    assert "API-Version" in response["headers"], (path, method, code)
            if method in ("post", "patch"):
                assert {"413", "415"} <= set(responses), (path, method)


def _spectral() -> list[str]:
    """The project-local Spectral (package.json), installed on first use."""
    if not SPECTRAL.exists():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install @stoplight/spectral-cli (package.json)"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    return [shutil.which("npx") or "npx", "--no-install", "spectral"]


def _ruleset_or_stop(path: Path, environ: Mapping[str, str]) -> Path:
    """The ruleset; without it the lint fails in CI (which must lint the document) and is
    skipped elsewhere (a checkout without ../shared)."""
    if path.exists():
        return path
    message = f"the Logius ruleset is not at {path} (../shared is absent)"
    if environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"{message}; CI must lint the OpenAPI document with it", pytrace=False)
    pytest.skip(message)


def test_missing_ruleset_fails_in_ci(tmp_path):
    with pytest.raises(pytest.fail.Exception):
        _ruleset_or_stop(tmp_path / "missing.yaml", {"CI": "true"})


def test_ci_declares_itself():
    """`.ci/run` sets CI, so the Spectral lint fails there when the ruleset is missing."""
    script = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^export CI=true$", script, re.MULTILINE)


def test_missing_ruleset_skips_outside_ci(tmp_path):
    with pytest.raises(pytest.skip.Exception):
        _ruleset_or_stop(tmp_path / "missing.yaml", {})


@pytest.mark.slow
def test_spectral_nl_api_design_rules_find_no_errors(generated):
    ruleset = _ruleset_or_stop(RULESET, os.environ)
    result = subprocess.run(
        [
            *_spectral(),
            "lint",
            "--ruleset",
            str(ruleset),
            "--fail-severity",
            "error",
            "--format",
            "text",
            str(generated),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _bilingual(text: str | None) -> bool:
    """Dutch, then ` / `, then English (the house convention of every summary and description)."""
    dutch, _, english = (text or "").partition(" / ")
    return bool(dutch.strip() and english.strip())


def test_summaries_and_descriptions_in_dutch_and_english(generated):
    document = yaml.safe_load(generated.read_text())
    assert _bilingual(document["info"]["description"].replace("\n\n", " / ", 1))
    missing = set()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method not in ("get", "post", "patch", "put", "delete"):
                continue
            if not (
                _bilingual(operation.get("summary")) and _bilingual(operation.get("description"))
            ):
                missing.add((method, path))
    assert not missing, sorted(missing)
    # Pagination parameters too.
    parameters = {
        parameter["name"]: parameter
        for parameter in document["paths"]["/buildings"]["get"]["parameters"]
        if "name" in parameter
    }
    assert _bilingual(parameters["page"]["description"])
    assert _bilingual(parameters["pageSize"]["description"])


CAMEL_CASE = re.compile(r"[a-z][a-zA-Z0-9]*")


def test_path_parameters_are_camel_case(generated):
    """camelCase at the edge, path parameters too (`{bagId}`, `{planId}`), as the query keys."""
    document = yaml.safe_load(generated.read_text())
    names = set()
    for path, operations in document["paths"].items():
        names |= {(path, name) for name in re.findall(r"{([^}]*)}", path)}
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in [*operations.get("parameters", []), *operation.get("parameters", [])]:
                if parameter.get("in") == "path":
                    names.add((path, parameter["name"]))
    assert names, "the document has no path parameters to check"
    assert not [item for item in sorted(names) if not CAMEL_CASE.fullmatch(item[1])]
