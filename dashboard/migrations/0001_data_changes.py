"""A log of writes to the tables that the dashboard's cached figures are computed from.

Every statement that writes to them (the ORM, COPY and raw SQL of the import and the demo loader,
the admin, psql) adds a row through a statement-level trigger. `dashboard.cache`
keys its entries by the row count and the highest id: both are transactional, so the key changes
exactly when a write becomes visible, and inserting a row locks nothing that another writer
waits for. See the module docstring of dashboard/cache.py.
"""

from django.db import migrations

TABLES = [
    "buildings_building",
    "buildings_vacancyrecord",
    "regions_municipality",
    "regions_province",
    "regions_officeregion",
]

FORWARD = [
    "CREATE TABLE dashboard_datachange (id bigserial PRIMARY KEY)",
    """
    CREATE FUNCTION dashboard_datachange_note() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO dashboard_datachange DEFAULT VALUES;
        RETURN NULL;
    END
    $$
    """,
    *(
        f"CREATE TRIGGER dashboard_datachange AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION dashboard_datachange_note()"
        for table in TABLES
    ),
]

BACKWARD = [
    *(f"DROP TRIGGER dashboard_datachange ON {table}" for table in TABLES),
    "DROP FUNCTION dashboard_datachange_note()",
    "DROP TABLE dashboard_datachange",
]


class Migration(migrations.Migration):
    dependencies = [
        ("buildings", "0005_vacancy_records_lean_writes"),
        ("regions", "0003_development_not_in_restricted_area"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
