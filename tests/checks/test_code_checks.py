"""Code and dependency checks of CI (issue 7, item 7), run as tests so that `make test` runs them.

Each check is the tool itself in a subprocess; a failing check fails with the tool's output.

- bandit: no finding of high severity in the application code (lower ones are reviewed by hand).
- mypy: strict on services, selectors and tasks (the files are listed in pyproject.toml).
- pip-audit: no known vulnerability in requirements.lock, where the vulnerability data can be
  reached; where it cannot (no network, or a registry mirror without PyPI's JSON API), the test
  is skipped with the reason.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_CODE = [
    "config",
    "dashboard",
    "demo",
    "kantorentop",
    "regions",
    "buildings",
    "covenants",
    "funds",
    "bench",
    "manage.py",
]


def _run(args: list[str], timeout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_bandit_finds_nothing_of_high_severity():
    result = _run(
        [
            "bandit",
            "--quiet",
            "--recursive",
            *APP_CODE,
            "--exclude",
            "*/migrations/*",
            "--severity-level",
            "high",
        ],
        timeout=300,
    )
    assert result.returncode == 0, f"bandit:\n{result.stdout}\n{result.stderr}"


def test_mypy_strict_on_services_selectors_and_tasks():
    result = _run(["mypy"], timeout=600)
    assert result.returncode == 0, f"mypy:\n{result.stdout}\n{result.stderr}"
    assert "Success" in result.stdout


def test_pip_audit_finds_no_known_vulnerability():
    args = ["pip_audit", "--requirement", "requirements.lock", "--no-deps", "--disable-pip"]
    try:
        result = _run([*args, "--format", "json", "--progress-spinner", "off"], timeout=300)
    except subprocess.TimeoutExpired:
        pytest.skip("pip-audit: no answer from its vulnerability service within 5 minutes")
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        # No report at all: pip-audit could not reach its service (it ends with a traceback).
        last_line = (result.stderr.strip().splitlines() or ["no output"])[-1]
        pytest.skip(f"pip-audit could not reach its vulnerability data: {last_line}")
    dependencies = report["dependencies"]
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        reasons = sorted({d["skip_reason"].split(":")[0] for d in dependencies})
        pytest.skip(
            f"pip-audit could not reach its vulnerability data: none of the {len(dependencies)} "
            f"locked packages was audited ({'; '.join(reasons)}). PyPI's JSON API per release "
            "is not reachable from here; run `make lint` where it is."
        )
    found = [
        f"{d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v['fix_versions']) or '-'})"
        for d in audited
        for v in d.get("vulns", [])
    ]
    assert not found, "pip-audit found known vulnerabilities:\n" + "\n".join(found)
