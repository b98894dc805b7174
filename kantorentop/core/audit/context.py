"""Who acts and from where: the current request or the named actor of a task or command, and
the caller's address. A Celery task is the actor of its events, its id the request id."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from kantorentop.core.logging import request_id_var

# The request being handled, or None (a task, a management command).
request_var: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)
# Who acts outside a request: "task:<name>" or "command:<name>".
actor_label_var: ContextVar[str] = ContextVar("audit_actor_label", default="")


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


def current_actor(request: HttpRequest | None) -> tuple[int | None, str, int | None]:
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


@contextlib.contextmanager
def audit_actor(label: str) -> Iterator[None]:
    """Name the actor of the events recorded inside (a task, a management command)."""
    token = actor_label_var.set(label)
    try:
        yield
    finally:
        actor_label_var.reset(token)


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
