"""The outbox is written by the database: statement-level triggers on the tables of buildings,
vacancy records, flags and plans add one event per changed row (one INSERT ... SELECT over the
statement's transition table, not a function call per row), in the transaction of the change.

A bulk writer (the records import, the BAG import, the demo loader) opens a bulk change first
(`events_bulk_begin`, through events.services.bulk_change): then the triggers write no event per
row, only add the municipalities and owners the statement changed to the one
`nl.kantorentop.import.completed` event of the bulk change, which `events_bulk_end` completes
with the import's counts. The bulk change is a transaction-local setting, so it ends with the
transaction (or its savepoint) whatever happens.

Sequence numbers: the transaction's id (xid8) times 10,000,000 plus the event's place in the
transaction (docs/adr/0017-event-feed-ordering.md). Changes of reference data, a flag's other
columns and deletions write an `internal` event: never published, it moves the data version
that the API's ETags are made of (events.selectors.data_version).
"""

from django.db import migrations

PER_TRANSACTION = 10_000_000

FUNCTIONS = [
    # The first free sequence number of this transaction. Taking the transaction's id first
    # (pg_current_xact_id assigns one if needed) is what the ordering rests on.
    f"""
    CREATE FUNCTION events_sequence_base() RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE
        first bigint := pg_current_xact_id()::text::bigint * {PER_TRANSACTION};
        base bigint;
    BEGIN
        SELECT coalesce(max(sequence) + 1, first) INTO base FROM events_event
        WHERE sequence >= first AND sequence < first + {PER_TRANSACTION};
        RETURN base;
    END
    $$
    """,
    f"""
    CREATE FUNCTION events_check_room(base bigint, written bigint) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        IF (base % {PER_TRANSACTION}) + written > {PER_TRANSACTION} THEN
            RAISE EXCEPTION 'more than % events in one transaction; write it as a bulk change',
                {PER_TRANSACTION} USING ERRCODE = 'program_limit_exceeded';
        END IF;
    END
    $$
    """,
    # RFC 3339 in Amsterdam time whatever the session's time zone, as the API writes times.
    """
    CREATE FUNCTION events_rfc3339(t timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT to_char(t AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD"T"HH24:MI:SS.US')
            || to_char((t AT TIME ZONE 'Europe/Amsterdam') - (t AT TIME ZONE 'UTC'), '"+"HH24:MI')
    $$
    """,
    """
    CREATE FUNCTION events_bulk_sequence() RETURNS bigint LANGUAGE sql STABLE AS $$
        SELECT nullif(current_setting('kantorentop.events_bulk', true), '')::bigint
    $$
    """,
    """
    CREATE FUNCTION events_bulk_note(bulk bigint, municipalities bigint[], organisations bigint[])
    RETURNS void LANGUAGE sql AS $$
        UPDATE events_event SET
            area_municipality_ids = ARRAY(
                SELECT DISTINCT m FROM unnest(area_municipality_ids || municipalities) m
                WHERE m IS NOT NULL ORDER BY m),
            area_organisation_ids = ARRAY(
                SELECT DISTINCT o FROM unnest(area_organisation_ids || organisations) o
                WHERE o IS NOT NULL ORDER BY o)
        WHERE sequence = bulk
    $$
    """,
    """
    CREATE FUNCTION events_bulk_begin(kind text, dataref text) RETURNS bigint
    LANGUAGE plpgsql AS $$
    DECLARE
        bulk bigint := events_bulk_sequence();
    BEGIN
        IF bulk IS NOT NULL THEN
            RAISE EXCEPTION 'a bulk change is already open in this transaction';
        END IF;
        bulk := events_sequence_base();
        INSERT INTO events_event (sequence, event_id, type, occurred_at, subject, dataref, data,
                                  municipality_id, organisation_id, area_municipality_ids,
                                  area_organisation_ids)
        VALUES (bulk, gen_random_uuid(), 'nl.kantorentop.import.completed',
                statement_timestamp(), '',
                replace(dataref, '{since}', replace(events_rfc3339(now()), '+', '%2B')),
                jsonb_build_object('import', kind), NULL, NULL, '{}', '{}');
        PERFORM set_config('kantorentop.events_bulk', bulk::text, true);
        RETURN bulk;
    END
    $$
    """,
    """
    CREATE FUNCTION events_bulk_end(bulk bigint, counts jsonb) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE events_event SET data = data || counts, occurred_at = statement_timestamp()
        WHERE sequence = bulk;
        PERFORM set_config('kantorentop.events_bulk', '', true);
    END
    $$
    """,
    # One internal event per statement (reference data, deletions, TRUNCATE); none inside a
    # bulk change, whose own event moves the data version.
    """
    CREATE FUNCTION events_internal_write(tab text, operation text) RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE
        base bigint;
    BEGIN
        IF events_bulk_sequence() IS NOT NULL THEN
            RETURN;
        END IF;
        base := events_sequence_base();
        PERFORM events_check_room(base, 1);
        INSERT INTO events_event (sequence, event_id, type, occurred_at, subject, dataref, data,
                                  municipality_id, organisation_id, area_municipality_ids,
                                  area_organisation_ids)
        VALUES (base, gen_random_uuid(), 'internal', statement_timestamp(), '', '',
                jsonb_build_object('table', tab, 'operation', operation),
                NULL, NULL, '{}', '{}');
    END
    $$
    """,
    """
    CREATE FUNCTION events_internal() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM events_internal_write(TG_TABLE_NAME, TG_OP);
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION events_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM old_rows) THEN
            PERFORM events_internal_write(TG_TABLE_NAME, TG_OP);
        END IF;
        RETURN NULL;
    END
    $$
    """,
]

