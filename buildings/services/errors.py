"""Errors that the building services raise besides django's ValidationError."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class OutOfScope(PermissionDenied):
    """The actor may not write this object (read-only scope, or the object lies outside it).

    A subclass of PermissionDenied, so views that do not catch it answer 403; the API maps it to
    404 for objects the actor cannot see (scopes.py: what lies outside a scope answers 404).
    """

    default_message = _("This lies outside what you may change.")

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or str(self.default_message))


@dataclass(frozen=True)
class RowError:
    """One problem with one row of an import. `row` counts data rows from 1; 0 is the header."""

    row: int
    field: str | None
    code: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "code": self.code, "reason": self.reason}


class ImportRejected(Exception):
    """An import with at least one bad row; nothing was written.

    `errors` is capped (see imports.MAX_REPORTED_ERRORS); `error_count` is the full number.
    """

    def __init__(self, errors: list[RowError], error_count: int | None = None) -> None:
        self.errors = errors
        self.error_count = len(errors) if error_count is None else error_count
        super().__init__(f"{self.error_count} error(s) in the import; nothing was written")
