"""A persistent cache of arXiv answers (SQLite), by id and by title query.

arXiv's data changes once a day, so answers are kept for ``max_age`` seconds (default one
day). Negative answers (an unknown id, a title with no candidate) are cached too, so that a
re-run of the same inputs makes no request at all. Ages are measured on the wall clock
(``time.time``): unlike ``time.monotonic``, it means the same thing in the next process.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Self

import platformdirs

#: Bumped when the stored value format changes; older rows are then ignored.
SCHEMA = 1
FILENAME = "arxiv.sqlite3"
#: Rows older than this are deleted when the cache is opened, whatever ``max_age`` a run uses.
PURGE_AFTER = 90 * 86400.0


def default_cache_dir() -> Path:
    """``BIBEXPORT_CACHE_DIR`` if set, else the user cache directory for bibexport."""
    env = os.environ.get("BIBEXPORT_CACHE_DIR")
    return Path(env) if env else Path(platformdirs.user_cache_dir("bibexport"))


class ArxivCache:
    """Key → JSON value with the time it was stored; stale rows read as misses."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        max_age: float = 86400.0,
        now: Callable[[], float] = time.time,
    ) -> None:
        """Open (creating if needed) the cache file at ``path``; raises ``sqlite3.Error``/``OSError``."""
        self.path = Path(path)
        self.max_age = max_age
        self._now = now
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # A second bibexport running at the same time waits for the lock instead of failing.
        self._db = sqlite3.connect(self.path, timeout=10.0)
        with self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS answers ("
                " key TEXT PRIMARY KEY, value TEXT NOT NULL, stored REAL NOT NULL,"
                " schema INTEGER NOT NULL)"
            )
            self._db.execute("DELETE FROM answers WHERE stored < ?", (self._now() - PURGE_AFTER,))

    @classmethod
    def in_dir(cls, directory: str | os.PathLike[str] | None = None, **kwargs: Any) -> ArxivCache:
        """The cache file inside ``directory`` (default: :func:`default_cache_dir`)."""
        base = Path(directory) if directory is not None else default_cache_dir()
        return cls(base / FILENAME, **kwargs)

    def get(self, key: str) -> tuple[bool, Any]:
        """``(True, value)`` for a fresh entry (value may be ``None``: a cached "no answer")."""
        row = self._db.execute(
            "SELECT value, stored FROM answers WHERE key = ? AND schema = ?", (key, SCHEMA)
        ).fetchone()
        if row is None or self._now() - row[1] > self.max_age:
            return False, None
        return True, json.loads(row[0])

    def put(self, key: str, value: Any) -> None:
        self.put_many([(key, value)])

    def put_many(self, items: Iterable[tuple[str, Any]]) -> None:
        """Store several answers in one transaction."""
        stamp = self._now()
        rows = [(k, json.dumps(v, ensure_ascii=False), stamp, SCHEMA) for k, v in items]
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO answers (key, value, stored, schema) VALUES (?, ?, ?, ?)",
                rows,
            )

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
