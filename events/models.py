"""The outbox: one row per change, written by the database in the transaction of the change."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from events.choices import EventType
from events.querysets import EventQuerySet


class Event(models.Model):
    """One change of a building, vacancy record, flag or plan, of the Leegstandwet register
    (ordinance, report, case, dispute), or one bulk import: a CloudEvent of the feed
    `/api/v1/events`.

    Written by triggers on the changed tables (migration 0002; the register's in vacancy_law's
    0003), in the same transaction as the change, so the admin, COPY and psql are covered as
    well as the services. `sequence` is the writing transaction's id times
    EVENTS_PER_TRANSACTION plus the event's place in it; readers see an event only once every
    transaction with a smaller id has ended, so the feed's order never has an event appear
    before one already read (docs/adr/0017-event-feed-ordering.md).

    Who may see it: the municipality and owner of its object; for an import, those of every
    object it changed (`area_*`); the register's events by their type
    (EventQuerySet.visible_to). `dataref` is the object's path below /api/v1/.
    """

    sequence = models.BigIntegerField(_("sequence"), primary_key=True)
    event_id = models.UUIDField(_("event id"), db_default=RandomUUID(), editable=False)
    type = models.CharField(_("type"), max_length=60, choices=EventType.choices)
    occurred_at = models.DateTimeField(_("time"), db_default=Now())
    subject = models.CharField(_("subject"), max_length=16, blank=True)
    dataref = models.CharField(_("data reference"), max_length=300, blank=True)
    data = models.JSONField(_("data"), default=dict)
    # No foreign-key constraint: a constraint check per event would cost a bulk statement a
    # lookup per row, and an event outlives what it names.
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    organisation_id = models.BigIntegerField(_("owner organisation id"), null=True, blank=True)
    area_municipality_ids = ArrayField(
        models.BigIntegerField(), verbose_name=_("municipalities changed"), default=list
    )
    area_organisation_ids = ArrayField(
        models.BigIntegerField(), verbose_name=_("owner organisations changed"), default=list
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["sequence"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type__in=EventType.values), name="event_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sequence} {self.type} {self.subject}".strip()
