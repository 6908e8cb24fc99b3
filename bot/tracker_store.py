"""Rasa's SQL tracker store, with SQLite in write-ahead-log mode when SQLite is the database.

Why: Rasa saves each conversation after every message in its own transaction, and SQLite's
default rollback journal syncs to disk several times per commit, on Rasa's one event loop:
profiling the REST channel put a fifth of Rasa's time per message in that save
(docs/benchmarks.md). In WAL mode with `synchronous=NORMAL` a commit appends to the log and
returns; a crash of Rasa or of this machine's processes loses nothing committed (only a power
cut can lose the last commits, which then roll back whole). PostgreSQL is left as Rasa sets it.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy import event


def _tune(connection: Any, _record: Any) -> None:
    if isinstance(connection, sqlite3.Connection):
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")


class WalSQLTrackerStore(SQLTrackerStore):
    """Configured like Rasa's `SQL` tracker store (dialect, db, host, username...)."""

    def __init__(self, domain: Optional[Domain] = None, dialect: Text = "sqlite", **kwargs: Any) -> None:
        super().__init__(domain, dialect, **kwargs)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _tune)
            self.engine.dispose()  # connections opened before the listener get reopened with it
