"""The vocabulary of the permission matrix (tests/accounts/test_permission_matrix.py): the
roles, the expected status per role, and one request of the matrix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "investor_a",
    "investor_b",
    "officer_a",
    "officer_b",
    "fund_manager",
    "provincial_officer",
    "provincial_client",
    "read_only_client",
    "administrator",
)
LOGIN = "login"  # a 302 to the sign-in page
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class Case:
    method: str
    url: Callable[[object], str]
    expected: dict[str, object]
    data: Callable[[object], object] | None = None
    json: bool = True
    kwargs: dict = field(default_factory=dict)


def row(*statuses: object) -> dict[str, object]:
    """The expected status per role, in the order of ROLES."""
    return dict(zip(ROLES, statuses, strict=True))
