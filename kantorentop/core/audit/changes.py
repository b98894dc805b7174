"""Model state changes: the save and delete receivers of the tracked models, and one summary
event per finished bulk run (ImportJob, FlagRun)."""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_save

from kantorentop.core.audit.events import PARENT_FIELDS, audit_record
from kantorentop.core.models import AuditOutcome

# Models whose every state change is an event (by label, so this package imports no domain app).
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


def model_label(instance: Model) -> str:
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
        action=f"{model_label(instance)}.{action}",
        object_type=model_label(instance),
        object_id=instance.pk,
        details=details,
    )


def _after_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    audit_record(
        action=f"{model_label(instance)}.deleted",
        object_type=model_label(instance),
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


def connect_change_receivers() -> None:
    """Connect the receivers of the tracked models, ImportJob and FlagRun (by model label)."""
    for label in TRACKED_MODELS:
        pre_save.connect(_before_save, sender=label, dispatch_uid=f"audit-pre-{label}")
        post_save.connect(_after_save, sender=label, dispatch_uid=f"audit-save-{label}")
        post_delete.connect(_after_delete, sender=label, dispatch_uid=f"audit-delete-{label}")
    post_save.connect(_import_job_saved, sender="buildings.ImportJob", dispatch_uid="audit-import")
    post_save.connect(_flag_run_saved, sender="buildings.FlagRun", dispatch_uid="audit-flag-run")
