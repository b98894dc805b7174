"""The load test's PgBouncer and its CPU accounting.

gunicorn reaches PostgreSQL through PgBouncer in transaction pooling, as a province runs it
(issue 17): either one already running (`--pgbouncer-url`, its host and port; the load database
is named in the URL the portal gets) or one the load test starts for itself (`--pgbouncer`).
The starter is tests.core.servers.pgbouncer where it exists; otherwise a minimal one here
(Debian's `pgbouncer`, pool_mode=transaction).

The load generator runs on the same cores as gunicorn and PostgreSQL, so the report names the
share of the machine's CPU time each took during the read phase (from /proc).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def pooled_url(database_url: str, pooler_url: str) -> str:
    """`database_url` with the host and port of `pooler_url` (same user and database)."""
    database, pooler = urlsplit(database_url), urlsplit(pooler_url)
    user = database.netloc.rpartition("@")[0]
    netloc = f"{user}@{pooler.hostname}:{pooler.port or 6432}" if user else pooler.netloc
    return urlunsplit(database._replace(netloc=netloc))


@contextmanager
def pgbouncer(*, upstream_url: str, pool_size: int = 20):  # type: ignore[no-untyped-def]
    """A PgBouncer of the load test's own in front of the server of `upstream_url`; yields its
    URL (postgres://user@127.0.0.1:port/)."""
    upstream = urlsplit(upstream_url)
    try:
        from tests.core.servers.pgbouncer import PgBouncer  # type: ignore[import-not-found]
    except ImportError:
        PgBouncer = None  # noqa: N806
    if PgBouncer is not None:
        with PgBouncer(
            upstream_host=upstream.hostname or "127.0.0.1",
            upstream_port=upstream.port or 5432,
            user=upstream.username or "postgres",
            pool_size=pool_size,
        ) as bouncer:
            yield bouncer.url("")
        return
    with _minimal_pgbouncer(upstream, pool_size) as url:
        yield url


@contextmanager
def _minimal_pgbouncer(upstream, pool_size: int):  # type: ignore[no-untyped-def]
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not os.access(binary, os.X_OK):
        raise SystemExit("pgbouncer is not installed (apt-get install pgbouncer)")
    user = upstream.username or "postgres"
    directory = Path(tempfile.mkdtemp(prefix="kantorentop-load-pgbouncer-"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    (directory / "users.txt").write_text(f'"{user}" ""\n')
    (directory / "pgbouncer.ini").write_text(
        f"[databases]\n* = host={upstream.hostname or '127.0.0.1'} port={upstream.port or 5432}\n"
        f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\n"
        f"unix_socket_dir = {directory}\nauth_type = trust\n"
        f"auth_file = {directory / 'users.txt'}\npool_mode = transaction\n"
        f"default_pool_size = {pool_size}\nmax_client_conn = 500\n"
        f"logfile = {directory / 'pgbouncer.log'}\n"
    )
    run_as = "postgres" if os.geteuid() == 0 else None  # pgbouncer refuses to run as root
    if run_as:
        for path in (directory, *directory.iterdir()):
            shutil.chown(path, run_as)
    process = subprocess.Popen(  # noqa: S603 (Debian's binary, our own config)
        [binary, str(directory / "pgbouncer.ini")], user=run_as, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"pgbouncer did not start; see {directory}") from None
                time.sleep(0.05)
        yield f"postgres://{user}@127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(directory, ignore_errors=True)


# --- CPU accounting --------------------------------------------------------------------------


def _machine_busy() -> float:
    """CPU seconds all cores spent not idle since boot (/proc/stat)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    jiffies = [int(value) for value in fields[:8]]
    idle = jiffies[3] + jiffies[4]  # idle and iowait
    return (sum(jiffies) - idle) / os.sysconf("SC_CLK_TCK")


def _processes_cpu(root: int) -> tuple[float, dict[str, float]]:
    """CPU seconds of `root` and its children (gunicorn's arbiter and workers), and of the
    processes named in `SERVICES`, per name (/proc/<pid>/stat). A process that ended between two
    snapshots is missing from the second: the shares are a lower bound."""
    server = 0.0
    services = dict.fromkeys(SERVICES, 0.0)
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat.partition("(")[2].rpartition(")")[0]
        fields = stat.rpartition(")")[2].split()
        pid, ppid = int(entry.name), int(fields[1])
        seconds = (int(fields[11]) + int(fields[12])) / tick
        if root in (pid, ppid):
            server += seconds
        elif name in services:
            services[name] += seconds
    return server, services


# The servers whose CPU the report names apart (by process name): the primary and the replica
# are both `postgres`.
SERVICES = ("postgres", "pgbouncer")
SERVICE_LABELS = {"postgres": "PostgreSQL", "pgbouncer": "PgBouncer"}


@dataclass(frozen=True)
class CpuSnapshot:
    at: float
    machine: float
    generator: float
    server: float
    services: dict[str, float]


def cpu_snapshot(server_pid: int) -> CpuSnapshot:
    times = os.times()
    server, services = _processes_cpu(server_pid)
    return CpuSnapshot(
        at=time.monotonic(),
        machine=_machine_busy(),
        generator=times.user + times.system,
        server=server,
        services=services,
    )


def cpu_shares(before: CpuSnapshot, after: CpuSnapshot) -> str:
    """How the machine's busy CPU time between the snapshots split: the load generator,
    gunicorn, PostgreSQL (primary and replica), PgBouncer, and everything else."""
    cores = os.cpu_count() or 1
    wall = after.at - before.at
    busy = max(after.machine - before.machine, 1e-9)
    generator = after.generator - before.generator
    server = after.server - before.server
    services = {name: after.services[name] - before.services.get(name, 0.0) for name in SERVICES}
    named = ", ".join(
        f"{SERVICE_LABELS[name]} {seconds:.0f} ({seconds / busy:.0%})"
        for name, seconds in services.items()
    )
    rest = busy - generator - server - sum(services.values())
    return (
        f"the machine's {cores} cores were busy {busy:.0f} of {cores * wall:.0f} CPU seconds; "
        f"the load generator took {generator:.0f} ({generator / busy:.0%} of the busy time), "
        f"gunicorn {server:.0f} ({server / busy:.0%}), {named}, everything else (the kernel, "
        f"other sessions) {rest:.0f}"
    )
