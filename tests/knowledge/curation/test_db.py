"""The SQLite side of the curation store's database layer."""

import sqlite3

import pytest

from knowledge.curation import db
from knowledge.curation.db import Database


class Refusing:
    """A connection whose switch to write-ahead logging is refused a few times, as SQLite does when
    several connections open a new file at the same moment."""

    def __init__(self, refusals: int, message: str = "database is locked"):
        self.refusals, self.message, self.calls = refusals, message, 0

    def execute(self, sql):
        self.calls += 1
        if self.calls <= self.refusals:
            raise sqlite3.OperationalError(self.message)


def test_a_refused_switch_to_write_ahead_logging_is_tried_again():
    raw = Refusing(refusals=3)
    db._write_ahead(raw)
    assert raw.calls == 4


def test_other_errors_are_not_retried():
    raw = Refusing(refusals=3, message="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        db._write_ahead(raw)
    assert raw.calls == 1


def test_a_lock_that_never_goes_is_reported(monkeypatch):
    monkeypatch.setattr(db, "SQLITE_PATIENCE_S", 0.05)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        db._write_ahead(Refusing(refusals=10**6))


def test_the_file_is_in_write_ahead_mode(tmp_path):
    database = Database(None, tmp_path / "store.sqlite3")
    database.migrate()
    assert sqlite3.connect(tmp_path / "store.sqlite3").execute("PRAGMA journal_mode").fetchone()[0] == "wal"
