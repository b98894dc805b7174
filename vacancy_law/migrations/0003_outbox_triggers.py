"""The register's events in the outbox, written by the database as those of buildings, records,
flags and plans are (events, migration 0002; docs/adr/0017-event-feed-ordering.md): one
statement-level trigger per table and operation, in the transaction of the change, so the
services, the admin and psql are covered alike.

- a case: `opened` when inserted, then one event per step (`reported`, `consulted`, `decided`,
  `complied`, `closed`: the status it reached);
- a report: `submitted`, then `confirmed`;
- a dispute of a record: `opened`, then `decided` (`data.status`: upheld or corrected); it also
  moves the data version behind the ETags of the records, whose `disputed` it changes;
- an ordinance version: `created`, and `changed` when the admin edits it.

Any other change of these rows (a deadline moved, a text corrected) writes an `internal` event,
and so do deletions and TRUNCATE. Inside a bulk change (the demo loader) only the
municipalities and owners are added to the bulk change's one event. Who sees which event:
events.querysets.EventQuerySet.visible_to (cases, reports and disputes by the municipality's
officers and the owner only; ordinances by every reader).
"""

from django.db import migrations

# As events/0002's writer: numbers the rows of `changes` in this transaction's range.
_WRITE = """
    DECLARE
        bulk bigint := events_bulk_sequence();
        base bigint;
        written bigint;
        municipalities bigint[];
        organisations bigint[];
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
            RETURN NULL;
        END IF;
        IF bulk IS NOT NULL THEN
            SELECT array_agg(DISTINCT a.municipality_id), array_agg(DISTINCT a.owner_id)
            INTO municipalities, organisations FROM ({area}) a;
            PERFORM events_bulk_note(bulk, municipalities, organisations);
            RETURN NULL;
        END IF;
        base := events_sequence_base();
        INSERT INTO events_event (sequence, event_id, type, occurred_at, subject, dataref, data,
                                  municipality_id, organisation_id, area_municipality_ids,
                                  area_organisation_ids)
        SELECT base + row_number() OVER (ORDER BY c.row_id) - 1, gen_random_uuid(), c.type,
               statement_timestamp(), c.subject, c.dataref, c.data, c.municipality_id,
               c.organisation_id, '{{}}', '{{}}'
        FROM ({changes}) c;
        GET DIAGNOSTICS written = ROW_COUNT;
        PERFORM events_check_room(base, written);
        RETURN NULL;
    END
"""

_BUILDINGS_AREA = """
    SELECT DISTINCT b.municipality_id, b.owner_id FROM buildings_building b
    WHERE b.id IN (SELECT building_id FROM new_rows)
"""
_ORDINANCES_AREA = "SELECT DISTINCT municipality_id, NULL::bigint AS owner_id FROM new_rows"

# A row whose columns other than its modification time changed.
_CHANGED = "(to_jsonb(n) - 'updated_at') IS DISTINCT FROM (to_jsonb(o) - 'updated_at')"
_P = "nl.kantorentop."

_CASE = f"""
    SELECT n.id AS row_id, {{type}} AS type, b.bag_id AS subject,
           'vacancy-cases/' || n.id AS dataref,
           jsonb_build_object('id', n.id, 'bagId', b.bag_id, 'status', n.status,
               'origin', n.origin, 'vacantSince', n.vacant_since, 'openedOn', n.opened_on,
               'nextStep', nullif(n.next_step, ''), 'nextDueOn', n.next_due_on) AS data,
           b.municipality_id, b.owner_id AS organisation_id
    FROM new_rows n JOIN buildings_building b ON b.id = n.building_id
"""
_CASES_INSERTED = _CASE.format(type=f"'{_P}vacancy-case.opened'")
_CASES_UPDATED = (
    _CASE.format(
        type=f"""CASE WHEN n.status IS DISTINCT FROM o.status
                 THEN '{_P}vacancy-case.' || n.status ELSE 'internal' END"""
    )
    + f" JOIN old_rows o ON o.id = n.id WHERE {_CHANGED}"
)

_REPORT = f"""
    SELECT n.id AS row_id, {{type}} AS type, b.bag_id AS subject,
           'vacancy-reports/' || n.id AS dataref,
           jsonb_build_object('id', n.id, 'bagId', b.bag_id, 'status', n.status,
               'vacantSince', n.vacant_since, 'vacantAreaM2', n.vacant_area_m2,
               'reportedOn', n.reported_on) AS data,
           b.municipality_id, n.organisation_id
    FROM new_rows n JOIN buildings_building b ON b.id = n.building_id
"""
_REPORTS_INSERTED = _REPORT.format(type=f"'{_P}vacancy-report.submitted'")
_REPORTS_UPDATED = (
    _REPORT.format(
        type=f"""CASE WHEN n.status IS DISTINCT FROM o.status
                 THEN '{_P}vacancy-report.' || n.status ELSE 'internal' END"""
    )
    + f" JOIN old_rows o ON o.id = n.id WHERE {_CHANGED}"
)

