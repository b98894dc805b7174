"""Nothing in the code relies on a database session, which PgBouncer in transaction pooling does
not keep from one transaction to the next (docs/adr/0026): no session-level advisory locks, no
session settings, no LISTEN, no prepared statements or held cursors, and every temporary table
dropped at commit. tests/core/test_pgbouncer.py and test_pooling_processes.py run the code
through a real pgbouncer; this finds the constructs it would meet only under load."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {"tests", ".venv", "node_modules", "var", "static", "docs", "bench"}

FORBIDDEN = {
    "session-level advisory lock": re.compile(r"pg_(try_)?advisory_(un)?lock(_shared)?\s*\(", re.I),
    "LISTEN/NOTIFY": re.compile(r"""["'`]\s*(LISTEN|UNLISTEN)\s""", re.I),
    "prepared statement": re.compile(r"""["'`]\s*(PREPARE|DEALLOCATE)\s""", re.I),
    "held cursor": re.compile(r"\bWITH\s+HOLD\b", re.I),
    # SET LOCAL and SET CONSTRAINTS end with the transaction; set_config(..., true) too.
    "session setting": re.compile(
        r"""(execute\(\s*f?["']\s*(RE)?SET\s+(?!LOCAL\b|CONSTRAINTS\b))"""
        r"""|(set_config\([^)]*,\s*false\s*\))""",
        re.I,
    ),
}
TEMP_TABLE = re.compile(r"CREATE\s+(TEMP|TEMPORARY)\s+TABLE", re.I)


def _sources() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED & set(path.relative_to(ROOT).parts) and "migrations" not in path.parts
    ]


def test_the_check_sees_the_code():
    names = {str(path.relative_to(ROOT)) for path in _sources()}
    assert "buildings/tasks.py" in names and "kantorentop/core/locks.py" in names


def test_nothing_relies_on_a_database_session():
    found = []
    for path in _sources():
        text = path.read_text()
        for what, pattern in FORBIDDEN.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert found == []


def test_every_temporary_table_is_dropped_at_commit():
    """A temporary table that outlives its transaction stays on a server connection another
    client gets next; ON COMMIT DROP ends it with the transaction that made it."""
    found = []
    for path in _sources():
        text = path.read_text()
        for match in TEMP_TABLE.finditer(text):
            # The statement runs to the end of its string literal.
            statement = re.split(r'"""|(?<!\\)"\)', text[match.start() :], maxsplit=1)[0]
            if not re.search(r"ON\s+COMMIT\s+DROP", statement, re.I):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}")
    assert found == []


def test_the_patterns_find_what_they_forbid():
    samples = {
        "session-level advisory lock": 'cursor.execute("SELECT pg_try_advisory_lock(%s)", [1])',
        "LISTEN/NOTIFY": 'cursor.execute("LISTEN events")',
        "prepared statement": 'cursor.execute("PREPARE q AS SELECT 1")',
        "held cursor": "DECLARE c CURSOR WITH HOLD FOR SELECT 1",
        "session setting": "cursor.execute(\"SET lock_timeout = '1s'\")",
    }
    for what, sample in samples.items():
        assert FORBIDDEN[what].search(sample), what
    allowed = [
        "cursor.execute(\"SET LOCAL lock_timeout = '1s'\")",
        'cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")',
        'cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [1, 2])',
        "SELECT set_config('a.b', %s, true)",
    ]
    for sample in allowed:
        assert not any(pattern.search(sample) for pattern in FORBIDDEN.values()), sample
