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
    # The Leegstandwet register (vacancy_law, migration 0003): a municipality's business with one
    # owner, so only they see these (MUNICIPAL_TYPES); an ordinance is published law.
    VACANCY_ORDINANCE_CREATED = (
        "nl.kantorentop.vacancy-ordinance.created",
        _("Vacancy ordinance version recorded"),
    )
    VACANCY_ORDINANCE_CHANGED = (
        "nl.kantorentop.vacancy-ordinance.changed",
        _("Vacancy ordinance version changed"),
    )
    VACANCY_REPORT_SUBMITTED = "nl.kantorentop.vacancy-report.submitted", _("Vacancy reported")
    VACANCY_REPORT_CONFIRMED = (
        "nl.kantorentop.vacancy-report.confirmed",
        _("Vacancy report confirmed"),
    )
    VACANCY_CASE_OPENED = "nl.kantorentop.vacancy-case.opened", _("Vacancy case opened")
    VACANCY_CASE_REPORTED = "nl.kantorentop.vacancy-case.reported", _("Vacancy case reported")
    VACANCY_CASE_CONSULTED = "nl.kantorentop.vacancy-case.consulted", _("Vacancy case consulted")
    VACANCY_CASE_DECIDED = "nl.kantorentop.vacancy-case.decided", _("Vacancy case decided")
    VACANCY_CASE_COMPLIED = "nl.kantorentop.vacancy-case.complied", _("Vacancy case complied")
    VACANCY_CASE_CLOSED = "nl.kantorentop.vacancy-case.closed", _("Vacancy case closed")
    RECORD_DISPUTE_OPENED = "nl.kantorentop.record-dispute.opened", _("Record disputed")
    RECORD_DISPUTE_DECIDED = "nl.kantorentop.record-dispute.decided", _("Record dispute decided")
    # A change the feed does not publish (reference data, a flag's reminder, a deletion in the
    # admin): it moves the data version that the API's ETags are made of, and nothing else.
    INTERNAL = "internal", _("Internal (not published)")


PUBLISHED_TYPES = [choice for choice in EventType.values if choice != EventType.INTERNAL]

# Events of what the law gives the municipality alone (a Leegstandwet case, its report, a
# dispute of a record): seen by the officers of the object's municipality and by its owner, never
# by a province or the nation, which read the register as counts (docs/adr/0018).
MUNICIPAL_TYPES = [
    choice
    for choice in EventType.values
    if choice.startswith(
        (
            "nl.kantorentop.vacancy-report.",
            "nl.kantorentop.vacancy-case.",
            "nl.kantorentop.record-dispute.",
        )
    )
]
# Events of published law: every reader of the feed sees them.
PUBLIC_TYPES = [
    EventType.VACANCY_ORDINANCE_CREATED.value,
    EventType.VACANCY_ORDINANCE_CHANGED.value,
]


class ImportKind(models.TextChoices):
    """What a bulk change (events.services.bulk_change) was; `data.import` of its event."""

    VACANCY_RECORDS = "vacancy-records", _("Vacancy records import")
    BAG = "bag", _("BAG import")
    ENERGY_LABELS = "energy-labels", _("Energy label import")
    DEMO = "demo", _("Demo data")
