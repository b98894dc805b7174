"""Import of many vacancy records at once: all or nothing, validated in SQL.

The input (CSV bytes or an iterable of dicts) is streamed with COPY into a temporary staging
table, so memory stays flat however many rows come in. A CSV file's own bytes go to COPY as
they are (fast_path); only where COPY refuses them does the slow path parse the rows in Python,
keeping each problem with its row (parsing). Where every row is a good new record, one plain
INSERT writes them, leaving to the records table's own index, constraints and triggers the rules
they hold (upsert.insert_new). Otherwise it writes nothing; one pass in SQL tells whether any
row breaks a rule, and only then is every bad row reported with its number and reasons and
nothing written (checks); if none does, one INSERT ... ON CONFLICT DO UPDATE writes the rows
(upsert). Records, the job's final state and the import's audit event commit in one
transaction; a job's progress shows through a second connection (jobs). The service itself is
in service; the header and columns both paths read are in columns.

What other code imports is re-exported here.
"""

from buildings.services.imports.checks import MAX_REPORTED_ERRORS
from buildings.services.imports.jobs import ImportResult
from buildings.services.imports.service import import_job_create, vacancy_records_import

__all__ = [
    "MAX_REPORTED_ERRORS",
    "ImportResult",
    "import_job_create",
    "vacancy_records_import",
]
