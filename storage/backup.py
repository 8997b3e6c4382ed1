"""`hotline db backup`: a consistent copy of the SQLite file while the hotline keeps running.

SQLite's online backup copies the database page by page and restarts when a writer changes a page it copied,
so the copy is consistent (a plain `cp` during a write is not). Steps are small, so writers wait milliseconds.
PostgreSQL is backed up with pg_dump (README, "Backups").
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

PAGES_PER_STEP = 256


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy the database file `source` to the new file `target`; returns the copy's size in bytes."""
    with sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy, pages=PAGES_PER_STEP, sleep=0.01)
    origin.close()
    copy.close()
    return target.stat().st_size
