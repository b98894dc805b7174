"""`python -m bench.bag_import`: the BAG import against a bare iterparse pass (issue 13, item 8).

    python -m bench.bag_import                      # 500,000 units, 1% offices; memory at 50k/500k
    python -m bench.bag_import --units 50000 --memory-units 5000,50000 --rounds 1 --no-write

Time: the candidate is the whole import (`bag_import`: reading the zips, the records, COPY into
staging, the office rules and the writes in SQL), rolled back after each round; the floor is a
bare lxml `iterparse` over the same XML parts, through the same zip handling, that only counts
elements (end events). Both run interleaved (bench.harness); goal: median ratio at most 1.5.

Memory: the import of a generated extract of each size runs in a process of its own, which
reports how far its resident set rose during the import above its size when the import started
(the kernel's high-water mark, reset just before the import: `ru_maxrss` would show Django's
start-up, which peaks higher than the import of a small extract). Goal: the larger extract's rise
at most 1.2 times the smaller's. The rise of an import of the rule cases alone (30 units) is
reported beside them: what any import costs (lxml, PROJ, the driver's buffers), data or not.

The extracts are generated in the Kadaster's layout (a municipal `BAGGEM0221L-…zip`, zips of XML
parts inside) in a temporary folder, or read from `--keep FOLDER` (generated there once). The
import writes to the database of DATABASE_URL, inside a transaction that is rolled back.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
TITLE = "BAG import: generated municipal extract"
TIME_GOAL, MEMORY_GOAL = 1.5, 1.2
BASELINE_UNITS = 30


def _django() -> None:
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log in the timings


def extract(folder: Path, units: int, office_share: float) -> Path:
    """The generated extract of this size in `folder` (written if it is not there yet)."""
    from buildings.bag.generator import Options, write_extract

    target = folder / f"{units}-units-{office_share:g}"
    found = sorted(target.glob("BAGGEM*.zip"))
    if found:
        return found[0]
    target.mkdir(parents=True, exist_ok=True)
    return write_extract(target, Options(units=units, office_share=office_share))


def floor(path: Path) -> tuple[float, int]:
    """Seconds and elements of a bare iterparse pass over the parts the import reads."""
    from buildings.bag import BagExtract
    from buildings.bag.xmlparse import iterparse

    start = time.perf_counter()
    elements = 0
    for part in BagExtract(path).parts():
        with part.open() as stream:
            for _ in iterparse(stream, None, ("end",)):
                elements += 1
    return time.perf_counter() - start, elements


def candidate(path: Path) -> tuple[float, Any]:
    """Seconds and result of the import, rolled back."""
    from django.db import transaction

    from buildings.services.bag_import import bag_import

    with transaction.atomic():
        start = time.perf_counter()
        result = bag_import(path=path)
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return seconds, result


def check_for(units: int):  # type: ignore[no-untyped-def]
    """The comparison of a round: every unit staged once, and the floor saw more elements than
    the import made rows (it counts every element of every occurrence)."""
    from bench.harness import Mismatch

    def check(result: Any, elements: int) -> None:
        if result.staged["bag_vbo"] != units:
            raise Mismatch(f"{result.staged['bag_vbo']} units staged, {units} in the extract")
        if elements <= sum(result.staged.values()):
            raise Mismatch(f"the floor saw {elements} elements, fewer than the rows staged")

    return check


def _status(field: str) -> int:
    """A size from /proc/self/status, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def memory_child(path: Path) -> None:
    """In a process of its own: import (rolled back) and print, in bytes, the resident set when
    the import starts and its peak during the import. The peak is the kernel's high-water mark
    (VmHWM), reset to the current size just before the import (`5` to /proc/self/clear_refs),
    so Django's start-up, which peaks higher than a small import, does not hide it."""
    _django()
    from buildings.services.bag_import import bag_import  # noqa: F401 - loaded before the start

    start = _status("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")
    _, result = candidate(path)
    peak = _status("VmHWM")
    print(json.dumps({"start": start, "peak": peak, "staged": result.staged}))


