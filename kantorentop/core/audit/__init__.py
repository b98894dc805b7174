"""The audit trail: who did what to which object, when, from where, with which outcome.

Sources of events (docs/adr/0005-audit-trail.md):
- state changes of the tracked models: Django signals (post_save, post_delete), connected by model
  label so this package imports no domain app;
- the bulk paths (vacancy-record import, flag job) write in SQL and record one summary event per
  run, from their ImportJob and FlagRun rows (an import without a job records its own);
- sign-in success and failure, sign-out and lockouts: django.contrib.auth and axes signals;
- refused access (401, 403, and 404 of object URLs for signed-in users): RequestContextMiddleware.

The request (actor, IP address, request id) reaches the receivers through a context variable set
by RequestContextMiddleware; a Celery task names itself as the actor.

The package: `context` (who acts, from where; Celery tasks), `events` (writing and reading
events), `changes` (the receivers of model state changes), `access` (sign-in, sign-out, lockouts,
refused access). Importing it connects nothing: CoreConfig.ready calls `connect_receivers` and
`connect_task_context` once. What other code uses is imported from the package.
"""

from kantorentop.core.audit.access import (
    SIGNED_IN_AT_KEY,
    connect_sign_in_receivers,
    refused_access_record,
)
from kantorentop.core.audit.changes import (
    connect_change_receivers,
)
from kantorentop.core.audit.context import (
    audit_actor,
    connect_task_context,
    request_var,
)
from kantorentop.core.audit.events import (
    audit_events_for,
    audit_record,
    audit_record_many,
)

__all__ = [
    "SIGNED_IN_AT_KEY",
    "audit_actor",
    "audit_events_for",
    "audit_record",
    "audit_record_many",
    "connect_receivers",
    "connect_task_context",
    "refused_access_record",
    "request_var",
]


def connect_receivers() -> None:
    """Connect the receivers (CoreConfig.ready)."""
    connect_change_receivers()
    connect_sign_in_receivers()
