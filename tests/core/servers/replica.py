"""A streaming replica of the machine's PostgreSQL, for tests and benchmarks: `pg_basebackup` of
the primary into a temporary directory, started with Debian's binaries of the primary's major
version (/usr/lib/postgresql/<major>/bin) as a hot standby on a free port. No Django here.

    with StreamingReplica(primary_port=5432) as replica:
        replica.url("kantorentop")      # postgres://postgres@127.0.0.1:<port>/kantorentop
        replica.wait_caught_up()        # every commit of the primary so far is visible
        replica.pause_replay()          # lag on purpose: the replica stops at this point

The primary must accept replication connections from 127.0.0.1 (Debian's default pg_hba.conf
does not): `replication_allow()` adds `host replication all 127.0.0.1/32 trust` to its hba file
when missing and reloads it, as `.ci/run` does.

The replica streams through a replication slot of its own (`kantorentop_replica_<pid>`), so the
primary keeps the WAL it has not received yet even while it is stopped or paused (the machine's
primary checkpoints often: every CREATE DATABASE of a test run does). remove() drops the slot; a
slot whose process died without it is dropped by the next replica that starts here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import psycopg2

from tests.core.servers.pgbouncer import free_port

HBA_LINE = "host replication all 127.0.0.1/32 trust"
SLOT_PREFIX = "kantorentop_replica_"


def _as_postgres() -> str | None:
    """PostgreSQL refuses to run as root: then as the postgres user."""
    return "postgres" if hasattr(os, "geteuid") and os.geteuid() == 0 else None


def _connect(host: str, port: int, user: str, database: str = "postgres", **extra: Any) -> Any:
    return psycopg2.connect(host=host, port=port, user=user, dbname=database, **extra)


def replication_allow(*, host: str = "127.0.0.1", port: int = 5432, user: str = "postgres") -> None:
    """Let the primary accept replication connections from 127.0.0.1, once (idempotent)."""
    from psycopg2.extras import PhysicalReplicationConnection

    try:
        _connect(host, port, user, connection_factory=PhysicalReplicationConnection).close()
        return
    except psycopg2.OperationalError as error:
        if "pg_hba.conf" not in str(error):
            raise
    primary = _connect(host, port, user)
    primary.autocommit = True
    try:
        with primary.cursor() as cursor:
            cursor.execute("SHOW hba_file")
            hba = Path(cursor.fetchone()[0])
            lines = hba.read_text().splitlines()
            if HBA_LINE not in lines:
                hba.write_text("\n".join([*lines, HBA_LINE]) + "\n")
            cursor.execute("SELECT pg_reload_conf()")
    finally:
        primary.close()
    time.sleep(0.5)  # the postmaster reloads in the background


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class StreamingReplica:
    """A hot standby of the primary at (primary_host, primary_port), streaming from it."""

    def __init__(
        self, *, primary_host: str = "127.0.0.1", primary_port: int = 5432, user: str = "postgres"
    ) -> None:
        self.primary_host, self.primary_port, self.user = primary_host, primary_port, user
        self.directory = Path(tempfile.mkdtemp(prefix="kantorentop-replica-"))
        self.data = self.directory / "data"
        self.port = free_port()
        self.slot = f"{SLOT_PREFIX}{os.getpid()}_{self.port}"
        self.bin = self._binaries()

    def _primary(self) -> Any:
        connection = _connect(self.primary_host, self.primary_port, self.user)
        connection.autocommit = True
        return connection

    def _binaries(self) -> Path:
        primary = self._primary()
        try:
            major = primary.server_version // 10000
        finally:
            primary.close()
        path = Path(f"/usr/lib/postgresql/{major}/bin")
        if not (path / "pg_ctl").exists():
            raise RuntimeError(f"PostgreSQL {major}'s binaries are not installed at {path}")
        return path

    def url(self, database: str) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> Any:
        connection = _connect("127.0.0.1", self.port, self.user, database)
        connection.autocommit = True
        return connection

    def _run(self, *args: str, timeout: float = 300) -> None:
        result = subprocess.run(  # noqa: S603 - Debian's binaries, fixed arguments
            [str(self.bin / args[0]), *args[1:]],
            user=_as_postgres(),
            cwd=self.directory,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(f"{args[0]} failed: {result.stderr}\n{self.log()}")

    def _slots_drop(self, *, only_orphans: bool) -> None:
        """Drop this replica's slot, or the inactive slots of processes that are gone."""
        primary = self._primary()
        try:
            with primary.cursor() as cursor:
                cursor.execute(
                    "SELECT slot_name FROM pg_replication_slots "
                    "WHERE slot_name LIKE %s AND NOT active",
                    [SLOT_PREFIX + "%"],
                )
                for (name,) in cursor.fetchall():
                    pid = int(name.removeprefix(SLOT_PREFIX).split("_")[0])
                    if name == self.slot or (only_orphans and not _alive(pid)):
                        cursor.execute("SELECT pg_drop_replication_slot(%s)", [name])
        finally:
            primary.close()

    def start(self) -> StreamingReplica:
        replication_allow(host=self.primary_host, port=self.primary_port, user=self.user)
        self._slots_drop(only_orphans=True)
        if _as_postgres():
            shutil.chown(self.directory, "postgres", "postgres")
        self._run(
            "pg_basebackup", "-h", self.primary_host, "-p", str(self.primary_port),
            "-U", self.user, "-D", str(self.data), "-R", "-X", "stream", "-c", "fast",
            "-C", "-S", self.slot,
        )  # fmt: skip
        # Debian keeps the primary's configuration in /etc: the copy gets one of its own.
        (self.data / "postgresql.conf").write_text(
            f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
            f"unix_socket_directories = '{self.directory}'\nhot_standby = on\n"
            "max_connections = 100\nshared_buffers = 32MB\nfsync = off\n"
            f"hba_file = '{self.data / 'pg_hba.conf'}'\n"
        )
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        if _as_postgres():
            for name in ("postgresql.conf", "pg_hba.conf"):
                shutil.chown(self.data / name, "postgres", "postgres")
        self.resume()
        return self

    def resume(self) -> None:
        """Start (again) the stopped replica; it catches up from the primary."""
        log = self.directory / "postgres.log"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(log), "-w", "-t", "120", "start")

    def log(self) -> str:
        log = self.directory / "postgres.log"
        return log.read_text(errors="replace")[-3000:] if log.exists() else ""

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        try:
            self.stop("immediate")
            self._slots_drop(only_orphans=False)
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)

    def wait_caught_up(self, *, timeout: float = 60) -> None:
        """Wait until the replica has replayed every commit the primary has made so far."""
        primary = self._primary()
        try:
            with primary.cursor() as cursor:
                cursor.execute("SELECT pg_current_wal_lsn()")
                target = cursor.fetchone()[0]
        finally:
            primary.close()
        replica = self.connect()
        deadline = time.monotonic() + timeout
        try:
            with replica.cursor() as cursor:
                while True:
                    cursor.execute(
                        "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s) >= 0", [target]
                    )
                    if cursor.fetchone()[0]:
                        return
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"the replica did not catch up:\n{self.log()}")
                    time.sleep(0.05)
        finally:
            replica.close()

    def _replay(self, function: str) -> None:
        replica = self.connect()
        try:
            with replica.cursor() as cursor:
                cursor.execute(f"SELECT {function}()")
        finally:
            replica.close()

    def pause_replay(self) -> None:
        """Stop applying the primary's changes: the replica lags from here on."""
        self._replay("pg_wal_replay_pause")

    def resume_replay(self) -> None:
        self._replay("pg_wal_replay_resume")

    def __enter__(self) -> StreamingReplica:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.remove()
