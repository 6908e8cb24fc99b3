"""Questions the assistant could not answer or answered with low confidence, and answers rated,
kept for the R&D office.

Only the question text, when it was asked and what came closest are stored:
no sender id, so the list can be shared without exposing who asked. Identifiers in the text
(NHS numbers, phone numbers, email addresses, postcodes) are masked before it is written
(knowledge/redact.py), and rows older than the retention period are purged (knowledge/retention.py).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

from knowledge.redact import redact

SCHEMA = """
CREATE TABLE IF NOT EXISTS gaps (
    id INTEGER PRIMARY KEY,
    asked_at REAL NOT NULL,
    question TEXT NOT NULL,
    confidence REAL NOT NULL,
    nearest_entry TEXT,
    answered INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    rated_at REAL NOT NULL,
    entry_id TEXT,
    question TEXT,
    helpful INTEGER NOT NULL
);
"""


class GapLog:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
            columns = {row[1] for row in db.execute("PRAGMA table_info(gaps)")}
            if "answered" not in columns:  # gap logs written before low-confidence answers were kept
                db.execute("ALTER TABLE gaps ADD COLUMN answered INTEGER NOT NULL DEFAULT 0")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def record(self, question: str, confidence: float, nearest_entry: str | None, answered: bool = False) -> None:
        """`answered`: the bot did answer, from `nearest_entry`, but with little confidence."""
        question = redact(question)
        with self._lock, closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO gaps (asked_at, question, confidence, nearest_entry, answered) VALUES (?, ?, ?, ?, ?)",
                (time.time(), question, confidence, nearest_entry, int(answered)),
            )

    def rate(self, entry_id: str | None, question: str | None, helpful: bool) -> None:
        question = redact(question) if question else question
        with self._lock, closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO feedback (rated_at, entry_id, question, helpful) VALUES (?, ?, ?, ?)",
                (time.time(), entry_id, question, int(helpful)),
            )

    def ratings(self, limit: int = 100) -> list[dict]:
        with closing(self._connect()) as db:
            db.row_factory = sqlite3.Row
            rows = db.execute("SELECT * FROM feedback ORDER BY rated_at DESC, id DESC LIMIT ?", (limit,)).fetchall()
        return [dict(r) for r in rows]

    def recent(self, limit: int = 100) -> list[dict]:
        with closing(self._connect()) as db:
            db.row_factory = sqlite3.Row
            rows = db.execute("SELECT * FROM gaps ORDER BY asked_at DESC, id DESC LIMIT ?", (limit,)).fetchall()
        return [dict(r) for r in rows]

    def delete(self, table: str, row_id: int) -> bool:
        """Delete one question ("gaps") or rating ("feedback") row; False when there is none."""
        if table not in ("gaps", "feedback"):
            raise ValueError("table must be 'gaps' or 'feedback'")
        with self._lock, closing(self._connect()) as db, db:
            return db.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,)).rowcount == 1

    def purge(self, before: float) -> dict[str, list[int]]:
        """Delete every question and rating recorded before `before` (epoch seconds); returns the ids deleted."""
        deleted = {}
        with self._lock, closing(self._connect()) as db, db:
            for table, column in (("gaps", "asked_at"), ("feedback", "rated_at")):
                deleted[table] = [r[0] for r in db.execute(f"SELECT id FROM {table} WHERE {column} < ?", (before,))]
                db.execute(f"DELETE FROM {table} WHERE {column} < ?", (before,))
        return deleted