# The rows of one statement as events: `changes` is a query over the statement's transition
# tables with the columns below, one INSERT numbers them in order. In a bulk change only `area`
# runs: the municipalities and owners of the rows, added to the bulk change's one event.
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

_OWN_AREA = "SELECT DISTINCT municipality_id, owner_id FROM new_rows"
_BUILDINGS_AREA = """
    SELECT DISTINCT b.municipality_id, b.owner_id FROM buildings_building b
    WHERE b.id IN (SELECT building_id FROM new_rows)
"""

_BUILDING_DATA = """jsonb_build_object('bagId', n.bag_id, 'municipality', m.code,
    'status', n.status, 'withdrawnOn', n.withdrawn_on)"""

_BUILDINGS_INSERTED = f"""
    SELECT n.id AS row_id, 'nl.kantorentop.building.created' AS type, n.bag_id AS subject,
           'buildings/' || n.bag_id AS dataref, {_BUILDING_DATA} AS data,
           n.municipality_id, n.owner_id AS organisation_id
    FROM new_rows n JOIN regions_municipality m ON m.id = n.municipality_id
"""

# A row whose modification time moved (the BEFORE trigger moves it on a real change only).
_BUILDINGS_UPDATED = f"""
    SELECT n.id AS row_id,
           CASE WHEN o.withdrawn_on IS NULL AND n.withdrawn_on IS NOT NULL
                THEN 'nl.kantorentop.building.withdrawn'
                ELSE 'nl.kantorentop.building.changed' END AS type,
           n.bag_id AS subject, 'buildings/' || n.bag_id AS dataref, {_BUILDING_DATA} AS data,
           n.municipality_id, n.owner_id AS organisation_id
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    JOIN regions_municipality m ON m.id = n.municipality_id
    WHERE n.updated_at IS DISTINCT FROM o.updated_at
"""

_RECORD = """
    SELECT n.id AS row_id, 'nl.kantorentop.vacancy-record.written' AS type, b.bag_id AS subject,
           'buildings/' || b.bag_id || '/vacancy-records' AS dataref,
           jsonb_build_object('bagId', b.bag_id, 'observedOn', n.observed_on,
               'vacantAreaM2', n.vacant_area_m2, 'source', n.source, 'note', n.note) AS data,
           b.municipality_id, b.owner_id AS organisation_id
    FROM new_rows n JOIN buildings_building b ON b.id = n.building_id
"""

_RECORDS_INSERTED = _RECORD
_RECORDS_UPDATED = (
    _RECORD
    + """
    JOIN old_rows o ON o.id = n.id WHERE n.recorded_at IS DISTINCT FROM o.recorded_at
"""
)

_FLAG_DATA = """jsonb_build_object('id', n.id, 'bagId', b.bag_id, 'status', n.status,
    'vacantSince', n.vacant_since, 'flaggedOn', n.flagged_on, 'resolvedOn', n.resolved_on,
    'resolution', nullif(n.resolution, ''))"""

_FLAGS_INSERTED = f"""
    SELECT n.id AS row_id, 'nl.kantorentop.structural-vacancy-flag.raised' AS type,
           b.bag_id AS subject, 'structural-vacancy-flags/' || n.id AS dataref,
           {_FLAG_DATA} AS data, b.municipality_id, b.owner_id AS organisation_id
    FROM new_rows n JOIN buildings_building b ON b.id = n.building_id
"""

# Resolved and dismissed are published; any other change (a plan submitted for the flag, a
# reminder sent) is internal: it moves the flag's modifiedAt, so it moves the data version.
_FLAGS_UPDATED = f"""
    SELECT n.id AS row_id,
           CASE WHEN n.status = o.status THEN 'internal'
                WHEN n.status = 'resolved' THEN 'nl.kantorentop.structural-vacancy-flag.resolved'
                WHEN n.status = 'dismissed'
                    THEN 'nl.kantorentop.structural-vacancy-flag.dismissed'
                ELSE 'internal' END AS type,
           b.bag_id AS subject, 'structural-vacancy-flags/' || n.id AS dataref,
           {_FLAG_DATA} AS data, b.municipality_id, b.owner_id AS organisation_id
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    JOIN buildings_building b ON b.id = n.building_id
    WHERE n.updated_at IS DISTINCT FROM o.updated_at
"""

