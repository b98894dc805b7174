"""`python -m bench`: run the benchmarks and write their section of docs/benchmarks.md.

python -m bench                 # the national demo dataset in the development database
python -m bench --scale 10      # a generated dataset of 150,000 buildings in its own database
python -m bench --only flags,series --rounds 3 --no-write

Exits 2 when a benchmark missed its goal (after writing every result).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
KINDS = (
    "flags",
    "series",
    "import",
    "paths",
    "api",
    "dashboard",
    "events",
    "children",
    "map",
    "sessions",
)
DEFAULT_KINDS = ("flags", "series", "import")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scale",
        type=float,
        default=None,
        help="run on a generated dataset of 15,000 x SCALE buildings in the database "
        "kantorentop_bench<SCALE>x (generated once, then kept); default: the demo dataset",
    )
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per benchmark")
    parser.add_argument(
        "--only",
        default=",".join(DEFAULT_KINDS),
        help=f"comma-separated subset of {', '.join(KINDS)} (paths: the series' interval query "
        "against the per-date lookups it replaced; api: GET /api/v1/buildings against a json_agg "
        "floor and the import endpoint against COPY; dashboard: the national overview and a "
        "province page against their SQL plus their template; children: the child-area tables "
        "of the nation and Noord-Holland against their SQL plus their template; map: the "
        "choropleth's figures of every municipality against their SQL plus JSON; sessions: a "
        "login against the password hasher and a language switch against a plain page; none "
        "of these in the default run)",
    )
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--output", type=Path, default=PROJECT_DIR / "docs" / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print, do not write the file")
    parser.add_argument(
        "--json", type=Path, default=None, help="also write the samples as JSON (bench.scale)"
    )
    arguments = parser.parse_args(argv)
    arguments.only = [kind.strip() for kind in arguments.only.split(",") if kind.strip()]
    unknown = set(arguments.only) - set(KINDS)
    if unknown:
        parser.error(f"unknown benchmarks: {', '.join(sorted(unknown))}")
    return arguments


def log(message: str) -> None:
    print(message, flush=True)


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(argv)
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")

    from bench import dataset

    if arguments.scale is not None:
        base = dataset.base_database_url(PROJECT_DIR)
        name = dataset.bench_database_name(arguments.scale)
        if dataset.database_create(base, name):
            log(f"created database {name}")
        os.environ["DATABASE_URL"] = dataset.database_url_for(base, name)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    # Timings without Django's query log, whatever DJANGO_DEBUG says.
    settings.DEBUG = False

    if arguments.scale is not None:
        call_command("migrate", verbosity=0)
        info = dataset.generated_dataset_ensure(scale=arguments.scale, log=log)
        title = f"Generated dataset, scale {arguments.scale:g}"
    else:
        info = dataset.demo_dataset_info()
        title = "National demo dataset"
    if tuple(arguments.only) != DEFAULT_KINDS:
        # A partial run has a section of its own, beside the full run's.
        title += f" ({', '.join(arguments.only)})"
    with connection.cursor() as cursor:
        # Rows an earlier run, a test or a rolled-back write left dead stay in the indexes the
        # benchmarks read until a vacuum, and autovacuum may be off or behind: a candidate that
        # reads the change feed (the API's data version) would pay for them, its floor not.
        log("vacuum and analyze the database")
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute("SELECT version(), current_setting('shared_buffers')")
        version, shared_buffers = cursor.fetchone()
    server = f"{version.split(' on ')[0]}, shared_buffers {shared_buffers}"
    log(f"{title}: {info.buildings} buildings, {info.records} records in {info.database}")

    from bench import cases
    from bench.harness import markdown_section, paired, section_write

    outcomes = []
    extra = []
    started = time.monotonic()
    if "flags" in arguments.only:
        as_of = info.history_end
        outcome = paired(
            name=f"flag job on {as_of} (first run) vs SQL",
            candidate=lambda: cases.flags_candidate(as_of=as_of),
            baseline=lambda: cases.flags_baseline(as_of=as_of),
            check=cases.flags_check,
            goal=1.5,
            rounds=arguments.rounds,
            log=log,
        )
        flagged = len(cases.flags_baseline(as_of=as_of)[1])
        outcome.notes.append(
            f"Flag job: {flagged} buildings flagged on {as_of}, the same set (and vacant_since) "
            "as the baseline in every round; the job also writes the flags, the run and the "
            "notifications, rolled back after each round."
        )
        outcomes.append(outcome)
    if "series" in arguments.only:
        start, end = datetime.date(2008, 1, 1), datetime.date.today()
        outcome = paired(
            name=f"series of every office region {start.year}-{end.year} vs SQL",
            candidate=lambda: cases.series_candidate(start=start, end=end),
            baseline=lambda: cases.series_baseline(start=start, end=end),
            check=cases.series_check,
            goal=1.5,
            rounds=arguments.rounds,
            log=log,
        )
        cells = len(cases.series_baseline(start=start, end=end)[1])
        outcome.notes.append(
            f"Series: {cells} region quarters, ten figures each, equal to the baseline's in "
            "every round; the candidate runs two queries per region, the baseline one in all."
        )
        outcomes.append(outcome)
    if "paths" in arguments.only:
        start, end = datetime.date(2008, 1, 1), datetime.date.today()
        outcome = paired(
            name="series of every office region: interval query vs per-date lookups",
            candidate=lambda: cases.series_candidate(start=start, end=end),
            baseline=lambda: cases.series_by_lookups(start=start, end=end),
            check=cases.series_check,
            goal=1,
            rounds=arguments.rounds,
            log=log,
        )
        outcome.notes.append(
            "Paths: the same series through the interval query (the candidate, one pass over "
            "the records) and through the index lookup per building and date that served "
            "series before; equal figures in every round."
        )
        outcomes.append(outcome)
    if "import" in arguments.only:
        with tempfile.TemporaryDirectory(prefix="kantorentop-bench-") as directory:
            big = Path(directory) / "records.csv"
            small = Path(directory) / "records-small.csv"
            rows = cases.import_file_write(big, arguments.import_rows)
            cases.import_file_write(small, max(1, arguments.import_rows // 10))
            records = Path(directory) / "records-as-stored.csv"
            cases.import_file_write(records, arguments.import_rows, as_records=True)
            outcome = paired(
                name=f"import of {rows:,} records vs COPY into the records table",
                candidate=lambda: cases.import_candidate(path=big),
                baseline=lambda: cases.import_records_copy(path=records),
                check=cases.import_check,
                goal=cases.IMPORT_GOAL,
                rounds=arguments.rounds,
                log=log,
            )
            bare = statistics.median(
                cases.import_baseline(path=big)[0] for _ in range(arguments.rounds)
            )
            outcome.notes.append(
                "Import against COPY of the same rows into buildings_vacancyrecord itself (its "
                "indexes, constraints, trigger and deferred foreign-key checks; the floor since "
                "issue 17, docs/adr/0009-import-benchmark-baselines.md). A bare COPY of the file "
                f"into a plain temporary table took {bare:.3f} s (median of "
                f"{arguments.rounds}), for comparison only."
            )
            peak_small = cases.import_peak_memory(path=small)
            peak_big = cases.import_peak_memory(path=big)
            ratio = peak_big / peak_small
            outcome.notes.append(
                f"Import peak Python memory (tracemalloc): {peak_small / 1e6:.1f} MB for "
                f"{max(1, rows // 10):,} rows, {peak_big / 1e6:.1f} MB for {rows:,} rows "
                f"(ratio {ratio:.2f}: {'flat' if ratio <= 1.5 else 'NOT flat'} in the row "
                "count); candidate and COPY read the same file, all rows new records."
            )
            log(f"  import peak memory {peak_small} B ({rows // 10} rows), {peak_big} B ({rows})")
            parts = [
                f"`{label}` {seconds:.2f} s"
                for label, seconds in cases.import_breakdown(path=big)
                if seconds >= 0.05
            ]
            outcome.notes.append("Import time by step, one more run: " + "; ".join(parts))
            outcomes.append(outcome)
    if "sessions" in arguments.only:
        from bench.sessions import sessions_outcomes

        outcomes.extend(sessions_outcomes(rounds=arguments.rounds, log=log))
    if "api" in arguments.only:
        outcomes.extend(_api_outcomes(arguments))
    if "dashboard" in arguments.only:
        from bench.dashboard import dashboard_outcomes

        outcomes.extend(dashboard_outcomes(rounds=arguments.rounds, log=log))
    if "events" in arguments.only:
        from bench.events import events_outcomes

        outcomes.extend(
            events_outcomes(
                rounds=arguments.rounds,
                import_rows=arguments.import_rows,
                history_end=info.history_end,
                log=log,
            )
        )
    if "children" in arguments.only:
        from bench.children import children_outcomes

        outcomes.extend(children_outcomes(rounds=arguments.rounds, log=log))
    if "map" in arguments.only:
        from bench.area_map import map_outcomes

        outcomes.extend(map_outcomes(rounds=arguments.rounds, log=log))
    extra.append(f"Total run time {time.monotonic() - started:.0f} s.")

    dataset_line = f"{info.label}: {info.buildings:,} buildings, {info.records:,} records"
    dataset_line += f", history to {info.history_end}"
    if info.generated_seconds:
        dataset_line += f" (generated once in {info.generated_seconds:.0f} s)"
    section = markdown_section(
        title=title,
        dataset=dataset_line,
        outcomes=outcomes,
        extra=extra,
        server=server,
        commit=_commit(),
    )
    log("")
    log(section)
    if not arguments.no_write:
        section_write(arguments.output, title, section)
        log(f"written to {arguments.output}")
    if arguments.json is not None:
        from bench.scale import outcomes_json_write

        outcomes_json_write(
            arguments.json, outcomes=outcomes, dataset=dataset_line, info=info, server=server
        )
    missed = [outcome.name for outcome in outcomes if not outcome.met]
    for name in missed:
        log(f"GOAL MISSED: {name}")
    return 2 if missed else 0


def _api_outcomes(arguments: argparse.Namespace) -> list:  # type: ignore[type-arg]
    """GET /api/v1/buildings (one filtered page of 100) against its json_agg floor, and the
    import endpoint against bare COPY, with a national key rolled back afterwards."""
    from bench import cases
    from bench.harness import paired

    outcomes = []
    query = "&".join(f"{name}={value}" for name, value in cases.API_FILTERS.items())
    api_key = cases.ApiKey()
    with api_key as key:
        outcome = paired(
            name=f"GET /api/v1/buildings?{query}&pageSize={cases.API_PAGE_SIZE} vs json_agg floor",
            candidate=lambda: cases.api_candidate(key=key),
            baseline=cases.api_baseline,
            check=cases.api_check,
            goal=cases.API_PAGE_GOAL,
            # A pair takes some 20 ms: five times the rounds, so that a request preempted on a
            # shared machine does not decide the median.
            rounds=arguments.rounds * 5,
            log=log,
        )
        page = cases.api_baseline()[1]
        outcome.notes.append(
            f"API page: {len(page['results'])} of {page['count']} buildings, every field equal "
            "to the floor's in every round; the candidate goes through Django's test Client "
            "(middleware, token authentication, throttle, filters, serializer, renderer), the "
            "floor is one SQL statement building the page with json_agg in a bare view."
        )
        outcomes.append(outcome)
        with tempfile.TemporaryDirectory(prefix="kantorentop-bench-") as directory:
            path = Path(directory) / "records.csv"
            rows = cases.import_file_write(path, arguments.import_rows)
            records = Path(directory) / "records-as-stored.csv"
            # The rows as the endpoint stores them: with the API client that sent them.
            cases.import_file_write(
                records, arguments.import_rows, as_records=True, client_id=api_key.client_id
            )
            outcome = paired(
                name=f"POST /api/v1/vacancy-records/_import of {rows:,} CSV rows vs COPY into "
                "the records table",
                candidate=lambda: cases.api_import_candidate(key=key, path=path),
                baseline=lambda: cases.import_records_copy(path=records, with_client=True),
                check=cases.import_check,
                goal=cases.IMPORT_GOAL,
                rounds=arguments.rounds,
                log=log,
            )
            endpoint = rows / statistics.median(outcome.candidate_seconds)
            copy = rows / statistics.median(outcome.baseline_seconds)
            outcome.notes.append(
                f"Import endpoint: {endpoint:,.0f} rows/s (median), COPY into the records table "
                f"{copy:,.0f} rows/s (the rows as the endpoint stores them, with the API client "
                "that sent them); the endpoint's time includes the request (text/csv body "
                "through the test Client), the checks and the write, rolled back each round."
            )
            outcomes.append(outcome)
    return outcomes


if __name__ == "__main__":
    sys.exit(main())
