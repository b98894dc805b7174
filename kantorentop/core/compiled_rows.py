"""A values queryset compiled to SQL once and run many times.

Compiling a query with many annotations costs Python on every evaluation: a tenth of an API page,
and more than anything else on a warm area page (docs/benchmarks.md). `CompiledRows` keeps the
statement of a `.values()` queryset without its LIMIT and OFFSET, the keys and converters of its
rows and the statement of its count, and reads windows of rows as the ORM's `.values()` would:
the same dicts with the same values. Django's Paginator pages it (`count()` and slices). It holds
no rows and never changes once built, so a process may keep it and its threads share it; what it
reads goes through the database router, as the queryset would (the primary or the replica).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, router
from django.db.models import QuerySet


class CompiledRows:
    def __init__(self, queryset: QuerySet[Any]) -> None:
        """The rows of an unsliced `.values()` queryset."""
        query = queryset.query
        if query.is_sliced or not query.selected:
            raise ValueError("CompiledRows takes an unsliced queryset of values (.values())")
        self.model = queryset.model
        compiler = query.get_compiler(using=queryset.db)
        self.sql, self.params = compiler.as_sql(with_limits=False)
        # The keys as Django's ValuesIterable names them; the columns are in the same order.
        self.keys = list(query.selected)
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        if len(self.keys) != len(columns):
            raise ValueError("CompiledRows takes an unsliced queryset of values (.values())")
        self._converters = list(compiler.get_converters(columns).items())
        # The count of the same rows: their keys only, so no annotation is computed for it.
        count_sql, self.count_params = queryset.order_by().values("pk").query.sql_with_params()
        self.count_sql = f"SELECT COUNT(*) FROM ({count_sql}) AS counted"  # noqa: S608 - compiled by Django

    def _connection(self) -> Any:
        return connections[router.db_for_read(self.model)]

    def count(self) -> int:
        # No arguments: Django's Paginator calls only a `count` that takes none.
        return self.count_with(self.count_params)

    def count_with(self, params: Sequence[Any]) -> int:
        """The number of rows with other parameters (`CompiledLookup`)."""
        with self._connection().cursor() as cursor:
            cursor.execute(self.count_sql, params)
            return int(cursor.fetchone()[0])

    def window(
        self, *, bottom: int, size: int | None, params: Sequence[Any] | None = None
    ) -> list[dict[str, Any]]:
        """The rows from `bottom` on (at most `size`; all with None)."""
        if size == 0:
            return []  # Django writes no LIMIT for a limit of 0
        connection = self._connection()
        limits = connection.ops.limit_offset_sql(bottom, None if size is None else bottom + size)
        with connection.cursor() as cursor:
            cursor.execute(f"{self.sql} {limits}", self.params if params is None else params)
            fetched = cursor.fetchall()
        rows = []
        for values in map(list, fetched):
            for position, (converters, expression) in self._converters:
                for converter in converters:
                    values[position] = converter(values[position], expression, connection)
            rows.append(dict(zip(self.keys, values, strict=True)))
        return rows

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        """The rows of a slice (`rows[25:50]`), as Paginator.page takes them."""
        if not isinstance(window, slice) or window.step is not None:
            raise TypeError("CompiledRows takes a slice without a step")
        bottom = window.start or 0
        if bottom < 0 or (window.stop is not None and window.stop < bottom):
            raise ValueError("CompiledRows takes a forward slice of non-negative bounds")
        return self.window(
            bottom=bottom, size=None if window.stop is None else window.stop - bottom
        )


class CompiledLookup:
    """A `.values()` queryset that differs between runs in one value only (a user's id),
    compiled once, on first use: for the small queries every page runs (the user's memberships,
    the unread notifications), whose compilation costs more than their statement.

    `build(value)` makes the queryset. It is compiled with a marker in place of the value, which
    must appear among the statement's parameters exactly once each in the rows' and the count's
    statement; a run puts the value in its place.
    """

    # A value no key takes, to find where the value goes among the compiled parameters.
    MARKER = -7_301_975_113

    def __init__(self, build: Callable[[Any], QuerySet[Any]]) -> None:
        self._build = build
        self._compiled: tuple[CompiledRows, int, int] | None = None
        self._lock = threading.Lock()

    def _ready(self) -> tuple[CompiledRows, int, int]:
        with self._lock:
            if self._compiled is None:
                rows = CompiledRows(self._build(self.MARKER))
                self._compiled = (
                    rows,
                    _marker_position(rows.params),
                    _marker_position(rows.count_params),
                )
            return self._compiled

    def rows(self, value: Any) -> list[dict[str, Any]]:
        rows, position, _count_position = self._ready()
        return rows.window(bottom=0, size=None, params=_put(rows.params, position, value))

    def count(self, value: Any) -> int:
        rows, _position, count_position = self._ready()
        return rows.count_with(_put(rows.count_params, count_position, value))


def _marker_position(params: Sequence[Any]) -> int:
    # A text field's lookup holds the marker as text.
    markers = (CompiledLookup.MARKER, str(CompiledLookup.MARKER))
    positions = [i for i, param in enumerate(params) if param in markers]
    if len(positions) != 1:
        raise ValueError("CompiledLookup's value must be a parameter of its statement, once")
    return positions[0]


def _put(params: Sequence[Any], position: int, value: Any) -> tuple[Any, ...]:
    return (*params[:position], value, *params[position + 1 :])
