"""Documents an R&D office added, kept in the curation store (SQLite or PostgreSQL, knowledge/curation/db.py):
their details, their passages, and which passages answered questions (and whether people found them helpful).

Adding a document is one transaction: its passages are all there or none is. Retiring keeps it (and its
record of use) but takes it out of what the bot answers from.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass

from knowledge.curation.db import Database
from knowledge.documents.index import Document
from knowledge.documents.passages import Passage

FEEDBACK_WINDOW_S = 3600  # feedback on an answer comes within the hour it was given


class DocumentNotFound(LookupError):
    pass


class Duplicate(ValueError):
    """The same file is already a live document."""


@dataclass
class Record:
    document: Document
    filename: str
    sha256: str
    size_bytes: int
    pages: int | None
    status: str  # live | retired
    added_by: str
    added_at: float
    passages: int = 0

    def to_dict(self) -> dict:
        d = self.document
        return {"id": d.id, "title": d.title, "publisher": d.publisher, "published": d.published,
                "address": d.address, "kind": d.kind, "filename": self.filename, "size_bytes": self.size_bytes,
                "pages": self.pages, "status": self.status, "added_by": self.added_by, "added_at": self.added_at,
                "passages": self.passages}


def question_hash(question: str) -> str:
    """Feedback is matched to the answer by the question, without keeping the question's text twice."""
    return hashlib.sha256(" ".join(question.lower().split()).encode()).hexdigest()[:32]


def _record(row: dict) -> Record:
    document = Document(row["id"], row["title"], row["publisher"], row["published"], row["address"], row["kind"])
    return Record(document, row["filename"], row["sha256"], row["size_bytes"], row["pages"], row["status"],
                  row["added_by"], row["added_at"], row.get("passages") or 0)


def _passage(row: dict) -> Passage:
    return Passage(row["document_id"], row["number"], row["text"], row["heading"], row["page"])


class DocumentStore:
    def __init__(self, db: Database):
        self.db = db

    def add(self, document: Document, passages: list[Passage], filename: str, data_sha256: str, size_bytes: int,
            pages: int | None, author: str) -> Record:
        now = time.time()
        with self.db.connect() as c:
            same = c.one("SELECT id, title FROM documents WHERE sha256 = ? AND status = 'live'", (data_sha256,))
            if same:
                raise Duplicate(f"this file is already live as '{same['title']}' ({same['id']})")
            c.execute("INSERT INTO documents (id, title, publisher, published, address, filename, kind, sha256, "
                      "size_bytes, pages, status, added_by, added_at, changed_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'live', ?, ?, ?)",
                      (document.id, document.title, document.publisher, document.published, document.address,
                       filename, document.kind, data_sha256, size_bytes, pages, author, now, now))
            for p in passages:
                c.execute("INSERT INTO document_passages (document_id, number, text, heading, page) "
                          "VALUES (?, ?, ?, ?, ?)", (p.document_id, p.number, p.text, p.heading, p.page))
        return self.get(document.id)

    def retire(self, document_id: str) -> Record:
        with self.db.connect() as c:
            if c.execute("UPDATE documents SET status = 'retired', changed_at = ? WHERE id = ? AND status = 'live'",
                         (time.time(), document_id)) != 1:
                self._get(c, document_id)  # raises when there is no such document
        return self.get(document_id)

    def get(self, document_id: str) -> Record:
        with self.db.connect() as c:
            return self._get(c, document_id)

    @staticmethod
    def _get(c, document_id: str) -> Record:
        row = c.one("SELECT d.*, (SELECT COUNT(*) FROM document_passages p WHERE p.document_id = d.id) AS passages "
                    "FROM documents d WHERE d.id = ?", (document_id,))
        if row is None:
            raise DocumentNotFound(f"no document '{document_id}'")
        return _record(row)

    def list(self) -> list[Record]:
        with self.db.connect() as c:
            rows = c.all("SELECT d.*, (SELECT COUNT(*) FROM document_passages p WHERE p.document_id = d.id) "
                         "AS passages FROM documents d ORDER BY d.status, d.added_at DESC")
        return [_record(r) for r in rows]

    def passages(self, document_id: str) -> list[Passage]:
        with self.db.connect() as c:
            rows = c.all("SELECT * FROM document_passages WHERE document_id = ? ORDER BY number", (document_id,))
        return [_passage(r) for r in rows]

    def passage(self, document_id: str, number: int) -> Passage:
        with self.db.connect() as c:
            row = c.one("SELECT * FROM document_passages WHERE document_id = ? AND number = ?", (document_id, number))
        if row is None:
            raise DocumentNotFound(f"no passage {number} in document '{document_id}'")
        return _passage(row)

    def text(self, document_id: str) -> str | None:
        """A document's text as its passages hold it (live or retired), what a quote from it is checked against;
        None when there is no such document."""
        with self.db.connect() as c:
            if c.one("SELECT id FROM documents WHERE id = ?", (document_id,)) is None:
                return None
            rows = c.all("SELECT text FROM document_passages WHERE document_id = ? ORDER BY number", (document_id,))
        return "\n".join(r["text"] for r in rows)

    def live(self) -> list[tuple[Document, list[Passage]]]:
        """What the bot answers from: every live document with its passages."""
        with self.db.connect() as c:
            docs = [_record(r) for r in c.all("SELECT * FROM documents WHERE status = 'live' ORDER BY added_at")]
            rows = c.all("SELECT p.* FROM document_passages p JOIN documents d ON d.id = p.document_id "
                         "WHERE d.status = 'live' ORDER BY p.document_id, p.number")
        by_doc: dict[str, list[Passage]] = {}
        for row in rows:
            by_doc.setdefault(row["document_id"], []).append(_passage(row))
        return [(r.document, by_doc.get(r.document.id, [])) for r in docs]

    def version(self) -> tuple:
        """Changes whenever a document is added or retired (the service polls it to pick up the CLI's additions)."""
        with self.db.connect() as c:
            row = c.one("SELECT COUNT(*) AS n, MAX(changed_at) AS at FROM documents")
        return row["n"], row["at"]

    # Use.

    def record_use(self, document_id: str, number: int, question: str) -> None:
        with self.db.connect() as c:
            c.execute("INSERT INTO document_uses (id, document_id, number, question_hash, asked_at) "
                      "VALUES (?, ?, ?, ?, ?)", (uuid.uuid4().hex, document_id, number, question_hash(question),
                                                 time.time()))

    def rate(self, question: str, helpful: bool) -> bool:
        """Feedback on the latest document answer to this question in the last hour; false if there was none."""
        with self.db.connect() as c:
            row = c.one("SELECT id FROM document_uses WHERE question_hash = ? AND asked_at >= ? "
                        "ORDER BY asked_at DESC", (question_hash(question), time.time() - FEEDBACK_WINDOW_S))
            if row is None:
                return False
            c.execute("UPDATE document_uses SET helpful = ? WHERE id = ?", (int(helpful), row["id"]))
        return True

    def most_used(self, limit: int = 20) -> list[dict]:
        """The passages that answered most questions, with their ratings: what curators might promote to entries."""
        with self.db.connect() as c:
            return c.all(
                "SELECT u.document_id, u.number, COUNT(*) AS answered, "
                "SUM(CASE WHEN u.helpful = 1 THEN 1 ELSE 0 END) AS helpful, "
                "SUM(CASE WHEN u.helpful = 0 THEN 1 ELSE 0 END) AS unhelpful, MAX(u.asked_at) AS last_asked "
                "FROM document_uses u GROUP BY u.document_id, u.number ORDER BY answered DESC, last_asked DESC "
                "LIMIT ?", (limit,))
