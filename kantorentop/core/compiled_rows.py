"""A values queryset compiled to SQL once and run many times.

Compiling a query with many annotations costs Python on every evaluation (the area pages' buildings
table: more than anything else on a warm page, docs/benchmarks.md). `CompiledRows` keeps the SQL
of a `.values()` queryset and of its count, and answers `count()` and slices with the same dicts
the queryset gives, so Django's Paginator pages it. It holds no rows, so it can be kept per
process; what it reads goes through the database router like the queryset would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class CompiledRows:
    model: type[Model]
    sql: str
    params: tuple[Any, ...]
    names: tuple[str, ...]
    count_sql: str
    count_params: tuple[Any, ...]

    @classmethod
    def of(cls, queryset: QuerySet[Any]) -> CompiledRows:
        """The rows of an ordered `.values()` queryset (no slice, no `.extra()`)."""
        query = queryset.query
        if query.is_sliced or query.extra_select or not query.values_select:
            raise ValueError("CompiledRows takes an unsliced .values() queryset without extra()")
        sql, params = query.sql_with_params()
        # In the order of the SELECT, as Django's ValuesIterable names them.
        names = tuple(query.selected or (*query.values_select, *query.annotation_select))
        # The count of the same rows: their keys only, so no annotation is computed for it.
        count_sql, count_params = queryset.order_by().values("pk").query.sql_with_params()
        return cls(
            model=queryset.model,
            sql=sql,
            params=tuple(params),
            names=names,
            count_sql=f"SELECT COUNT(*) FROM ({count_sql}) AS counted",  # noqa: S608 - compiled by Django
            count_params=tuple(count_params),
        )

    def _connection(self) -> Any:
        return connections[router.db_for_read(self.model)]

    def count(self) -> int:
        with self._connection().cursor() as cursor:
            cursor.execute(self.count_sql, self.count_params)
            return int(cursor.fetchone()[0])

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        """The rows of a window (`rows[25:50]`), as dicts like the queryset's."""
        if not isinstance(window, slice) or window.step is not None:
            raise TypeError("CompiledRows takes a slice without a step")
        start = window.start or 0
        if start < 0 or (window.stop is not None and window.stop < start):
            raise ValueError("CompiledRows takes a forward slice of non-negative bounds")
        sql, params = f"{self.sql} OFFSET %s", (*self.params, start)
        if window.stop is not None:
            sql, params = (
                f"{self.sql} LIMIT %s OFFSET %s",
                (*self.params, window.stop - start, start),
            )
        with self._connection().cursor() as cursor:
            cursor.execute(sql, params)
            return [dict(zip(self.names, row, strict=True)) for row in cursor.fetchall()]
