"""Conditional GET for views of scoped data: the caller in the ETag is its scope."""

from typing import Any

from kantorentop.accounts.scopes import request_scope
from kantorentop.core.api.conditional import ConditionalGetMixin


class ScopedConditionalGetMixin(ConditionalGetMixin):
    """ConditionalGetMixin whose ETags differ per scope: another client, or the same user after
    their memberships changed, never gets a 304 for an answer made for another reach."""

    def etag_caller(self) -> list[Any]:
        return request_scope(self.request).identity()  # type: ignore[attr-defined]