_DISPUTE = f"""
    SELECT n.id AS row_id, {{type}} AS type, b.bag_id AS subject,
           'record-disputes/' || n.id AS dataref,
           jsonb_build_object('id', n.id, 'bagId', b.bag_id, 'observedOn', r.observed_on,
               'status', n.status, 'disputedVacantAreaM2', n.disputed_vacant_area_m2,
               'correctedVacantAreaM2', n.corrected_vacant_area_m2) AS data,
           b.municipality_id, n.organisation_id
    FROM new_rows n JOIN buildings_building b ON b.id = n.building_id
    JOIN buildings_vacancyrecord r ON r.id = n.record_id
"""
_DISPUTES_INSERTED = _DISPUTE.format(type=f"'{_P}record-dispute.opened'")
_DISPUTES_UPDATED = (
    _DISPUTE.format(
        type=f"""CASE WHEN n.status IS DISTINCT FROM o.status
                 THEN '{_P}record-dispute.decided' ELSE 'internal' END"""
    )
    + f" JOIN old_rows o ON o.id = n.id WHERE {_CHANGED}"
)

_ORDINANCE = f"""
    SELECT n.id AS row_id, {{type}} AS type, m.code AS subject,
           'vacancy-ordinances/' || n.id AS dataref,
           jsonb_build_object('id', n.id, 'municipality', m.code, 'title', n.title,
               'adoptedOn', n.adopted_on, 'inForceFrom', n.in_force_from) AS data,
           n.municipality_id, NULL::bigint AS organisation_id
    FROM new_rows n JOIN regions_municipality m ON m.id = n.municipality_id
"""
_ORDINANCES_INSERTED = _ORDINANCE.format(type=f"'{_P}vacancy-ordinance.created'")
_ORDINANCES_UPDATED = (
    _ORDINANCE.format(type=f"'{_P}vacancy-ordinance.changed'")
    + f" JOIN old_rows o ON o.id = n.id WHERE {_CHANGED}"
)

TABLES = [
    "vacancy_law_vacancycase",
    "vacancy_law_vacancyreport",
    "vacancy_law_recorddispute",
    "vacancy_law_vacancyordinance",
]

# (table, name, operation, changes, area)
WRITERS = [
    (TABLES[0], "cases_inserted", "INSERT", _CASES_INSERTED, _BUILDINGS_AREA),
    (TABLES[0], "cases_updated", "UPDATE", _CASES_UPDATED, _BUILDINGS_AREA),
    (TABLES[1], "reports_inserted", "INSERT", _REPORTS_INSERTED, _BUILDINGS_AREA),
    (TABLES[1], "reports_updated", "UPDATE", _REPORTS_UPDATED, _BUILDINGS_AREA),
    (TABLES[2], "disputes_inserted", "INSERT", _DISPUTES_INSERTED, _BUILDINGS_AREA),
    (TABLES[2], "disputes_updated", "UPDATE", _DISPUTES_UPDATED, _BUILDINGS_AREA),
    (TABLES[3], "ordinances_inserted", "INSERT", _ORDINANCES_INSERTED, _ORDINANCES_AREA),
    (TABLES[3], "ordinances_updated", "UPDATE", _ORDINANCES_UPDATED, _ORDINANCES_AREA),
]


def _referencing(operation: str) -> str:
    if operation == "UPDATE":
        return "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    return "REFERENCING NEW TABLE AS new_rows"


FORWARD = [
    *(
        f"CREATE FUNCTION events_{name}() RETURNS trigger LANGUAGE plpgsql AS $$"
        f"{_WRITE.format(changes=changes, area=area)}$$"
        for _table, name, _operation, changes, area in WRITERS
    ),
    *(
        f"CREATE TRIGGER events_{name} AFTER {operation} ON {table} "
        f"{_referencing(operation)} FOR EACH STATEMENT EXECUTE FUNCTION events_{name}()"
        for table, name, operation, _changes, _area in WRITERS
    ),
    *(
        f"CREATE TRIGGER events_deleted AFTER DELETE ON {table} REFERENCING OLD TABLE AS "
        f"old_rows FOR EACH STATEMENT EXECUTE FUNCTION events_deleted()"
        for table in TABLES
    ),
    *(
        f"CREATE TRIGGER events_internal AFTER TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION events_internal()"
        for table in TABLES
    ),
]

BACKWARD = [
    *(f"DROP TRIGGER events_internal ON {table}" for table in TABLES),
    *(f"DROP TRIGGER events_deleted ON {table}" for table in TABLES),
    *(f"DROP TRIGGER events_{name} ON {table}" for table, name, *_rest in WRITERS),
    *(f"DROP FUNCTION events_{name}()" for _table, name, *_rest in WRITERS),
]


class Migration(migrations.Migration):
    dependencies = [
        ("vacancy_law", "0002_case_letters"),
        ("events", "0004_vacancy_law_types"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
