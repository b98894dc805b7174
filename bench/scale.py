"""`python -m bench.scale`: ten times the country (issue 7, item 5).

Runs the engine (flags, series, import), API and dashboard benchmarks on the national demo
dataset and on the generated dataset of ten times its size (`python -m bench --scale 10`), each
in a process of its own, one after the other, and compares them per benchmark:

- the ratio against its baseline at 10x must stay within 1.5 times its ratio at 1x;
- the candidate's time at 10x over its time at 1x (its growth) must not exceed the growth of the
  data: nothing may grow faster than linearly. The data has two sizes, the records and the
  buildings, which the generated dataset does not grow alike (9.0 and 9.5 times): work done per
  building (a table of every building, the flag job) is linear in the buildings, so the data
  growth is the larger of the two (`data_growth`).

Writes the section "Ten times the country" of docs/benchmarks.md; exits 1 when a goal is missed.

python -m bench.scale                     # both runs, then the comparison
python -m bench.scale --rounds 3 --only flags,dashboard --no-write
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
TITLE = "Ten times the country: 1x against 10x"
KINDS = "flags,series,import,api,dashboard"
RATIO_GROWTH_GOAL = 1.5


def outcomes_json_write(
    path: Path, *, outcomes: list[Any], dataset: str, info: Any, server: str
) -> None:
    """The samples of a `python -m bench` run as JSON (its --json option)."""
    from bench.harness import machine

    path.write_text(
        json.dumps(
            {
                "dataset": dataset,
                "buildings": info.buildings,
                "records": info.records,
                "server": server,
                "machine": machine(),
                "outcomes": [
                    {
                        "name": o.name,
                        "goal": o.goal,
                        "candidate_seconds": o.candidate_seconds,
                        "baseline_seconds": o.baseline_seconds,
                        "notes": o.notes,
                    }
                    for o in outcomes
                ],
            },
            indent=1,
        )
    )


def _run(*, scale: float | None, only: str, rounds: int, path: Path, log: Any) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench", "--only", only, "--rounds", str(rounds)]
    command += ["--no-write", "--json", str(path)]
    if scale is not None:
        command += ["--scale", f"{scale:g}"]
    log(f"$ {' '.join(command[1:])}")
    started = time.monotonic()
    result = subprocess.run(command, cwd=PROJECT_DIR, check=False)  # noqa: S603
    # 2: a goal of the 1x run was missed; the run is reported, and judged here.
    if result.returncode not in (0, 2):
        raise SystemExit(f"{' '.join(command[1:])} failed with exit {result.returncode}")
    data: dict[str, Any] = json.loads(path.read_text())
    data["seconds"] = time.monotonic() - started
    return data


def _ratio(outcome: dict[str, Any]) -> float:
    return statistics.median(
        c / b
        for c, b in zip(outcome["candidate_seconds"], outcome["baseline_seconds"], strict=True)
    )


def data_growth(small: dict[str, Any], large: dict[str, Any]) -> float:
    """How much the data grew from `small` to `large`: the larger of the records' and the
    buildings' growth (linear in either is linear)."""
    return max(large["records"] / small["records"], large["buildings"] / small["buildings"])


def comparison_rows(small: dict[str, Any], large: dict[str, Any]) -> list[dict[str, Any]]:
    """Per benchmark present in both runs: ratios, times and growth, and whether the goals hold."""
    growth_of_data = data_growth(small, large)
    by_name = {o["name"]: o for o in large["outcomes"]}
    result = []
    for one in small["outcomes"]:
        ten = by_name.get(one["name"])
        if ten is None:
            continue
        ratio_1, ratio_10 = _ratio(one), _ratio(ten)
        time_1 = statistics.median(one["candidate_seconds"])
        time_10 = statistics.median(ten["candidate_seconds"])
        growth = time_10 / time_1
        result.append(
            {
                "name": one["name"],
                "ratio_1": ratio_1,
                "ratio_10": ratio_10,
                "ratio_growth": ratio_10 / ratio_1,
                "ratio_met": ratio_10 <= RATIO_GROWTH_GOAL * ratio_1,
                "time_1": time_1,
                "time_10": time_10,
                "baseline_1": statistics.median(one["baseline_seconds"]),
                "baseline_10": statistics.median(ten["baseline_seconds"]),
                "growth": growth,
                "linear": growth <= growth_of_data,
            }
        )
    return result


