"""A thin database layer so the curation store runs on SQLite or PostgreSQL unchanged.

SQL is written once with `?` placeholders and portable types; this module
translates placeholders for PostgreSQL, opens connections and applies numbered
migrations recorded in a `schema_version` table.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from knowledge.curation.migrations import MIGRATIONS
from knowledge.settings import Settings


SQLITE_PATIENCE_S = 15


def _write_ahead(raw: sqlite3.Connection) -> None:
    """Put the SQLite file in write-ahead-log mode (it stays so). The switch needs the file alone, and
    when several connections open a new file at once SQLite refuses it at once ("database is locked")
    rather than waiting its timeout, so try again for as long as a connection would wait."""
    deadline = time.monotonic() + SQLITE_PATIENCE_S
    while True:
        try:
            raw.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


class Database:
    """Connections to one store; `url` is a PostgreSQL URL, or None for the SQLite file at `path`."""

    def __init__(self, url: str | None, path: Path | None = None):
        if not url and path is None:
            raise ValueError("a database URL or a SQLite path is required")
        self.url = url
        self.path = path
        self.postgres = bool(url)
        if path is not None and not self.postgres:
            path.parent.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back on error."""
        if self.postgres:
            import psycopg

            raw = psycopg.connect(self.url, connect_timeout=5)
        else:
            raw = sqlite3.connect(self.path, timeout=SQLITE_PATIENCE_S, isolation_level=None)
            _write_ahead(raw)
            raw.execute("PRAGMA synchronous=NORMAL")  # with WAL: safe against corruption, faster commits
            raw.execute("PRAGMA foreign_keys=ON")
            raw.execute("BEGIN IMMEDIATE")
        conn = Connection(raw, self.postgres)
        try:
            yield conn
            raw.commit() if self.postgres else raw.execute("COMMIT")
        except BaseException:
            raw.rollback() if self.postgres else raw.execute("ROLLBACK")
            raise
        finally:
            raw.close()

    def migrate(self) -> int:
        """Apply every migration not yet applied; returns the schema version now in force."""
        with self.connect() as db:
            if self.postgres:  # one migrator at a time across processes
                db.execute("SELECT pg_advisory_xact_lock(6006)")
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
            row = db.one("SELECT MAX(version) AS v FROM schema_version")
            current = row["v"] or 0
            for number, statements in enumerate(MIGRATIONS, start=1):
                if number <= current:
                    continue
                for statement in statements:
                    db.execute(statement)
                db.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, CURRENT_TIMESTAMP)", (number,))
                current = number
        return current


class Connection:
    """The few calls the store needs, identical on both databases; rows come back as dicts."""

    def __init__(self, raw: Any, postgres: bool):
        self.raw = raw
        self.postgres = postgres

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgres else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        cursor = self.raw.execute(self._sql(sql), tuple(params))
        return cursor.rowcount

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[dict]:
        cursor = self.raw.execute(self._sql(sql), tuple(params))
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict | None:
        rows = self.all(sql, params)
        return rows[0] if rows else None


def open_database(settings: Settings) -> Database:
    """The curation store the settings name: PostgreSQL at NHSBOT_DATABASE_URL, else SQLite in the data folder."""
    return Database(settings.database_url, None if settings.database_url else settings.curation_db)