def memory_peak(path: Path, env: dict[str, str] | None = None) -> int:
    """How far the resident set of an import of `path` in a fresh process rises above its size
    when the import starts, in bytes."""
    completed = subprocess.run(  # noqa: S603 - our own module, our own path
        [sys.executable, "-m", "bench.bag_import", "--memory-child", str(path)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    return int(report["peak"]) - int(report["start"])


def memory(folder: Path, sizes: list[int], office_share: float, log) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The import's rise in resident set per size (and for the rule cases alone), and the ratio
    of the largest size's to the smallest's."""
    rise = {BASELINE_UNITS: memory_peak(extract(folder, BASELINE_UNITS, office_share))}
    for units in sizes:
        rise[units] = memory_peak(extract(folder, units, office_share))
    for units, value in rise.items():
        log(f"  memory: {units:,} units, peak {value / 1e6:.1f} MB above the start")
    return {"rise": rise, "ratio": rise[sizes[-1]] / max(rise[sizes[0]], 1)}


def _server() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), current_setting('shared_buffers')")
        version, shared_buffers = cursor.fetchone()
    return f"{version.split(' on ')[0]}, shared_buffers {shared_buffers}"


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bag_import", description=__doc__)
    parser.add_argument("--units", type=int, default=500_000)
    parser.add_argument("--office-share", type=float, default=0.01)
    parser.add_argument("--rounds", type=int, default=3, help="timed pairs after a warm-up pair")
    parser.add_argument("--memory-units", default="50000,500000", help="two sizes, comma-separated")
    parser.add_argument("--keep", type=Path, default=None, help="generate into (or reuse) FOLDER")
    parser.add_argument("--output", type=Path, default=PROJECT_DIR / "docs" / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print, do not write the file")
    parser.add_argument("--memory-child", type=Path, default=None, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(argv)
    if arguments.memory_child is not None:
        memory_child(arguments.memory_child)
        return 0
    _django()
    from bench.__main__ import _commit
    from bench.harness import markdown_section, paired, section_write

    def log(message: str) -> None:
        print(message, flush=True)

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bag-bench-") as scratch:
        folder = arguments.keep or Path(scratch)
        generating = time.monotonic()
        path = extract(folder, arguments.units, arguments.office_share)
        size_mb = path.stat().st_size / 1e6
        log(f"extract {path} ({size_mb:.0f} MB) in {time.monotonic() - generating:.0f} s")
        outcome = paired(
            name=f"import of {arguments.units:,} units vs bare iterparse",
            candidate=lambda: candidate(path),
            baseline=lambda: floor(path),
            check=check_for(arguments.units),
            goal=TIME_GOAL,
            rounds=arguments.rounds,
            log=log,
        )
        _, result = candidate(path)
        _, elements = floor(path)
        sizes = [int(size) for size in arguments.memory_units.split(",")]
        peaks = memory(folder, sizes, arguments.office_share, log)
    outcome.notes.append(
        f"Import: {result.summary} (rolled back each round); staged "
        + ", ".join(f"{table} {rows:,}" for table, rows in result.staged.items())
        + f". Floor: {elements:,} elements counted in the same parts."
    )
    small, large = sizes[0], sizes[-1]
    memory_met = peaks["ratio"] <= MEMORY_GOAL
    rise = peaks["rise"]
    outcome.notes.append(
        f"Peak memory of the import, each size in a fresh process (the resident set's high-water "
        f"mark during the import less its size when the import started; method in "
        f"bench/bag_import.py): {rise[small] / 1e6:.1f} MB at {small:,} units, "
        f"{rise[large] / 1e6:.1f} MB at {large:,} units, ratio {peaks['ratio']:.2f}, goal <= "
        f"{MEMORY_GOAL:g}: {'met' if memory_met else 'NOT met'} (the {BASELINE_UNITS} units of "
        f"the rule cases alone: {rise[BASELINE_UNITS] / 1e6:.1f} MB)."
    )
    section = markdown_section(
        title=TITLE,
        dataset=f"`{path.name}`, {arguments.units:,} units, {arguments.office_share:.0%} offices "
        f"({size_mb:.0f} MB zipped), generated by buildings.bag.generator",
        outcomes=[outcome],
        extra=[f"Total run time {time.monotonic() - started:.0f} s."],
        server=_server(),
        commit=_commit(),
    )
    log("")
    log(section)
    if not arguments.no_write:
        section_write(arguments.output, TITLE, section)
        log(f"written to {arguments.output}")
    return 0 if outcome.met and memory_met else 1


if __name__ == "__main__":
    sys.exit(main())
