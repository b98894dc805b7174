"""Vacancy records: how much of a building's lettable area was vacant on a date."""

import datetime

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Now
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from buildings.choices import RecordSource
from buildings.models.building import Building
from buildings.models.fields import WholeAreaField
from buildings.querysets import VacancyRecordQuerySet
from kantorentop.core.models import modification_time_triggers

EARLIEST_OBSERVATION = datetime.date(1990, 1, 1)


VACANCY_RECORDS_CHECK_SQL = """
    PERFORM 1 FROM buildings_building b
    WHERE b.id IN (SELECT n.building_id FROM new_records n)
    ORDER BY b.id FOR SHARE;
    SELECT n.vacant_area_m2, n.building_id, b.lettable_floor_area_m2 INTO bad
    FROM new_records n JOIN buildings_building b ON b.id = n.building_id
    WHERE n.vacant_area_m2 > b.lettable_floor_area_m2
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'vacant area % exceeds the lettable area of building %',
            bad.vacant_area_m2, bad.building_id
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT n.observed_on INTO bad FROM new_records n
    WHERE n.observed_on > (now() AT TIME ZONE 'Europe/Amsterdam')::date
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'observation date % is in the future', bad.observed_on
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
"""


# A note explains an observation in a few sentences; the limit keeps a client from storing
# documents in it (and every page and export that shows notes from growing without bound).
NOTE_MAX_LENGTH = 1000


# History keeps each replaced or deleted version (the current one is the row itself), so a
# million inserted records do not write a million history rows.
@pghistory.track(
    pghistory.UpdateEvent(row=pghistory.Old),
    pghistory.DeleteEvent(),
    obj_field=None,
    meta={
        "verbose_name": _("earlier vacancy record"),
        "verbose_name_plural": _("earlier vacancy records"),
    },
)
class VacancyRecord(models.Model):
    """On `observed_on`, `vacant_area_m2` of the building's lettable area was vacant.

    The record holds until the building's next record (a step function). Changes are kept in
    history (pghistory triggers, which also see bulk writes).
    """

    # No index of its own: the unique index on (building, observed_on) serves building lookups.
    building = models.ForeignKey(
        Building,
        on_delete=models.CASCADE,
        related_name="vacancy_records",
        db_index=False,
        verbose_name=_("building"),
    )
    observed_on = models.DateField(_("observed on"), error_messages={"invalid": _("Give a date.")})
    vacant_area_m2 = WholeAreaField(
        _("vacant area (m2)"), error_messages={"invalid": _("Give the vacant area in whole m2.")}
    )
    source = models.CharField(_("source"), max_length=20, choices=RecordSource.choices)
    note = models.TextField(_("note"), blank=True, max_length=NOTE_MAX_LENGTH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    recorded_by_client = models.ForeignKey(
        "accounts.ApiClient",
        verbose_name=_("recorded by API client"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    # When the record was last written, kept by the database (modification_time_triggers): the
    # API's `modifiedAt`. The default is the statement's time, so a COPY need not name it.
    recorded_at = models.DateTimeField(_("recorded at"), db_default=Now())

    objects = VacancyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("vacancy record")
        verbose_name_plural = _("vacancy records")
        ordering = ["building_id", "observed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "observed_on"], name="vacancy_record_one_per_date"
            ),
            models.CheckConstraint(
                condition=Q(observed_on__gte=EARLIEST_OBSERVATION),
                name="vacancy_record_not_before_1990",
            ),
            models.CheckConstraint(
                condition=Q(source__in=RecordSource.values), name="vacancy_record_source_valid"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), NOTE_MAX_LENGTH),
                name="vacancy_record_note_max_length",
            ),
        ]
        indexes = [
            models.Index(fields=["observed_on"]),
            # A record is recorded by a user or by an API client (or neither, in the demo data):
            # partial indexes keep each record out of the index it has no value for.
            models.Index(
                fields=["recorded_by"],
                name="vacancy_record_recorded_by",
                condition=Q(recorded_by__isnull=False),
            ),
            models.Index(
                fields=["recorded_by_client"],
                name="vacancy_record_by_client",
                condition=Q(recorded_by_client__isnull=False),
            ),
            # `modifiedSince`: what was written at or after a time.
            models.Index(fields=["recorded_at"], name="vacancy_record_recorded_at"),
        ]
        # Cross-table and clock-dependent rules cannot be CHECK constraints. Checked once per
        # statement over its new rows (transition tables; one trigger per event, as PostgreSQL
        # wants), so a bulk import pays one join instead of a lookup per row. The buildings of
        # the new rows are share-locked first: a concurrent drop of a lettable area waits for
        # this transaction (and then sees its records in the building's own trigger) instead of
        # slipping between the check and the commit.
        triggers = [
            *(
                pgtrigger.Trigger(
                    name=f"vacancy_within_lettable_on_{operation}",
                    when=pgtrigger.After,
                    operation=getattr(pgtrigger, operation.capitalize()),
                    level=pgtrigger.Statement,
                    referencing=pgtrigger.Referencing(new="new_records"),
                    declare=[("bad", "record")],
                    func=VACANCY_RECORDS_CHECK_SQL,
                )
                for operation in ("insert", "update")
            ),
            *modification_time_triggers(table="buildings_vacancyrecord", column="recorded_at"),
        ]

    def __str__(self) -> str:
        return f"{self.building_id} {self.observed_on}: {self.vacant_area_m2} m2"
