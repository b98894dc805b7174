"""A PgBouncer of its own in transaction pooling, in front of a PostgreSQL server, for tests and
benchmarks (Debian's `pgbouncer` package). No Django here: `bench` starts it too.

    with PgBouncer(upstream_port=5432) as bouncer:
        url = bouncer.url("kantorentop_load")   # postgres://postgres@127.0.0.1:<port>/...

Every database name is passed on to the upstream server (a `*` entry). `round_robin` hands the
server connections out in turn instead of the most recently used first, so two transactions of
one client in a row reach different server connections whenever the pool has several: anything
that relies on a session (a session-level lock or setting, a server-side cursor, a temporary table
across transactions) then fails in a test as it would under load.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

PGBOUNCER_PATHS = ("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer")


def pgbouncer_binary() -> str | None:
    """Debian's pgbouncer, or the one on PATH; None when not installed."""
    for path in PGBOUNCER_PATHS:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("pgbouncer")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run_as() -> str | None:
    """pgbouncer refuses to run as root: then it runs as the postgres user."""
    return "postgres" if hasattr(os, "geteuid") and os.geteuid() == 0 else None


class PgBouncer:
    """pgbouncer on 127.0.0.1 (a free port), pool_mode=transaction, trust authentication for
    `user` (the upstream must trust it too, as the machine's and CI's PostgreSQL do on
    127.0.0.1). Stopped (SIGTERM, then SIGKILL) on stop() or leaving the `with` block."""

    def __init__(
        self,
        *,
        upstream_host: str = "127.0.0.1",
        upstream_port: int = 5432,
        user: str = "postgres",
        pool_size: int = 20,
        min_pool_size: int = 0,
        max_client_conn: int = 500,
        round_robin: bool = False,
        directory: Path | None = None,
    ) -> None:
        binary = pgbouncer_binary()
        if binary is None:
            raise RuntimeError("pgbouncer is not installed (apt-get install pgbouncer)")
        self.binary = binary
        self.upstream_host, self.upstream_port, self.user = upstream_host, upstream_port, user
        self.pool_size, self.min_pool_size, self.max_client_conn = (
            pool_size,
            min_pool_size,
            max_client_conn,
        )
        self.round_robin = round_robin
        self._own_directory = directory is None
        self.directory = directory or Path(tempfile.mkdtemp(prefix="kantorentop-pgbouncer-"))
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.directory / "pgbouncer.log"

    def url(self, database: str) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{database}"

    def _write_config(self) -> Path:
        ini = self.directory / "pgbouncer.ini"
        users = self.directory / "userlist.txt"
        users.write_text(f'"{self.user}" ""\n')
        ini.write_text(
            "[databases]\n"
            f"* = host={self.upstream_host} port={self.upstream_port}\n"
            "[pgbouncer]\n"
            "listen_addr = 127.0.0.1\n"
            f"listen_port = {self.port}\n"
            f"unix_socket_dir = {self.directory}\n"
            "auth_type = trust\n"
            f"auth_file = {users}\n"
            f"admin_users = {self.user}\n"
            "pool_mode = transaction\n"
            f"default_pool_size = {self.pool_size}\n"
            f"min_pool_size = {self.min_pool_size}\n"
            f"max_client_conn = {self.max_client_conn}\n"
            f"server_round_robin = {int(self.round_robin)}\n"
            # psycopg2 sends none of these, other drivers (JDBC, psql) may.
            "ignore_startup_parameters = extra_float_digits,options\n"
            f"logfile = {self.log_path}\n"
            f"pidfile = {self.directory / 'pgbouncer.pid'}\n"
        )
        return ini

    def start(self, *, timeout: float = 15) -> PgBouncer:
        ini = self._write_config()
        user = _run_as()
        if user is not None:
            shutil.chown(self.directory, user)
            for path in self.directory.iterdir():
                shutil.chown(path, user)
        self.process = subprocess.Popen(  # noqa: S603 - Debian's binary, our own config
            [self.binary, str(ini)],
            user=user,
            stdout=subprocess.DEVNULL,
            stderr=(self.directory / "stderr.log").open("ab"),
        )
        deadline = time.monotonic() + timeout
        while not self._listening():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"pgbouncer did not start:\n{self.log()}")
            time.sleep(0.05)
        return self

    def warm(self, database: str, count: int | None = None) -> None:
        """Open `count` server connections to `database` now (default: the pool's size), each by
        a client of its own holding a transaction at the same time, so round robin has them all
        to hand out from the first transaction on."""
        import psycopg2

        clients = [psycopg2.connect(self.url(database)) for _ in range(count or self.pool_size)]
        try:
            for client in clients:
                client.cursor().execute("SELECT 1")  # BEGIN: the server stays with this client
        finally:
            for client in clients:
                client.rollback()
                client.close()

    def _listening(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    def log(self) -> str:
        parts = [self.log_path, self.directory / "stderr.log"]
        return "\n".join(p.read_text(errors="replace") for p in parts if p.exists())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def remove(self) -> None:
        self.stop()
        if self._own_directory:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> PgBouncer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.remove()
