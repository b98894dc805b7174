"""Shared model pieces."""

from typing import Any

import pghistory.models
import pgtrigger
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and last-change times to a model."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def modification_time_triggers(
    *, table: str, column: str, ignore: tuple[str, ...] = ()
) -> list[pgtrigger.Trigger]:
    """The triggers that make the database keep a row's modification time in `column`, whoever
    writes (a service, the admin, a bulk COPY, psql): the start of the statement that wrote the
    row (`statement_timestamp()`, what Django's `Now()` is on PostgreSQL).

    On INSERT a row that already carries the statement's time (the column's default) costs no
    function call, so a COPY of a million rows without the column pays nothing per row. On
    UPDATE the time moves only when another column than `column` and `ignore` changed, so a
    save that changes nothing keeps the row's time (docs/adr/0017-event-feed-ordering.md).
    """
    keep = "".join(f"probe.{name} := OLD.{name}; " for name in (column, *ignore))
    return [
        pgtrigger.Trigger(
            name="modified_at_insert",
            when=pgtrigger.Before,
            operation=pgtrigger.Insert,
            condition=pgtrigger.Condition(f"NEW.{column} IS DISTINCT FROM statement_timestamp()"),
            func=f"NEW.{column} := statement_timestamp(); RETURN NEW;",
        ),
        pgtrigger.Trigger(
            name="modified_at_update",
            when=pgtrigger.Before,
            operation=pgtrigger.Update,
            declare=[("probe", table)],
            func=f"""
                probe := NEW; {keep}
                IF probe IS DISTINCT FROM OLD THEN
                    NEW.{column} := statement_timestamp();
                ELSE
                    NEW.{column} := OLD.{column};
                END IF;
                RETURN NEW;
            """,
        ),
    ]


class HistoryChange(models.TextChoices):
    """The labels of pghistory's trackers (InsertEvent, UpdateEvent, DeleteEvent)."""

    INSERT = "insert", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")


class Event(pghistory.models.Event):
    """The base of every version model pghistory's triggers write (`PGHISTORY_BASE_MODEL`), so
    its fields have labels: the library names them after their columns ("pgh created at") and
    marks none for translation. Named `Event` as the library's own: pghistory names a version
    model after its base (`VacancyRecordEvent`)."""

    pgh_id = models.AutoField(_("sequence number"), primary_key=True)
    pgh_created_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    pgh_label = models.TextField(_("change"), choices=HistoryChange.choices)

    # pghistory adds these to each version model itself, after the base's fields.
    LABELS = {"pgh_obj": _("current version"), "pgh_context": _("context of the change")}

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pgh_id}"

    @classmethod
    def pghistory_setup(cls, *args: Any, **kwargs: Any) -> None:
        super().pghistory_setup(*args, **kwargs)
        for field in cls._meta.local_fields:
            if field.name in cls.LABELS:
                # `_verbose_name` is what the field's deconstruction (migrations) reads.
                field.verbose_name = field._verbose_name = cls.LABELS[field.name]  # type: ignore[attr-defined]


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")
    DENIED = "denied", _("Denied")


class AuditEvent(models.Model):
    """One entry of the audit trail: who did what to which object, when (UTC), from where, and
    with which outcome (BIO2 8.15.01).

    Append-only: the database refuses UPDATE and DELETE (a pgtrigger Protect). Actors and objects
    are plain ids, not foreign keys, so deleting a user or an object keeps its history and never
    needs to touch an event.
    """

    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now, db_index=True)
    actor_user_id = models.BigIntegerField(_("user id"), null=True, blank=True)
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    api_client_id = models.BigIntegerField(_("API client id"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=AuditOutcome.choices)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "occurred_at"]),
            models.Index(fields=["actor_user_id", "occurred_at"]),
            models.Index(fields=["action", "occurred_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=AuditOutcome.values), name="audit_outcome_valid"
            )
        ]
        triggers = [
            pgtrigger.Protect(
                name="audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action} {self.outcome}"


class RefusedAccessCount(models.Model):
    """How many requests without valid credentials (no key, a wrong key, a failed CSRF check)
    were refused from one address in one minute.

    Anyone can send such requests, so they are counted, not recorded one by one: the first of
    the minute is an AuditEvent, every one adds 1 here (one upsert), so neither table grows by
    more than one row per address and minute however fast they come.
    """

    minute = models.DateTimeField(_("minute"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    last_path = models.CharField(_("last path"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("refused access count")
        verbose_name_plural = _("refused access counts")
        ordering = ["-minute", "ip_address"]
        constraints = [
            # NULLS NOT DISTINCT: requests without an address share one row per minute too.
            models.UniqueConstraint(
                fields=["minute", "ip_address"],
                name="refused_access_count_once_per_minute",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.minute:%Y-%m-%d %H:%M} {self.ip_address} {self.count}"
