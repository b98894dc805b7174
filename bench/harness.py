"""Paired timing of a candidate against its baseline, and the report.

Each benchmark function times its own measured region (setup such as creating a staging table or
clearing flags inside the rolled-back transaction stays outside it) and returns
(seconds, result). Candidate and baseline alternate (ABAB: A first in even rounds, B first in odd
ones), so drift of a noisy shared machine hits both; the ratio of each round is reported as the
median with its spread (min-max), since ratios compare across runs and machines, milliseconds not.
"""

from __future__ import annotations

import datetime
import os
import platform
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Timed = Callable[[], tuple[float, Any]]


class Mismatch(AssertionError):
    """Candidate and baseline disagree: the benchmark's numbers would mean nothing."""


@dataclass
class Outcome:
    """The paired samples of one benchmark."""

    name: str
    goal: float
    candidate_seconds: list[float] = field(default_factory=list)
    baseline_seconds: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        return [c / b for c, b in zip(self.candidate_seconds, self.baseline_seconds, strict=True)]

    @property
    def median_ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def met(self) -> bool:
        return self.median_ratio <= self.goal


def paired(
    *,
    name: str,
    candidate: Timed,
    baseline: Timed,
    check: Callable[[Any, Any], None],
    goal: float,
    rounds: int = 5,
    log: Callable[[str], None] = print,
) -> Outcome:
    """Run one untimed warm-up pair (whose results are compared with `check`), then `rounds`
    pairs in ABAB order; results of every round are compared too."""
    outcome = Outcome(name=name, goal=goal)
    _, warm_candidate = candidate()
    _, warm_baseline = baseline()
    check(warm_candidate, warm_baseline)
    for round_no in range(rounds):
        order = ("candidate", "baseline") if round_no % 2 == 0 else ("baseline", "candidate")
        results: dict[str, Any] = {}
        for which in order:
            seconds, results[which] = (candidate if which == "candidate" else baseline)()
            getattr(outcome, f"{which}_seconds").append(seconds)
        check(results["candidate"], results["baseline"])
        log(
            f"  {name} round {round_no + 1}: candidate {outcome.candidate_seconds[-1]:.3f} s, "
            f"baseline {outcome.baseline_seconds[-1]:.3f} s, "
            f"ratio {outcome.ratios[-1]:.2f}"
        )
    return outcome


def machine() -> str:
    """Cores, memory and CPU model of this machine."""
    cores = os.cpu_count() or 0
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GB memory"
    except OSError:
        pass
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load {os.getloadavg()[0]:.1f}"
    return f"{cores} cores{memory}, {model}{load}"


def _seconds(values: list[float]) -> str:
    return f"{statistics.median(values):.3f}"


def markdown_section(
    *,
    title: str,
    dataset: str,
    outcomes: list[Outcome],
    extra: list[str],
    server: str,
    commit: str,
) -> str:
    """A section of docs/benchmarks.md for one run kind."""
    lines = [
        f"## {title}",
        "",
        f"- Date: {datetime.date.today().isoformat()}; commit {commit}",
        f"- Machine: {machine()}",
        f"- Database: {server}",
        f"- Dataset: {dataset}",
        "",
        "| Benchmark | Rounds | Candidate median (s) | Baseline median (s) "
        "| Ratio median | Ratio min-max | Goal | Met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        ratios = o.ratios
        lines.append(
            f"| {o.name} | {len(ratios)} | {_seconds(o.candidate_seconds)} "
            f"| {_seconds(o.baseline_seconds)} | {o.median_ratio:.2f} "
            f"| {min(ratios):.2f}-{max(ratios):.2f} | <= {o.goal:g} "
            f"| {'yes' if o.met else 'no'} |"
        )
    notes = [note for o in outcomes for note in o.notes] + extra
    if notes:
        lines.append("")
        lines.extend(f"- {note}" for note in notes)
    return "\n".join(lines) + "\n"


def section_write(path: Path, title: str, section: str) -> None:
    """Replace the section `## title` of the file, or append it."""
    header = (
        "# Benchmarks\n\n"
        "Written by `make bench` (`python -m bench`); see bench/__init__.py for what each "
        "benchmark\ncompares. Ratios are candidate time over baseline time in the same round, "
        "interleaved (ABAB);\nonly the ratios compare across runs.\n"
    )
    text = path.read_text() if path.exists() else header
    marker = f"## {title}\n"
    start = text.find(marker)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(marker))
        rest = "" if end < 0 else text[end + 1 :]
        text = text[:start] + section + ("\n" + rest if rest else "")
    path.write_text(text)
