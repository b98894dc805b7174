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
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest
from django.utils import timezone

from kantorentop.core.logging import request_id_var
from kantorentop.core.models import AuditEvent, AuditOutcome

logger = logging.getLogger(__name__)

# The request being handled, or None (a task, a management command).
request_var: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)
# Who acts outside a request: "task:<name>" or "command:<name>".
actor_label_var: ContextVar[str] = ContextVar("audit_actor_label", default="")

# Models whose every state change is an event (by label; see the module docstring).
TRACKED_MODELS = (
    "buildings.Building",
    "buildings.VacancyRecord",
    "buildings.StructuralVacancyFlag",
    "buildings.TransformationPlan",
    "buildings.PlanDocument",
    "buildings.PlanComment",
    "buildings.MarketTransaction",
    "funds.Fund",
    "funds.LedgerEntry",
    "funds.CompensationApplication",
    "accounts.Organisation",
    "accounts.Membership",
    "accounts.ApiClient",
    settings.AUTH_USER_MODEL,
)
# Fields whose old and new values an event keeps; of other fields only the name is kept, so no
# password hash, key hash or free text lands in the trail.
VALUE_FIELDS = frozenset(
    {
        "status",
        "role",
        "is_active",
        "is_staff",
        "is_superuser",
        "read_only",
        "scope",
        "revoked_at",
        "resolution",
        "organisation_id",
        "user_id",
        "amount_eur",
    }
)
# Never changes on its own account; a save that changes only these is no event.
IGNORED_FIELDS = frozenset({"updated_at", "last_login", "last_used_at"})
# Foreign keys that tie an event to the history of a building or a plan (audit_events_for).
PARENT_FIELDS = {"building_id": "buildings.building", "plan_id": "buildings.transformationplan"}


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address that
    the outermost trusted proxy put in X-Forwarded-For."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _actor(request: HttpRequest | None) -> tuple[int | None, str, int | None]:
    """(user id, user name, API client id) of the current request or task."""
    if request is None:
        return None, actor_label_var.get(), None
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "", None
    client = getattr(user, "api_client", None)  # accounts.authentication.ApiClientUser
    if client is not None:
        return None, str(getattr(user, "username", "")), client.pk
    return user.pk, user.get_username(), None


