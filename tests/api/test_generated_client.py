"""A client generated from the committed OpenAPI document (issue 11, item 17): a province's
integrator generates one with openapi-python-client, which refused the document before
(energy labels A+ to A+++++ all became the member name `A`)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kantorentop.core.api.schema_enums import enum_varname, enum_varnames

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "docs" / "api" / "openapi.yaml"
CONFIG = ROOT / "docs" / "api" / "openapi-python-client.yaml"
BIN = Path(sys.executable).parent


def test_enum_values_get_distinct_identifiers():
    labels = ["A+++++", "A++++", "A+++", "A++", "A+", "A", "B"]
    names = enum_varnames(labels)
    assert names is not None and len(set(names)) == len(labels)
    assert names[:2] == ["A_PLUS_PLUS_PLUS_PLUS_PLUS", "A_PLUS_PLUS_PLUS_PLUS"]
    assert enum_varname("-lettableFloorAreaM2") == "LETTABLE_FLOOR_AREA_M2_DESC"
    assert enum_varnames(["in_use", "demolished"]) is None  # they name themselves


@pytest.mark.slow
def test_the_document_generates_a_python_client_without_errors_or_warnings(tmp_path):
    generator = BIN / "openapi-python-client"
    if not generator.exists():
        generator = Path(shutil.which("openapi-python-client") or "openapi-python-client")
    output = tmp_path / "client"
    result = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(DOCUMENT),
            "--config",
            str(CONFIG),
            "--meta",
            "none",
            "--output-path",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        # Its post hooks format the client with ruff, from this virtualenv.
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    text = result.stdout + result.stderr
    assert result.returncode == 0, text
    assert "warning" not in text.lower() and "error" not in text.lower(), text
    labels = (output / "models" / "energy_label_enum.py").read_text()
    assert 'A_PLUS_PLUS = "A++"' in labels and 'A = "A"' in labels
