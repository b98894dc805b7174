"""The OpenAPI document: committed, current, and clean under the NL API Design Rules linter."""

import shutil
import subprocess
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


def test_spectral_nl_api_design_rules_find_no_errors(generated):
    if not RULESET.exists():
        pytest.skip(f"the Logius ruleset is not at {RULESET} (../shared is absent)")
    result = subprocess.run(
        [
            *_spectral(),
            "lint",
            "--ruleset",
            str(RULESET),
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


# Operations of the workflows (issue 6) that still lack a summary or a description in Dutch and
# English; remove an entry when its view gets them. A new operation without them fails.
WITHOUT_BILINGUAL_TEXT = {
    ("get", "/commitments/{id}"),
    ("get", "/compensation-applications/{id}"),
    ("post", "/compensation-applications/{id}/_approve"),
    ("post", "/compensation-applications/{id}/_pay"),
    ("post", "/compensation-applications/{id}/_reject"),
    ("post", "/compensation-applications/{id}/_review"),
    ("get", "/development-projects/{id}"),
    ("get", "/market-transactions/{id}"),
    ("get", "/transformation-plans"),
    ("post", "/transformation-plans"),
    ("get", "/transformation-plans/{id}"),
    ("patch", "/transformation-plans/{id}"),
    ("post", "/transformation-plans/{id}/_approve"),
    ("post", "/transformation-plans/{id}/_complete"),
    ("post", "/transformation-plans/{id}/_reject"),
    ("post", "/transformation-plans/{id}/_review"),
    ("post", "/transformation-plans/{id}/_start"),
    ("post", "/transformation-plans/{id}/_submit"),
    ("post", "/transformation-plans/{id}/_withdraw"),
    ("get", "/transformation-plans/{plan_pk}/documents"),
}


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
    assert missing <= WITHOUT_BILINGUAL_TEXT, sorted(missing - WITHOUT_BILINGUAL_TEXT)
    # The contract's own endpoints (../shared/spec/api-v1.md) all have them.
    assert not {path for _, path in missing} & {
        "/provinces", "/municipalities", "/office-regions", "/vacancy-statistics", "/buildings",
        "/buildings/{bagId}", "/buildings/{bagId}/vacancy-records", "/vacancy-records",
        "/vacancy-records/_import", "/structural-vacancy-flags", "/structural-vacancy-watchlist",
    }  # fmt: skip
    # Pagination parameters too.
    parameters = {
        parameter["name"]: parameter
        for parameter in document["paths"]["/buildings"]["get"]["parameters"]
        if "name" in parameter
    }
    assert _bilingual(parameters["page"]["description"])
    assert _bilingual(parameters["pageSize"]["description"])
