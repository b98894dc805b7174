"""`python -m bench.energy_labels_floor`: the energy label import against a bare COPY of the same
file (issue 13, items 4 and 8).

    python -m bench.energy_labels_floor --rows 1000000 --units 3000 [--rounds 3] [--write]

A national-like EP-Online file (buildings.ep_online.generator.mixed_rows: mostly homes, each of
`--units` portal units about twice, a few rows of each kind the import skips) is generated once.
The floor is PostgreSQL's own: the same file's data rows COPYed (csv, `;`, FREEZE, the same
statement as the import) into a temporary table with the same columns. The candidate is
`import_energy_labels` from opening the file to its audit event. Both run in the development
database inside one transaction that is rolled back (the portal units are made there, each round
in a savepoint), interleaved (ABAB) by bench.harness; `--write` puts the section in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
TITLE = "Energy label import (EP-Online)"


def portal_units(cursor: Any, count: int) -> list[str]:
    """`count` units in `count // 3 + 1` buildings, made with SQL; their BAG ids."""
    buildings = count // 3 + 1
    cursor.execute(
        """INSERT INTO buildings_building (created_at, updated_at, bag_id, name, street,
               house_number, postcode, city, lettable_floor_area_m2, status, municipality_id,
               area_basis)
           SELECT now(), now(), '0363' || '10' || lpad(n::text, 10, '0'), 'Kantoor ' || n,
               'Stationsplein', n::text, '', 'Amsterdam', 5000, 'in_use',
               (SELECT min(id) FROM regions_municipality), 'GO'
           FROM generate_series(1, %s) n""",
        [buildings],
    )
    cursor.execute(
        """INSERT INTO buildings_unit (bag_id, building_id, uses, area_m2, status, address_id,
               street, house_letter, house_number_addition, postcode, city, extract_date)
           SELECT '0363' || '01' || lpad(n::text, 10, '0'), b.id, ARRAY['kantoorfunctie'],
               1500, 'Verblijfsobject in gebruik', '', '', '', '', '', '', DATE '2026-11-01'
           FROM generate_series(1, %s) n
           JOIN buildings_building b
               ON b.bag_id = '0363' || '10' || lpad((n %% %s + 1)::text, 10, '0')
           RETURNING bag_id""",
        [count, buildings],
    )
    return [row[0] for row in cursor.fetchall()]


def candidate(path: Path) -> tuple[float, int]:
    """The import, in a savepoint rolled back afterwards."""
    from django.db import transaction

    from buildings.services.energy_labels import import_energy_labels

    with transaction.atomic():
        started = time.perf_counter()
        result = import_energy_labels(path=path, force=True)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, result.rows


def floor(path: Path) -> tuple[float, int]:
    """The data rows COPYed into a temporary table of as many text columns, in a savepoint."""
    from django.db import connection, transaction

    from buildings.ep_online import open_file

    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        with open_file(path) as source:
            columns = ", ".join(f"c{i} text" for i in range(source.width))
            cursor.execute(f"CREATE TEMPORARY TABLE bench_ep_floor ({columns}) ON COMMIT DROP")
            cursor.copy_expert(
                "COPY bench_ep_floor FROM STDIN WITH "
                "(FORMAT csv, DELIMITER ';', ENCODING 'UTF8', FREEZE)",
                source.stream,
                1 << 20,
            )
        seconds = time.perf_counter() - started
        rows = int(cursor.rowcount)
        transaction.set_rollback(True)
    return seconds, rows


def run(*, rows: int, units: int, rounds: int, folder: Path, log: Any = print) -> Any:
    """Make the portal units and the file in `folder`, then the paired rounds; the caller holds
    the transaction that is rolled back. Returns bench.harness's Outcome."""
    from django.db import connection

    from bench.harness import Mismatch, paired
    from buildings.ep_online.generator import mixed_rows, write_file

    with connection.cursor() as cursor:
        ids = portal_units(cursor, units)
    path = folder / "v20261101_csv.csv"
    started = time.perf_counter()
    write_file(path, mixed_rows(rows, ids))
    size = path.stat().st_size
    log(f"generated {rows:,} rows ({size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s")

    def check(candidate_rows: int, floor_rows: int) -> None:
        if candidate_rows != floor_rows:
            raise Mismatch(f"the import read {candidate_rows} rows, COPY {floor_rows}")

    outcome = paired(
        name=f"import of {rows:,} label rows vs bare COPY",
        candidate=lambda: candidate(path),
        baseline=lambda: floor(path),
        check=check,
        goal=2,
        rounds=rounds,
        log=log,
    )
    outcome.notes.append(
        f"Energy labels: a file of {rows:,} rows ({size / 1e6:.0f} MB, the published 37 columns) "
        f"labelling {units:,} portal units about twice each; the floor COPYs its data rows into "
        "a temporary table of 37 text columns with the import's own COPY statement. Both read "
        "the same number of rows in every round."
    )
    return outcome


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.energy_labels_floor")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=3_000, help="portal units the file labels")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    arguments = _arguments(argv)
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction

    from bench.__main__ import _commit as commit
    from bench.harness import markdown_section, section_write

    settings.DEBUG = False
    with tempfile.TemporaryDirectory(prefix="ep-bench-") as folder, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT version(), current_setting('shared_buffers')")
            version, shared_buffers = cursor.fetchone()
        outcome = run(
            rows=arguments.rows, units=arguments.units, rounds=arguments.rounds, folder=Path(folder)
        )
        transaction.set_rollback(True)
    print(f"ratio {outcome.median_ratio:.2f} (goal <= 2: {'met' if outcome.met else 'not met'})")
    if arguments.write:
        section = markdown_section(
            title=TITLE,
            dataset=f"{arguments.rows:,} generated EP-Online rows, {arguments.units:,} portal "
            "units labelled",
            outcomes=[outcome],
            extra=[],
            server=f"{version.split(' on ')[0]}, shared_buffers {shared_buffers}",
            commit=commit(),
        )
        section_write(PROJECT_DIR / "docs" / "benchmarks.md", TITLE, section)


if __name__ == "__main__":
    main()