_PLAN = """
    SELECT n.id AS row_id, {type} AS type, b.bag_id AS subject,
           'transformation-plans/' || n.id AS dataref,
           jsonb_build_object('id', n.id, 'bagId', b.bag_id, 'kind', n.kind, 'status', n.status)
               AS data,
           b.municipality_id, n.organisation_id
    FROM new_rows n JOIN buildings_building b ON b.id = n.building_id
"""

# Plans: submitted (also again after changes were requested) and decided are published; their
# other changes are not data the API's cheap versions depend on.
_PLANS_UPDATED = (
    _PLAN.format(
        type="""CASE WHEN n.status = 'submitted' THEN 'nl.kantorentop.transformation-plan.submitted'
                ELSE 'nl.kantorentop.transformation-plan.decided' END"""
    )
    + """
    JOIN old_rows o ON o.id = n.id
    WHERE n.status IS DISTINCT FROM o.status AND n.status IN ('submitted', 'approved', 'rejected')
"""
)
_PLANS_INSERTED = (
    _PLAN.format(type="'nl.kantorentop.transformation-plan.submitted'")
    + " WHERE n.status = 'submitted'"
)

# (table, name, operation, changes, area): one function and one trigger each.
WRITERS = [
    ("buildings_building", "buildings_inserted", "INSERT", _BUILDINGS_INSERTED, _OWN_AREA),
    ("buildings_building", "buildings_updated", "UPDATE", _BUILDINGS_UPDATED, _OWN_AREA),
    ("buildings_vacancyrecord", "records_inserted", "INSERT", _RECORDS_INSERTED, _BUILDINGS_AREA),
    ("buildings_vacancyrecord", "records_updated", "UPDATE", _RECORDS_UPDATED, _BUILDINGS_AREA),
    ("buildings_structuralvacancyflag", "flags_inserted", "INSERT", _FLAGS_INSERTED, _BUILDINGS_AREA),
    ("buildings_structuralvacancyflag", "flags_updated", "UPDATE", _FLAGS_UPDATED, _BUILDINGS_AREA),
    ("buildings_transformationplan", "plans_inserted", "INSERT", _PLANS_INSERTED, _BUILDINGS_AREA),
    ("buildings_transformationplan", "plans_updated", "UPDATE", _PLANS_UPDATED, _BUILDINGS_AREA),
]

# Deletions (the admin, a cascade) write an internal event when they deleted a row.
DELETIONS = ["buildings_building", "buildings_vacancyrecord", "buildings_structuralvacancyflag"]

# What the API's representations read besides the rows above, and TRUNCATE.
INTERNAL = [
    ("buildings_building", "TRUNCATE"),
    ("buildings_vacancyrecord", "TRUNCATE"),
    ("buildings_structuralvacancyflag", "TRUNCATE"),
    ("buildings_energylabelregistration", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
    ("regions_municipality", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
    ("regions_province", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
    ("regions_officeregion", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
]


def _referencing(operation: str) -> str:
    if operation == "UPDATE":
        return "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    return "REFERENCING NEW TABLE AS new_rows"


FORWARD = [
    *FUNCTIONS,
    *(
        f"CREATE FUNCTION events_{name}() RETURNS trigger LANGUAGE plpgsql AS $$"
        f"{_WRITE.format(changes=changes, area=area)}$$"
        for _table, name, _operation, changes, area in WRITERS
    ),
    *(
        f"CREATE TRIGGER events_{name} AFTER {operation} ON {table} {_referencing(operation)} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION events_{name}()"
        for table, name, operation, _changes, _area in WRITERS
    ),
    *(
        f"CREATE TRIGGER events_deleted AFTER DELETE ON {table} REFERENCING OLD TABLE AS "
        f"old_rows FOR EACH STATEMENT EXECUTE FUNCTION events_deleted()"
        for table in DELETIONS
    ),
    *(
        f"CREATE TRIGGER events_internal AFTER {operations} ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION events_internal()"
        for table, operations in INTERNAL
    ),
]

BACKWARD = [
    *(f"DROP TRIGGER events_internal ON {table}" for table, _operations in INTERNAL),
    *(f"DROP TRIGGER events_deleted ON {table}" for table in DELETIONS),
    *(f"DROP TRIGGER events_{name} ON {table}" for table, name, *_rest in WRITERS),
    *(f"DROP FUNCTION events_{name}()" for _table, name, *_rest in WRITERS),
    "DROP FUNCTION events_deleted()",
    "DROP FUNCTION events_internal()",
    "DROP FUNCTION events_internal_write(text, text)",
    "DROP FUNCTION events_bulk_end(bigint, jsonb)",
    "DROP FUNCTION events_bulk_begin(text, text)",
    "DROP FUNCTION events_bulk_note(bigint, bigint[], bigint[])",
    "DROP FUNCTION events_bulk_sequence()",
    "DROP FUNCTION events_rfc3339(timestamptz)",
    "DROP FUNCTION events_check_room(bigint, bigint)",
    "DROP FUNCTION events_sequence_base()",
]


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("buildings", "0013_modification_times"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