def audit_record(
    *,
    action: str,
    outcome: str = AuditOutcome.SUCCESS,
    object_type: str = "",
    object_id: object = "",
    details: dict[str, Any] | None = None,
    user: Any = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. Actor, IP address and request id come from `request` (default: the
    current request) unless `user` names the actor. Inside a transaction the event commits or
    rolls back with the change it describes."""
    request = request if request is not None else request_var.get()
    user_id, username, client_id = _actor(request)
    if user is not None and getattr(user, "is_authenticated", False):
        user_id, username = user.pk, user.get_username()
    return AuditEvent.objects.create(
        actor_user_id=user_id,
        actor_username=username[:150],
        api_client_id=client_id,
        action=action,
        outcome=outcome,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id)[:64],
        ip_address=client_ip(request) if request is not None else None,
        request_id=request_id_var.get() if request_id_var.get() != "-" else "",
        details=details or {},
    )


def audit_record_many(
    *,
    action: str,
    object_type: str,
    objects: Iterable[tuple[object, dict[str, Any]]],
    outcome: str = AuditOutcome.SUCCESS,
    request: HttpRequest | None = None,
) -> int:
    """Append one event per `(object id, details)` in one INSERT, for a set-based write
    (`QuerySet.update()`) that the save signals do not see. Actor, IP address and request id as in
    `audit_record`. Returns the number of events."""
    request = request if request is not None else request_var.get()
    user_id, username, client_id = _actor(request)
    ip_address = client_ip(request) if request is not None else None
    request_id = request_id_var.get() if request_id_var.get() != "-" else ""
    occurred_at = timezone.now()
    events = [
        AuditEvent(
            occurred_at=occurred_at,
            actor_user_id=user_id,
            actor_username=username[:150],
            api_client_id=client_id,
            action=action,
            outcome=outcome,
            object_type=object_type,
            object_id="" if object_id is None else str(object_id)[:64],
            ip_address=ip_address,
            request_id=request_id,
            details=details,
        )
        for object_id, details in objects
    ]
    AuditEvent.objects.bulk_create(events, batch_size=2000)
    return len(events)


@contextlib.contextmanager
def audit_actor(label: str) -> Iterator[None]:
    """Name the actor of the events recorded inside (a task, a management command)."""
    token = actor_label_var.set(label)
    try:
        yield
    finally:
        actor_label_var.reset(token)


def audit_events_for(*, object_type: str, object_id: object) -> QuerySet[AuditEvent]:
    """The history of one object, newest first: its own events and, for a building or a plan,
    the events of what belongs to it (records, flags, plans, documents).

    `object_type` is the model label in lower case, e.g. "buildings.building".
    """
    condition = Q(object_type=object_type, object_id=str(object_id))
    for key, parent_type in PARENT_FIELDS.items():
        if parent_type == object_type:
            condition |= Q(**{f"details__{key}": object_id})
    return AuditEvent.objects.filter(condition).order_by("-occurred_at", "-id")


# --- model state changes -----------------------------------------------------------------------


def _label(instance: Model) -> str:
    return instance._meta.label_lower


def _attnames(instance: Model, update_fields: Any) -> list[str]:
    fields = [f for f in instance._meta.concrete_fields if not f.primary_key]
    if update_fields:
        names = set(update_fields)
        fields = [f for f in fields if f.name in names or f.attname in names]
    return [f.attname for f in fields]


def _parents(instance: Model) -> dict[str, Any]:
    parents = {key: getattr(instance, key) for key in PARENT_FIELDS if hasattr(instance, key)}
    if parents.get("plan_id") is not None and "building_id" not in parents:
        # A plan's document or comment belongs to the plan's building too.
        with contextlib.suppress(ObjectDoesNotExist):
            parents["building_id"] = instance.plan.building_id  # type: ignore[attr-defined]
    return {key: value for key, value in parents.items() if value is not None}


def _json_value(value: Any) -> Any:
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def _before_save(
    sender: type[Model], instance: Model, raw: bool, update_fields: Any, **kwargs: Any
) -> None:  # noqa: E501
    if instance._state.adding or instance.pk is None:
        return
    names = _attnames(instance, update_fields)
    if not names or set(names) <= IGNORED_FIELDS:
        instance._audit_old = None  # type: ignore[attr-defined]
        return
    old = sender._base_manager.filter(pk=instance.pk).values(*names).first()
    instance._audit_old = old  # type: ignore[attr-defined]


def _after_save(
    sender: type[Model], instance: Model, created: bool, update_fields: Any, **kwargs: Any
) -> None:
    details: dict[str, Any] = _parents(instance)
    if created:
        action = "created"
    else:
        old = getattr(instance, "_audit_old", None)
        instance._audit_old = None  # type: ignore[attr-defined]
        if old is None:
            return  # only bookkeeping fields were saved (last_login, updated_at)
        changed = {
            name: [_json_value(before), _json_value(getattr(instance, name))]
            for name, before in old.items()
            if name not in IGNORED_FIELDS and before != getattr(instance, name)
        }
        if not changed:
            return
        action = "updated"
        details["changed"] = sorted(changed)
        values = {name: pair for name, pair in changed.items() if name in VALUE_FIELDS}
        if values:
            details["values"] = values
    audit_record(
        action=f"{_label(instance)}.{action}",
        object_type=_label(instance),
        object_id=instance.pk,
        details=details,
    )


def _after_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    audit_record(
        action=f"{_label(instance)}.deleted",
        object_type=_label(instance),
        object_id=instance.pk,
        details=_parents(instance),
    )


def _import_job_saved(sender: type[Model], instance: Any, created: bool, **kwargs: Any) -> None:
    """One event per finished vacancy-record import (the import writes in bulk SQL)."""
    if instance.finished_at is None or instance.status not in {"succeeded", "failed"}:
        return
    succeeded = instance.status == "succeeded"
    audit_record(
        action="buildings.vacancyrecord.imported",
        outcome=AuditOutcome.SUCCESS if succeeded else AuditOutcome.FAILURE,
        object_type="buildings.importjob",
        object_id=instance.pk,
        user=instance.created_by,
        details={
            "api_client_id": instance.api_client_id,
            "total_rows": instance.total_rows,
            "created": instance.created_count,
            "updated": instance.updated_count,
            "unchanged": instance.unchanged_count,
            "errors": len(instance.errors or []),
        },
    )


def _flag_run_saved(sender: type[Model], instance: Any, created: bool, **kwargs: Any) -> None:
    """One event per finished run of the flag job (it writes flags in bulk SQL)."""
    if instance.finished_at is None:
        return
    audit_record(
        action="buildings.structuralvacancyflag.job_ran",
        object_type="buildings.flagrun",
        object_id=instance.pk,
        details={
            "as_of": instance.as_of.isoformat(),
            "created": instance.created,
            "resolved": instance.resolved,
            "active": instance.active,
        },
    )


# --- sign-in, sign-out, lockouts -----------------------------------------------------------------

SIGNED_IN_AT_KEY = "kantorentop_signed_in_at"


def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT_KEY] = int(timezone.now().timestamp())
    audit_record(
        action="auth.signed_in",
        user=user,
        request=request,
        object_type=_label(user),
        object_id=user.pk,
    )


def _signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    audit_record(
        action="auth.signed_out",
        user=user,
        request=request,
        object_type=_label(user),
        object_id=user.pk,
    )


def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already masked the password in `credentials`; only the name given is kept.
    audit_record(
        action="auth.sign_in_failed",
        outcome=AuditOutcome.FAILURE,
        request=request,
        details={"username": str(credentials.get("username", ""))[:150]},
    )


def _locked_out(
    sender: Any,
    request: HttpRequest | None,
    username: str | None,
    ip_address: str | None,
    **kwargs: Any,
) -> None:
    audit_record(
        action="auth.locked_out",
        outcome=AuditOutcome.DENIED,
        request=request,
        details={"username": str(username or "")[:150]},
    )


def refused_access_record(request: HttpRequest, status: int) -> None:
    """An event for a refused request: 401 and 403 always, 404 of an object URL (one with
    arguments) for a signed-in caller, which is how an object outside one's scope answers."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and getattr(user, "is_authenticated", False))
    if status == 404:
        match = getattr(request, "resolver_match", None)
        if not (signed_in and match is not None and match.kwargs):
            return
    elif status not in (401, 403):
        return
    match = getattr(request, "resolver_match", None)
    try:
        audit_record(
            action="access.refused",
            outcome=AuditOutcome.DENIED,
            request=request,
            details={
                "method": request.method,
                "path": request.path[:300],
                "status": status,
                "view": match.view_name if match is not None else "",
            },
        )
    except Exception:
        # The refusal stands whether or not it could be recorded; the failure is logged.
        logger.exception("Audit event for a refused request not recorded")


def connect_receivers() -> None:
    """Connect the receivers (CoreConfig.ready)."""
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    for label in TRACKED_MODELS:
        pre_save.connect(_before_save, sender=label, dispatch_uid=f"audit-pre-{label}")
        post_save.connect(_after_save, sender=label, dispatch_uid=f"audit-save-{label}")
        post_delete.connect(_after_delete, sender=label, dispatch_uid=f"audit-delete-{label}")
    post_save.connect(_import_job_saved, sender="buildings.ImportJob", dispatch_uid="audit-import")
    post_save.connect(_flag_run_saved, sender="buildings.FlagRun", dispatch_uid="audit-flag-run")
    user_logged_in.connect(_signed_in, dispatch_uid="audit-signed-in")
    user_logged_out.connect(_signed_out, dispatch_uid="audit-signed-out")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="audit-sign-in-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="audit-locked-out")


# --- Celery tasks: the task is the actor, its id the request id -------------------------------

_task_tokens: dict[str, tuple[Any, Any]] = {}


def _task_started(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    if task_id:
        _task_tokens[task_id] = (
            request_id_var.set(task_id),
            actor_label_var.set(f"task:{getattr(task, 'name', 'unknown')}"),
        )


def _task_finished(task_id: str | None = None, **kwargs: Any) -> None:
    tokens = _task_tokens.pop(task_id or "", None)
    if tokens is not None:
        with contextlib.suppress(ValueError):  # set in another context: nothing to undo
            actor_label_var.reset(tokens[1])
            request_id_var.reset(tokens[0])


def connect_task_context() -> None:
    """Name the task in the log lines and audit events it writes (CoreConfig.ready)."""
    from celery.signals import task_postrun, task_prerun

    task_prerun.connect(_task_started, dispatch_uid="audit-task-prerun", weak=False)
    task_postrun.connect(_task_finished, dispatch_uid="audit-task-postrun", weak=False)
