"""Staging: the extract's records streamed into temporary tables with COPY, one per kind.

The reader yields its records grouped by kind and in dependency order (ADR 0011); each run of
one kind becomes one COPY fed by a generator, so no Python loop does more per record than write
its CSV line. The tables live until the transaction ends (ON COMMIT DROP).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from psycopg2 import DatabaseError

from buildings.bag.errors import BagError
from buildings.bag.records import (
    GemeenteWoonplaats,
    Nummeraanduiding,
    OpenbareRuimte,
    Pand,
    Record,
    Verblijfsobject,
    Woonplaats,
)

COPY_CHUNK_BYTES = 1 << 16

TABLES = {
    "bag_wpl": "id text, naam text",
    "bag_gwr": "woonplaats_id text, gemeente text, status text, begin_on date",
    "bag_opr": "id text, naam text, woonplaats_id text",
    "bag_num": (
        "id text, huisnummer integer, huisletter text, toevoeging text, postcode text,"
        " openbare_ruimte_id text, woonplaats_id text, straatnaam text, woonplaatsnaam text"
    ),
    "bag_pnd": "id text, status text, bouwjaar integer, begin_on date, x float8, y float8",
    "bag_vbo": (
        "id text, status text, uses text[], area integer, pand_id text,"
        " hoofdadres_id text, begin_on date, gemeente text"
    ),
}


INDEXES = (
    ("bag_num", "id"),
    ("bag_opr", "id"),
    ("bag_wpl", "id"),
    ("bag_pnd", "id"),
    ("bag_vbo", "pand_id"),
)


def _array(values: Iterable[str]) -> str:
    """A PostgreSQL array literal, each element quoted."""
    quoted = (v.replace("\\", "\\\\").replace('"', '\\"') for v in values)
    return "{" + ",".join(f'"{v}"' for v in quoted) + "}"


def _point(record: Pand | Verblijfsobject) -> tuple[float | None, float | None]:
    return (record.point.x, record.point.y) if record.point else (None, None)


def _row_wpl(r: Woonplaats) -> tuple[Any, ...]:
    return (r.id, r.naam)


def _row_gwr(r: GemeenteWoonplaats) -> tuple[Any, ...]:
    return (r.woonplaats_id, r.gemeente, r.status, r.begin)


def _row_opr(r: OpenbareRuimte) -> tuple[Any, ...]:
    return (r.id, r.naam, r.woonplaats_id)


def _row_num(r: Nummeraanduiding) -> tuple[Any, ...]:
    return (
        r.id,
        r.huisnummer,
        r.huisletter,
        r.toevoeging,
        r.postcode,
        r.openbare_ruimte_id,
        r.woonplaats_id,
        r.straatnaam,
        r.woonplaatsnaam,
    )


def _row_pnd(r: Pand) -> tuple[Any, ...]:
    return (r.id, r.status, r.bouwjaar, r.begin, *_point(r))


def _row_vbo(r: Verblijfsobject) -> tuple[Any, ...]:
    # A unit in several panden counts once, in the first pand it names (domain spec).
    first = r.pand_ids[0] if r.pand_ids else None
    uses = _array(r.gebruiksdoelen) if r.gebruiksdoelen else None
    return (r.id, r.status, uses, r.oppervlakte, first, r.hoofdadres_id, r.begin, r.gemeente)


_ROWS: dict[type, tuple[str, Callable[[Any], tuple[Any, ...]]]] = {
    Woonplaats: ("bag_wpl", _row_wpl),
    GemeenteWoonplaats: ("bag_gwr", _row_gwr),
    OpenbareRuimte: ("bag_opr", _row_opr),
    Nummeraanduiding: ("bag_num", _row_num),
    Pand: ("bag_pnd", _row_pnd),
    Verblijfsobject: ("bag_vbo", _row_vbo),
}


class _CsvStream:
    """A file-like object COPY reads from: CSV lines made from rows as it asks for them."""

    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self._rows = rows
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")
        self.count = 0
        self.error: BagError | None = None

    def read(self, size: int | None = -1) -> str:
        want = COPY_CHUNK_BYTES if size is None or size < 0 else size
        while self._buffer.tell() < want:
            try:
                row = next(self._rows, None)
            except BagError as error:  # the driver reports it as its own error: kept here
                self.error = error
                raise
            if row is None:
                break
            self._writer.writerow(row)
            self.count += 1
        data = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        if len(data) > want:
            self._buffer.write(data[want:])
            data = data[:want]
        return data


def create_tables(cursor: Any) -> None:
    """Fresh staging tables (an earlier import in the same transaction may have left some)."""
    for table, columns in TABLES.items():
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TEMPORARY TABLE {table} ({columns}) ON COMMIT DROP")


def stage(cursor: Any, records: Iterable[Record]) -> dict[str, int]:
    """COPY every record into its table; returns the rows staged per table."""
    counts = dict.fromkeys(TABLES, 0)
    for kind, group in itertools.groupby(records, key=type):
        table, to_row = _ROWS[kind]
        stream = _CsvStream(to_row(record) for record in group)
        try:
            cursor.copy_expert(
                f"COPY {table} FROM STDIN WITH (FORMAT csv)",
                stream,
                COPY_CHUNK_BYTES,
            )
        except DatabaseError:
            if stream.error is not None:  # the reader's error, not the database's
                raise stream.error from None
            raise
        counts[table] += stream.count
    for table, column in INDEXES:
        cursor.execute(f"CREATE INDEX ON {table} ({column})")
    for table in TABLES:
        cursor.execute(f"ANALYZE {table}")
    return counts
