"""`python -m bench.load`: the load test (see bench/load/__init__.py); writes its section of
docs/benchmarks.md and exits 1 when a goal is missed.

python -m bench.load                       # 50 users for 60 s, then 1,000 plans from 50 clients
python -m bench.load --reuse-db --seconds 10 --plans 100 --no-write
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime
import os
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
TITLE = "Load: gunicorn with two workers, national demo dataset"
DIRECT = "directly (no pooler)"


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--users", type=int, default=50, help="concurrent users of the read phase")
    parser.add_argument("--seconds", type=float, default=60, help="length of the read phase")
    parser.add_argument("--plans", type=int, default=1000, help="plans to submit")
    parser.add_argument("--plan-clients", type=int, default=50, help="concurrent investors")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per gunicorn worker (gunicorn.conf.py: 4)"
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="keep the load database of an earlier run instead of loading the demo dataset anew",
    )
    parser.add_argument(
        "--pgbouncer",
        action="store_true",
        help="start a PgBouncer (transaction pooling) and serve the portal through it",
    )
    parser.add_argument(
        "--pgbouncer-url",
        default="",
        help="serve the portal through this running PgBouncer (its host and port; transaction "
        "pooling, in front of the same server)",
    )
    parser.add_argument(
        "--replica",
        action="store_true",
        help="start a streaming replica of the server (pg_basebackup) and read from it "
        "(DATABASE_REPLICA_URL; behind a PgBouncer of its own with --pgbouncer)",
    )
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/14",
        help="the portal's cache and broker, as in production (a database of the load test's "
        "own: emptied before and after); empty: a local-memory cache per worker",
    )
    parser.add_argument(
        "--database",
        default="kantorentop_load",
        help="the load database (dropped and created; its name starts with kantorentop_load)",
    )
    parser.add_argument(
        "--p95-ms", type=float, default=300, help="goal: p95 of the read mix under this"
    )
    parser.add_argument("--output", type=Path, default=PROJECT_DIR / "docs" / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print, do not write the file")
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(message, flush=True)


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915 (one linear script)
    arguments = _arguments(argv)
    sys.path.insert(0, str(PROJECT_DIR))
    started = time.monotonic()

    from bench import dataset
    from bench.load import server

    logs = PROJECT_DIR / "var" / "load"
    logs.mkdir(parents=True, exist_ok=True)
    manage_log = logs / "manage.log"
    base = dataset.base_database_url(PROJECT_DIR)
    database_url = dataset.database_url_for(base, arguments.database)
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "1"}
    if not arguments.reuse_db:
        log(f"creating {arguments.database} with the national demo dataset ...")
        server.database_recreate(base_url=base, name=arguments.database)
        server.manage(PROJECT_DIR, env, "migrate", "--noinput", log=manage_log)
        server.manage(PROJECT_DIR, env, "load_demo_data", log=manage_log)
    prepared_seconds = time.monotonic() - started
    key = (
        server.manage(
            PROJECT_DIR,
            env,
            "create_api_client",
            f"Load test {time.time_ns()}",
            "--national",
            "--read-only",
            log=manage_log,
        )
        .strip()
        .splitlines()[-1]
    )

    os.environ.update(DATABASE_URL=database_url, DJANGO_DEBUG="1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from bench.load import pooling

    with contextlib.ExitStack() as stack:
        servers = Servers(primary_url=database_url, served_url=database_url, pooler=DIRECT)
        if arguments.replica:
            servers = _replica_start(stack, servers, arguments, base=base)
        if arguments.pgbouncer or arguments.pgbouncer_url:
            pooler_url = arguments.pgbouncer_url or stack.enter_context(
                pooling.pgbouncer(upstream_url=base)
            )
            servers = servers.pooled_through(pooler_url)
            log(f"serving {servers.pooler}")
        try:
            return _run(arguments, servers, key, started, prepared_seconds)
        finally:
            if arguments.redis_url:
                import redis

                redis.Redis.from_url(arguments.redis_url).flushdb()


@dataclasses.dataclass(frozen=True)
class Servers:
    """Where gunicorn reads and writes: the primary (and a replica), directly or pooled."""

    primary_url: str  # directly, for the report's counters
    served_url: str  # what gunicorn gets as DATABASE_URL
    pooler: str
    replica_url: str = ""  # directly
    served_replica_url: str = ""  # DATABASE_REPLICA_URL

    def pooled_through(self, pooler_url: str) -> Servers:
        from bench.load import pooling

        return dataclasses.replace(
            self,
            served_url=pooling.pooled_url(self.primary_url, pooler_url),
            pooler=f"through PgBouncer (transaction pooling) at {pooler_url}",
        )


def _replica_start(
    stack: contextlib.ExitStack, servers: Servers, arguments: argparse.Namespace, *, base: str
) -> Servers:
    """A streaming replica of the server, with the load database, behind a PgBouncer of its
    own when the primary has one."""
    from bench.load import pooling, replica

    log("starting a streaming replica (pg_basebackup) ...")
    standby = stack.enter_context(replica.streaming_replica(primary_url=base))
    direct = standby.url(arguments.database)
    served = direct
    if arguments.pgbouncer or arguments.pgbouncer_url:
        bouncer = stack.enter_context(pooling.pgbouncer(upstream_url=standby.url("postgres")))
        served = pooling.pooled_url(direct, bouncer)
    log(f"reading from the replica at {served}")
    return dataclasses.replace(servers, replica_url=direct, served_replica_url=served)


def _run(arguments, servers, key, started, prepared_seconds):  # type: ignore[no-untyped-def]  # noqa: PLR0915
    from django.db import connection

    from bench import harness
    from bench.load import pooling, replica, report, scenarios, server

    logs = PROJECT_DIR / "var" / "load"
    targets = scenarios.targets_read()
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM buildings_building")
        buildings = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM buildings_vacancyrecord")
        records = cursor.fetchone()[0]
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    connection.close()
    log(f"{buildings} buildings, {records} records; the database took {prepared_seconds:.0f} s")
    marker = f"load-{time.strftime('%Y%m%dT%H%M%S')}"
    app = server.Gunicorn(
        project_dir=PROJECT_DIR,
        database_url=servers.served_url,
        workers=arguments.workers,
        threads=arguments.threads,
        log=logs / "gunicorn.log",
        pooled=servers.pooler != DIRECT,
        replica_url=servers.served_replica_url,
        redis_url=arguments.redis_url,
    )
    warmed = server.cache_warm(
        project_dir=PROJECT_DIR,
        redis_url=arguments.redis_url,
        env=app.env,
        log_file=logs / "manage.log",
        say=log,
    )
    with app as gunicorn:
        host, port = "127.0.0.1", gunicorn.port
        log(f"gunicorn on port {port}: {gunicorn.description()}")
        users = scenarios.read_users(
            targets=targets, users=arguments.users, api_key=key, host=host, port=port
        )
        alone = scenarios.warm_up(users)
        log(f"read phase: {len(users)} users for {arguments.seconds:g} s ...")
        load_before = os.getloadavg()[0]
        cpu_before = pooling.cpu_snapshot(gunicorn.process.pid)  # type: ignore[union-attr]
        counted_before = replica.counters_if_replica(servers.primary_url, servers.replica_url)
        until = time.monotonic() + arguments.seconds
        seed = int(time.time())
        read_seconds = scenarios.threads_run(
            [lambda user=user: user.run(until=until, seed=seed) for user in users]
        )
        cpu = pooling.cpu_shares(
            cpu_before,
            pooling.cpu_snapshot(gunicorn.process.pid),  # type: ignore[union-attr]
        )
        log(f"CPU in the read phase: {cpu}")
        split = replica.read_split(servers.primary_url, servers.replica_url, counted_before)
        if split is not None:
            log(f"reads: {split.text()}")
        read_samples = [s for user in users for s in user.browser.samples]
        for user in users:
            user.browser.close()
        read_rows = report.rows(read_samples, seconds=read_seconds, ok=(200,))
        log("\n".join(report.table(read_rows, alone=alone)))

        clients = scenarios.investors(
            targets=targets, clients=arguments.plan_clients, marker=marker, host=host, port=port
        )
        per_client = [
            arguments.plans // len(clients) + (1 if n < arguments.plans % len(clients) else 0)
            for n in range(len(clients))
        ]
        log(f"plan phase: {arguments.plans} plans from {len(clients)} investors ...")
        plan_seconds = scenarios.threads_run(
            [
                lambda client=client, n=n: client.run(plans=n)
                for client, n in zip(clients, per_client, strict=True)
            ]
        )
        load_after = os.getloadavg()[0]
        plan_samples = [s for client in clients for s in client.browser.samples]
        for client in clients:
            client.browser.close()
    plan_rows = report.rows(plan_samples, seconds=plan_seconds, ok=(302,))
    log("\n".join(report.table(plan_rows)))

    account = scenarios.plans_account(marker=marker)
    returned = [pk for client in clients for pk in client.created]
    failures = [failure for client in clients for failure in client.failures]
    server_errors = sum(1 for s in read_samples + plan_samples if s.status >= 500)
    no_answer = sum(1 for s in read_samples + plan_samples if s.status == 0)
    lost = len(set(returned) - account.ids) + max(0, arguments.plans - account.rows)
    doubled = (len(returned) - len(set(returned))) + max(0, account.rows - arguments.plans)
    read_errors = read_rows[0].errors
    plans_exact = (
        account.rows == arguments.plans
        and account.distinct_descriptions == arguments.plans
        and account.submitted == arguments.plans
        and set(returned) == account.ids
        and account.notifications == account.notifications_expected
    )
    read_p95 = read_rows[0].p95_ms
    met_reads = read_errors == 0 and read_p95 < arguments.p95_ms
    # With a replica, the reads must have reached it.
    met_replica = split is None or split.replica > 0
    met_plans = plans_exact and server_errors == 0 and not failures
    log(
        f"plans in the database: {account.rows} ({account.distinct_descriptions} distinct, "
        f"{account.submitted} submitted); failures: {failures[:5]}"
    )

    lines = [
        f"## {TITLE}",
        "",
        f"- Date: {datetime.date.today().isoformat()}; commit {_commit()}; written by "
        "`python -m bench.load` (`make prove`)",
        f"- Machine: {harness.machine()} (load {load_before:.1f} before the read phase, "
        f"{load_after:.1f} after the plans); the load generator runs on the same 2 cores "
        "as gunicorn and PostgreSQL; a machine shared with other sessions",
        f"- Server: {gunicorn.description()}; {version}, reached {servers.pooler}"
        + (", reads from a streaming replica" if servers.replica_url else ""),
        f"- Cache: {warmed}",
        f"- Dataset: the national demo dataset ({buildings:,} buildings, {records:,} records), "
        + (
            "loaded into the database of an earlier run"
            if arguments.reuse_db
            else "loaded into a fresh database"
        )
        + f" `{arguments.database}`"
        + (" and streamed to the replica" if servers.replica_url else ""),
        "- Generator: Python threads with http.client on loopback (bench/load), one connection "
        "per user; `X-Forwarded-Proto: https` as from the reverse proxy",
        "",
        f"### Reads: {len(users)} concurrent users for {arguments.seconds:g} s",
        "",
        "A third each: anonymous visitors (nation, province, municipality, office-region and "
        "covenant pages), signed-in officers of Utrecht and Noord-Holland (their area page with "
        "its buildings table, the filtered table, building pages, flags) and API clients with a "
        "national read-only key from `create_api_client` (buildings pages of 100, a building, its "
        "records, statistics, open flags); each user waits 0.5-1.5 s between requests. Every "
        "answer must be a 200.",
        "",
        *report.table(read_rows, alone=alone),
        "",
        f"- Answers: {report.status_counts(read_samples)}; wall clock {read_seconds:.1f} s "
        "(the last requests finish after the deadline). A warm-up of two requests of each kind "
        'per role, one at a time, went before and is not counted; "Alone" is the faster of '
        "those two, the time of the request without concurrent ones.",
        f"- CPU during the read phase (/proc): {cpu}.",
        *(
            [
                f"- Read replica: {split.text()} during the read phase (each server's "
                "pg_stat_database; who may do what, the sessions, users, memberships and API "
                "keys, is read from the primary by design, docs/adr/0026); goal: the replica "
                "answers reads: "
                f"{'met' if met_replica else 'NOT met'}."
            ]
            if split is not None
            else []
        ),
        f"- Goal: 0 errors and a p95 of all requests under {arguments.p95_ms:.0f} ms "
        f"({read_errors} errors, p95 {read_p95:.0f} ms): {'met' if met_reads else 'NOT met'}.",
        "",
        f"### Writes: {arguments.plans:,} plan submissions from {len(clients)} concurrent "
        "investors",
        "",
        "Through the portal, as investors submit: the plan form (POST /plannen/nieuw, a draft), "
        "then submit (POST /plannen/<id>/indienen), each request sent once (never retried); the "
        "investors are the demo personas belegger.a and belegger.b, signed in beforehand, "
        "plans spread over their buildings (several plans per building, concurrently).",
        "",
        *report.table(plan_rows),
        "",
        f"- Answers: {report.status_counts(plan_samples)}; {plan_seconds:.1f} s for all, "
        f"{arguments.plans / plan_seconds:.1f} plans/s.",
        f"- In the database afterwards: {account.rows:,} plans of this run "
        f"({account.distinct_descriptions:,} distinct), {account.submitted:,} submitted, "
        f"{account.notifications:,} plan_submitted notifications "
        f"({account.notifications_expected:,} expected: one per municipal officer of the "
        "building's municipality, and the demo has officers in Utrecht and Amsterdam only); "
        f"lost {lost}, doubled {doubled}, 5xx {server_errors}, no answer {no_answer}.",
        f"- Goal: exactly {arguments.plans:,} plans, none lost, none doubled, no 5xx: "
        f"{'met' if met_plans else 'NOT met'}.",
        f"- Total run time {time.monotonic() - started:.0f} s (of which "
        f"{prepared_seconds:.0f} s for the database).",
    ]
    if failures:
        lines.append(f"- First failures: {'; '.join(failures[:3])}")
    section = "\n".join(lines) + "\n"
    log("")
    log(section)
    if not arguments.no_write:
        harness.section_write(arguments.output, TITLE, section)
        log(f"written to {arguments.output}")
    return 0 if met_reads and met_plans and met_replica else 1


def _commit() -> str:
    from bench.__main__ import _commit as commit

    return commit()


if __name__ == "__main__":
    sys.exit(main())
