"""The types of the events in the feed (contract: api-v1.md, "Keeping a copy up to date")."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Sequence numbers: the writing transaction's id times this, plus the event's place in it
# (docs/adr/0017-event-feed-ordering.md). The database functions of migration 0001 use the same.
EVENTS_PER_TRANSACTION = 10_000_000

SOURCE = "urn:nld:kantorentop"


class EventType(models.TextChoices):
    BUILDING_CREATED = "nl.kantorentop.building.created", _("Building created")
    BUILDING_CHANGED = "nl.kantorentop.building.changed", _("Building changed")
    BUILDING_WITHDRAWN = "nl.kantorentop.building.withdrawn", _("Building withdrawn")
    VACANCY_RECORD_WRITTEN = "nl.kantorentop.vacancy-record.written", _("Vacancy record written")
    FLAG_RAISED = "nl.kantorentop.structural-vacancy-flag.raised", _("Flag raised")
    FLAG_RESOLVED = "nl.kantorentop.structural-vacancy-flag.resolved", _("Flag resolved")
    FLAG_DISMISSED = "nl.kantorentop.structural-vacancy-flag.dismissed", _("Flag dismissed")
    PLAN_SUBMITTED = "nl.kantorentop.transformation-plan.submitted", _("Plan submitted")
    PLAN_DECIDED = "nl.kantorentop.transformation-plan.decided", _("Plan decided")
    IMPORT_COMPLETED = "nl.kantorentop.import.completed", _("Import completed")
    # A change the feed does not publish (reference data, a flag's reminder, a deletion in the
    # admin): it moves the data version that the API's ETags are made of, and nothing else.
    INTERNAL = "internal", _("Internal (not published)")


PUBLISHED_TYPES = [choice for choice in EventType.values if choice != EventType.INTERNAL]


class ImportKind(models.TextChoices):
    """What a bulk change (events.services.bulk_change) was; `data.import` of its event."""

    VACANCY_RECORDS = "vacancy-records", _("Vacancy records import")
    BAG = "bag", _("BAG import")
    ENERGY_LABELS = "energy-labels", _("Energy label import")
    DEMO = "demo", _("Demo data")
