"""Upkeep of the data-change log that keys the dashboard cache (see cache.py)."""

from django.db import connection, transaction


def data_change_log_compact() -> int:
    """Replaces the rows of `dashboard_datachange` by one new row; returns how many it removed.

    The log gains a row per writing statement and the cache reads its row count on every area
    page, so it is kept short. The cache key is (row count, highest id); the new row's id is
    higher than every id before it, so the key after compaction was never a key before, and no
    entry computed from older data can be read under it. A writer that inserted a lower id and
    commits later is not deleted (its row was not visible to the DELETE): it raises the count as
    any other write does.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM dashboard_datachange")
        (highest,) = cursor.fetchone()
        if highest is None:
            return 0
        cursor.execute("DELETE FROM dashboard_datachange WHERE id <= %s", [highest])
        removed: int = cursor.rowcount
        cursor.execute("INSERT INTO dashboard_datachange DEFAULT VALUES")
    return removed
