"""Migration files: where they are, their order, and their statements (run by :class:`Store`)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d+)_[\w-]+\.sql$")


def migration_files(folder: Path = MIGRATIONS) -> list[Path]:
    """Every ``NNN_name.sql`` in the folder, in order of its number (then name)."""
    files = [p for p in folder.glob("*.sql") if _MIGRATION_NAME.match(p.name)]
    return sorted(files, key=lambda p: (int(_MIGRATION_NAME.match(p.name).group(1)), p.name))  # type: ignore[union-attr]


def statements(script: str) -> Iterator[str]:
    """Split a SQL script into complete statements (triggers' BEGIN...END kept whole)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf
            buf = ""
    if buf.strip() and not all(ln.strip().startswith("--") or not ln.strip() for ln in buf.splitlines()):
        raise ValueError(f"incomplete SQL statement at the end: {buf.strip()[:60]}")
