"""Liveness of the Celery worker and of beat: each touches a file of its own while it works
(kantorentop/core/celery_liveness.py), and this checks how old the file is.

    python -m kantorentop.core.heartbeat worker   # exit 0: touched within --max-age seconds
    python -m kantorentop.core.heartbeat beat --max-age 60

Cheap enough for a Kubernetes exec probe every few seconds: it imports neither Django nor Celery
and reads no setting but KANTORENTOP_HEARTBEAT_DIR (default: the system's temporary directory),
which the worker or beat and its probe must share (the same container).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

KINDS = ("worker", "beat")
# How often a worker or beat touches its file, and how old it may get before it counts as hung.
INTERVAL_SECONDS = float(os.environ.get("KANTORENTOP_HEARTBEAT_SECONDS", "10"))
DEFAULT_MAX_AGE_SECONDS = 60.0


def heartbeat_path(kind: str) -> Path:
    directory = os.environ.get("KANTORENTOP_HEARTBEAT_DIR") or tempfile.gettempdir()
    return Path(directory) / f"kantorentop-{kind}.alive"


def heartbeat_touch(kind: str) -> None:
    path = heartbeat_path(kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def heartbeat_remove(kind: str) -> None:
    heartbeat_path(kind).unlink(missing_ok=True)


def heartbeat_age(kind: str) -> float | None:
    """Seconds since the last touch; None when there is no file (not started, or stopped)."""
    try:
        return max(0.0, time.time() - heartbeat_path(kind).stat().st_mtime)
    except FileNotFoundError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kantorentop.core.heartbeat")
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("--max-age", type=float, default=DEFAULT_MAX_AGE_SECONDS)
    options = parser.parse_args(argv)
    age = heartbeat_age(options.kind)
    if age is None:
        print(f"{options.kind}: no heartbeat")
        return 1
    alive = age <= options.max_age
    print(f"{options.kind}: {'alive' if alive else 'hung'}, last heartbeat {age:.0f} s ago")
    return 0 if alive else 1


if __name__ == "__main__":
    sys.exit(main())
