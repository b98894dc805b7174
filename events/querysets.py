"""Reads of the outbox: what the feed may serve (stable), and to whom (visible_to)."""

from typing import TYPE_CHECKING

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL

from events.choices import EVENTS_PER_TRANSACTION, MUNICIPAL_TYPES, PUBLIC_TYPES, EventType
from kantorentop.accounts.scopes import Scope, area_condition, municipal_condition
from regions.models import Municipality

if TYPE_CHECKING:
    from events.models import Event  # noqa: F401

# The first sequence number that a transaction still in progress may hold: the oldest running
# transaction's id times EVENTS_PER_TRANSACTION. Every event below it is final (its transaction
# has ended); none can appear there any more. Read in the statement's own snapshot.
STABLE_BOUND_SQL = (
    f"(pg_snapshot_xmin(pg_current_snapshot())::text::bigint * {EVENTS_PER_TRANSACTION})"
)


class EventQuerySet(models.QuerySet["Event"]):
    def stable(self) -> "EventQuerySet":
        """Events of ended transactions only: the feed's order is final below this bound, so a
        reader that continues after the last event it got misses none (ADR 0017)."""
        return self.filter(sequence__lt=RawSQL(STABLE_BOUND_SQL, []))  # noqa: S611

    def published(self) -> "EventQuerySet":
        """Without the internal events (they only move the data version)."""
        return self.exclude(type=EventType.INTERNAL)

    def visible_to(self, scope: Scope) -> "EventQuerySet":
        """Events of objects the actor may see: in its area (the object's municipality, or for
        an import one of the municipalities it changed) or of an organisation it belongs to.
        The register's events (MUNICIPAL_TYPES) only in the municipalities the actor governs as
        a municipality, or of its own organisations; a province or the nation never sees them
        (docs/adr/0018). Ordinances are published law: every reader sees their events."""
        municipal = Q(type__in=MUNICIPAL_TYPES)
        condition = Q(type__in=PUBLIC_TYPES)
        if scope.national:
            condition |= ~municipal
        else:
            visible = Municipality.objects.filter(area_condition(scope, municipality=""))
            condition |= ~municipal & (
                Q(municipality__in=visible.values("pk"))
                | Q(area_municipality_ids__overlap=ArraySubquery(visible.values("pk")))
            )
        governed = Municipality.objects.filter(municipal_condition(scope, municipality=""))
        condition |= municipal & Q(municipality__in=governed.values("pk"))
        if scope.owner_organisation_ids:
            owners = sorted(scope.owner_organisation_ids)
            condition |= Q(organisation_id__in=owners) | Q(area_organisation_ids__overlap=owners)
        return self.filter(condition)
