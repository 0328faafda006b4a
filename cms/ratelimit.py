"""Rate-limit counters in a SQLite file, so every worker of one server shares them.

Flask-Limiter's in-memory store counts per process: with four gunicorn workers a client
gets four times the login attempts. Redis shares the counts between servers; on a single
server without Redis this store does, as a small SQLite database in the instance
(``sqlite:///…/ratelimits.sqlite3``, the default). Each hit is one short write
transaction; expired counters are swept now and then.
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from urllib.parse import unquote, urlsplit

from limits.storage import Storage

SCHEME = "sqlite"
#: One hit in this many also deletes expired counters.
_SWEEP_ONE_IN = 500


def storage_uri(path: str) -> str:
    """The ``RATELIMIT_STORAGE_URI`` of a counters file at *path*."""
    return f"{SCHEME}:///{os.path.abspath(path).lstrip('/')}"


class SQLiteStorage(Storage):
    """A fixed-window counter store for the ``limits`` library, in one SQLite file."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: float | str | bool):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = "/" + unquote(urlsplit(uri).path).lstrip("/")
        self._local = threading.local()

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        """One connection per thread and process (a forked worker opens its own), opened
        at the first hit, so a command that never serves a request touches no file."""
        pid = os.getpid()
        if getattr(self._local, "pid", None) != pid:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("CREATE TABLE IF NOT EXISTS counter (key TEXT PRIMARY KEY, "
                               "hits INTEGER NOT NULL, expires REAL NOT NULL)")
            self._local.connection, self._local.pid = connection, pid
        return self._local.connection

    def _transaction(self) -> _Immediate:
        return _Immediate(self._connection())

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self._transaction() as connection:
            if random.randrange(_SWEEP_ONE_IN) == 0:  # noqa: S311 - not security
                connection.execute("DELETE FROM counter WHERE expires <= ?", (now,))
            row = connection.execute("SELECT hits, expires FROM counter WHERE key = ?",
                                     (key,)).fetchone()
            if row is None or row[1] <= now:
                hits = amount
                connection.execute("INSERT OR REPLACE INTO counter VALUES (?, ?, ?)",
                                   (key, hits, now + expiry))
            else:
                hits = row[0] + amount
                connection.execute("UPDATE counter SET hits = ? WHERE key = ?", (hits, key))
        return hits

    def get(self, key: str) -> int:
        row = self._connection().execute(
            "SELECT hits FROM counter WHERE key = ? AND expires > ?", (key, time.time())
        ).fetchone()
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._connection().execute(
            "SELECT expires FROM counter WHERE key = ? AND expires > ?", (key, time.time())
        ).fetchone()
        return row[0] if row else time.time()

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        with self._transaction() as connection:
            return connection.execute("DELETE FROM counter").rowcount

    def clear(self, key: str) -> None:
        with self._transaction() as connection:
            connection.execute("DELETE FROM counter WHERE key = ?", (key,))


class _Immediate:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: the read and the write of a hit are one step for
    every process, so two workers never both see the same count."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind, value, traceback) -> None:
        self.connection.execute("ROLLBACK" if kind else "COMMIT")
