"""Percentiles and the "Load" section of docs/benchmarks.md."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bench.load.http import Sample


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.5: the median) of non-empty `values`."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Row:
    label: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float
    max_ms: float

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def rows(samples: Iterable[Sample], *, seconds: float, ok: tuple[int, ...]) -> list[Row]:
    """One row for all samples, then one per kind (sorted by label)."""
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    everything: list[Sample] = []
    for sample in samples:
        by_kind[sample.kind].append(sample)
        everything.append(sample)

    def row(label: str, group: list[Sample]) -> Row:
        times = [s.seconds * 1000 for s in group] or [0.0]
        return Row(
            label,
            len(group),
            sum(1 for s in group if s.status not in ok),
            seconds,
            percentile(times, 0.5),
            percentile(times, 0.95),
            max(times),
        )

    return [row("all requests", everything)] + [
        row(kind, group) for kind, group in sorted(by_kind.items())
    ]


def table(rows_: list[Row], *, alone: dict[str, float] | None = None) -> list[str]:
    """The rows as a Markdown table; with `alone`, a column of each kind's time without
    concurrent requests (seconds by kind)."""
    extra = " Alone (ms) |" if alone is not None else ""
    lines = [
        "| Requests of | Count | Errors | Throughput (req/s) | p50 (ms) | p95 (ms) | max (ms) |"
        + extra,
        "|---|---|---|---|---|---|---|" + ("---|" if alone is not None else ""),
    ]
    for r in rows_:
        cell = ""
        if alone is not None:
            cell = f" {alone[r.label] * 1000:.0f} |" if r.label in alone else " |"
        lines.append(
            f"| {r.label} | {r.requests:,} | {r.errors} | {r.throughput:.1f} | {r.p50_ms:.0f} "
            f"| {r.p95_ms:.0f} | {r.max_ms:.0f} |" + cell
        )
    return lines


def status_counts(samples: Iterable[Sample]) -> str:
    counts: dict[int, int] = defaultdict(int)
    for sample in samples:
        counts[sample.status] += 1
    return ", ".join(f"{status or 'no answer'}: {n:,}" for status, n in sorted(counts.items()))
