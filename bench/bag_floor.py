"""`python -m bench.bag_floor`: the BAG reader against a bare iterparse pass (issue 13, item 8).

    python -m bench.bag_floor --units 50000 --office-share 0.01 [--path EXTRACT] [--rounds 3]

The floor walks the same parts through the same zip handling and only counts parser events;
the candidate is `BagExtract(path).records()`, building every record and dropping it. Both run
interleaved, the median of each is reported with their ratio; then the reader's peak Python
memory (tracemalloc) in one more pass. No database: the importer's own benchmark builds on this.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from buildings.bag import BagExtract
from buildings.bag.generator import Options, write_extract
from buildings.bag.xmlparse import iterparse


def floor(path: Path) -> int:
    """Parser events over every part the reader reads, with nothing built."""
    events = 0
    for part in BagExtract(path).parts():
        with part.open() as stream:
            for _ in iterparse(stream):
                events += 1
    return events


def candidate(path: Path) -> int:
    """Records the reader yields."""
    return sum(1 for _ in BagExtract(path).records())


def _timed(function, path: Path) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    function(path)
    return time.perf_counter() - start


def run(path: Path, rounds: int) -> dict[str, float]:
    """Median seconds of floor and candidate, their ratio, and the reader's peak memory in MB."""
    floors, candidates = [], []
    for _ in range(rounds):
        floors.append(_timed(floor, path))
        candidates.append(_timed(candidate, path))
    tracemalloc.start()
    candidate(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    floor_s, candidate_s = statistics.median(floors), statistics.median(candidates)
    return {
        "floor_s": floor_s,
        "reader_s": candidate_s,
        "ratio": candidate_s / floor_s,
        "peak_mb": peak / 1e6,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bag_floor", description=__doc__)
    parser.add_argument("--units", type=int, default=50_000)
    parser.add_argument("--office-share", type=float, default=0.01)
    parser.add_argument("--path", type=Path, default=None, help="an extract to read instead")
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bag-bench-") as folder:
        path = arguments.path
        if path is None:
            options = Options(units=arguments.units, office_share=arguments.office_share)
            start = time.perf_counter()
            path = write_extract(folder, options)
            print(f"generated {arguments.units:,} units in {time.perf_counter() - start:.1f} s")
        result = run(path, arguments.rounds)
    print(
        f"floor {result['floor_s']:.2f} s, reader {result['reader_s']:.2f} s, "
        f"ratio {result['ratio']:.2f}, peak {result['peak_mb']:.1f} MB"
    )


if __name__ == "__main__":
    main()