def _linear_line(rows: list[dict[str, Any]], small: dict[str, Any], large: dict[str, Any]) -> str:
    """The section's line on linear growth: the largest growth, and any above the data's."""
    worst = max(rows, key=lambda r: r["growth"])
    off_linear = [
        f"{r['name']} ({r['growth']:.1f} times; "
        f"its baseline {r['baseline_10'] / r['baseline_1']:.1f})"
        for r in rows
        if not r["linear"]
    ]
    return (
        f"- Linear growth: the largest growth is {worst['growth']:.1f} times "
        f"({worst['name']}) for {data_growth(small, large):.1f} times the data "
        f"({large['records'] / small['records']:.1f} times the records, "
        f"{large['buildings'] / small['buildings']:.1f} the buildings): "
        + (
            "nothing grows faster than linearly."
            if not off_linear
            else f"faster than linearly: {'; '.join(off_linear)}."
        )
    )


def section(small: dict[str, Any], large: dict[str, Any], *, rounds: int, commit: str) -> str:
    rows = comparison_rows(small, large)
    record_growth = large["records"] / small["records"]
    building_growth = large["buildings"] / small["buildings"]
    lines = [
        f"## {TITLE}",
        "",
        f"- Date: {datetime.date.today().isoformat()}; commit {commit}; written by "
        "`python -m bench.scale` (`make prove`), the two runs one after the other",
        f"- Machine: {large['machine']}; a machine shared with other sessions",
        f"- Database: {large['server']}",
        f"- 1x: {small['dataset']} ({small['seconds']:.0f} s)",
        f"- 10x: {large['dataset']} ({large['seconds']:.0f} s)",
        f"- Data growth 10x / 1x: {record_growth:.1f} times the records, "
        f"{building_growth:.1f} times the buildings; {rounds} rounds per benchmark and scale",
        "",
        "| Benchmark | Ratio 1x | Ratio 10x | Ratio 10x / 1x | Within 1.5 | Time 1x (s) "
        "| Time 10x (s) | Growth (time 10x / 1x) | Baseline growth | Not above linear |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['name']} | {r['ratio_1']:.2f} | {r['ratio_10']:.2f} | {r['ratio_growth']:.2f} "
            f"| {'yes' if r['ratio_met'] else 'no'} | {r['time_1']:.3f} | {r['time_10']:.3f} "
            f"| {r['growth']:.1f} | {r['baseline_10'] / r['baseline_1']:.1f} "
            f"| {'yes' if r['linear'] else 'no'} |"
        )
    off_ratio = [r["name"] for r in rows if not r["ratio_met"]]
    lines.append("")
    if rows:
        lines.append(_linear_line(rows, small, large))
    lines.append(
        "- Ratios within 1.5 times their 1x value: "
        + ("all." if not off_ratio else f"not for {'; '.join(off_ratio)}.")
    )
    lines.append(
        "- The 1x dataset is the national demo dataset, the 10x one generated (bench.dataset): "
        "their shapes differ (history, vacancy distribution), so a growth below the data growth "
        "is partly the dataset's. Constant-size work (an API page of 100, an import of 100,000 "
        "rows) should not grow at all."
    )
    notes = [note for o in large["outcomes"] for note in o["notes"]]
    if notes:
        lines.append("- Notes of the 10x run: " + " ".join(notes))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scale", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default=KINDS)
    parser.add_argument("--output", type=Path, default=PROJECT_DIR / "docs" / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--from-json",
        nargs=2,
        type=Path,
        metavar=("ONE", "TEN"),
        help="compare two earlier --json outputs instead of running",
    )
    arguments = parser.parse_args(argv)
    sys.path.insert(0, str(PROJECT_DIR))
    from bench.__main__ import _commit
    from bench.harness import section_write

    def log(message: str) -> None:
        print(message, flush=True)

    if arguments.from_json:
        small, large = (json.loads(p.read_text()) for p in arguments.from_json)
        small.setdefault("seconds", 0)
        large.setdefault("seconds", 0)
    else:
        with tempfile.TemporaryDirectory(prefix="kantorentop-scale-") as directory:
            small = _run(
                scale=None,
                only=arguments.only,
                rounds=arguments.rounds,
                path=Path(directory) / "one.json",
                log=log,
            )
            large = _run(
                scale=arguments.scale,
                only=arguments.only,
                rounds=arguments.rounds,
                path=Path(directory) / "ten.json",
                log=log,
            )
            # Kept for a later --from-json.
            keep = PROJECT_DIR / "var" / "scale"
            keep.mkdir(parents=True, exist_ok=True)
            (keep / "one.json").write_text(json.dumps(small))
            (keep / "ten.json").write_text(json.dumps(large))
    text = section(small, large, rounds=arguments.rounds, commit=_commit())
    log(text)
    if not arguments.no_write:
        section_write(arguments.output, TITLE, text)
        log(f"written to {arguments.output}")
    rows = comparison_rows(small, large)
    return 0 if all(r["ratio_met"] and r["linear"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
