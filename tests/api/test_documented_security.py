"""The OpenAPI document says which operations answer without credentials (`{}` among the
security requirements), and the server agrees (issue 11, item 18: commitment progress answered
without a key but was documented as needing one)."""

from pathlib import Path

import pytest
import yaml

from covenants.models import Commitment

pytestmark = pytest.mark.django_db

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"


def _public(operation: dict) -> bool:
    return {} in operation.get("security", [])


def test_every_readable_list_is_documented_as_public_exactly_when_it_is(anonymous):
    commitment = Commitment.objects.order_by("pk").first()
    assert commitment is not None, "the commitments come with the migrations"
    known = {"{commitmentId}": str(commitment.pk)}
    checked, wrong = 0, []
    for path, operations in yaml.safe_load(DOCUMENT.read_text())["paths"].items():
        operation = operations.get("get")
        url = path
        for name, value in known.items():
            url = url.replace(name, value)
        if operation is None or "{" in url:
            continue
        status = anonymous.get(f"/api/v1{url}").status_code
        assert status in (200, 400, 401), (path, status)
        if (status != 401) != _public(operation):
            wrong.append((path, status, operation.get("security")))
        checked += 1
    assert checked >= 15
    assert not wrong


def test_commitment_progress_reads_without_a_key_but_reports_with_one(anonymous):
    operations = yaml.safe_load(DOCUMENT.read_text())["paths"][
        "/commitments/{commitmentId}/progress"
    ]
    assert _public(operations["get"]) and not _public(operations["post"])
    commitment = Commitment.objects.order_by("pk").first()
    url = f"/api/v1/commitments/{commitment.pk}/progress"
    assert anonymous.get(url).status_code == 200
    assert anonymous.post(url, {"status": "done"}, format="json").status_code == 401
