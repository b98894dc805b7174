"""The server side of the load test: a fresh database with the national demo dataset, an API key,
and gunicorn in production settings."""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

LOAD_DATABASE = "kantorentop_load"


def database_recreate(*, base_url: str, name: str = LOAD_DATABASE) -> str:
    """Drop (when present) and create the load database on the server of `base_url`; returns
    its URL. Only this database is ever dropped."""
    import psycopg2
    from psycopg2 import sql

    if not name.startswith("kantorentop_load"):
        raise ValueError(f"refusing to drop {name}")
    parts = urlsplit(base_url)
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()
    return urlunsplit(parts._replace(path="/" + name))


def manage(project_dir: Path, env: dict[str, str], *args: str, log: Path) -> str:
    """`manage.py <args>` in a subprocess on the load database; returns its standard output
    (standard error goes to `log`)."""
    with log.open("a") as errors:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=project_dir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            check=False,
        )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed (exit {result.returncode}); see {log}")
    return result.stdout


def cache_warm(
    *,
    project_dir: Path,
    redis_url: str,
    env: dict[str, str],
    log_file: Path,
    say: Callable[[str], None],
) -> str:
    """With Redis: empties the load test's database of it, then computes every area page's
    figures into it (`manage.py warm_area_figures`, with the server's settings `env`, so through
    the replica when it has one), as the beat's task does after each data change in production.
    Returns what the report says of the cache."""
    if not redis_url:
        return "a local-memory cache per worker, empty at the start"
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    say("computing every area page's figures into the cache (warm_area_figures) ...")
    started = time.monotonic()
    said = manage(project_dir, env, "warm_area_figures", log=log_file).strip()
    seconds = time.monotonic() - started
    say(said)
    return (
        f"Redis, filled before the read phase by `manage.py warm_area_figures` ({seconds:.0f} s: "
        f"{said}), as the beat's task `area_figures_warm_task` does after every data change"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Gunicorn:
    """gunicorn serving the portal on 127.0.0.1 in production settings, stopped on exit."""

    def __init__(
        self,
        *,
        project_dir: Path,
        database_url: str,
        workers: int,
        threads: int,
        log: Path,
        pooled: bool = False,
        replica_url: str = "",
        redis_url: str = "",
    ) -> None:
        self.port = free_port()
        self.workers = workers
        self.threads = threads
        self.command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "120",
            "--forwarded-allow-ips",
            "127.0.0.1",
        ]
        inherited = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "KANTORENTOP_"))
        }
        self.env = {
            **inherited,
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_CONN_MAX_AGE": "60",
            "DJANGO_LOG_LEVEL": "WARNING",
            # The cache and broker shared by the workers, as in production; without it a
            # local-memory cache per worker and tasks in-process, as `make run` embedded.
            "REDIS_URL": redis_url,
            # Behind PgBouncer in transaction pooling: no server-side cursors (config.settings).
            **({"DATABASE_POOLED": "1"} if pooled else {}),
            # Pages and API GETs read from the replica (config.settings, core/replica.py).
            **({"DATABASE_REPLICA_URL": replica_url} if replica_url else {}),
        }
        self.pooled = pooled
        self.replica = bool(replica_url)
        self.redis = bool(redis_url)
        self.project_dir = project_dir
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def description(self) -> str:
        return (
            f"gunicorn config.wsgi:application --workers {self.workers} --threads "
            f"{self.threads} --timeout 120, DJANGO_DEBUG=0, DJANGO_CONN_MAX_AGE=60, "
            + (
                "REDIS_URL (the cache and broker, a Redis database of the load test's own, "
                "emptied before and after; no Celery worker runs, so the tasks the plans queue "
                "wait)"
                if self.redis
                else "no REDIS_URL"
            )
            + (", DATABASE_POOLED=1" if self.pooled else "")
            + (", DATABASE_REPLICA_URL (reads from the replica)" if self.replica else "")
        )

    def __enter__(self) -> Gunicorn:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 (our own command line)
                self.command, cwd=self.project_dir, env=self.env, stdout=out, stderr=out
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}; see {self.log}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/health")
                connection.getresponse().read()
                connection.close()
                return self
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"gunicorn did not answer within 60 s; see {self.log}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the arbiter stops its own workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
