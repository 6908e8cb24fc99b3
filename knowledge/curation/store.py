"""Entries with their full history: every change is a new version, saved only if based on the latest.

The working copy (latest version) and the published version are kept apart, so
an edit to a live entry changes nothing the bot says until a reviewer publishes it.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from pydantic import ValidationError

from knowledge.curation.db import Connection, Database
from knowledge.curation.diffs import diff
from knowledge.curation.entryfiles import to_data
from knowledge.documents.store import DocumentStore
from knowledge.loader import check_sources
from knowledge.schema import Entry


# The largest version number a request may name: PostgreSQL's INTEGER (SQLite's is larger). A bigger
# number would overflow the database (a 500), so requests are refused (400) before it gets there.
MAX_VERSION = 2**31 - 1


def version_number(value: object) -> int:
    """A version number from a request (JSON number or form text): 1..MAX_VERSION, else ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError("not a whole number")
    if isinstance(value, str) and not (value.isascii() and value.isdigit() and len(value) <= 10):
        raise ValueError("not a whole number")
    number = int(value)
    if not 1 <= number <= MAX_VERSION:
        raise ValueError(f"not between 1 and {MAX_VERSION}")
    return number


class Workflow(str, Enum):
    draft = "draft"
    in_review = "in_review"
    published = "published"
    retired = "retired"


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class Invalid(ValueError):
    """The entry failed validation; `errors` name each field."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))


class NotFound(LookupError):
    pass


class Conflict(RuntimeError):
    """The save was based on an old version; `changes` are what others did since, `current` the latest."""

    def __init__(self, message: str, current: dict | None = None, changes: list[dict] | None = None):
        super().__init__(message)
        self.current = current
        self.changes = changes or []


class BadTransition(RuntimeError):
    """The workflow step is not possible from the entry's current state (e.g. publishing a draft)."""


@dataclass
class Record:
    """One entry in the store: its working copy and where it stands."""

    id: str
    version: int
    workflow: Workflow
    published_version: int | None
    data: dict
    updated_at: float
    updated_by: str
    published_data: dict | None = field(default=None)

    @property
    def review_due(self) -> dt.date:
        return dt.date.fromisoformat(self.data["review_due"])

    def to_dict(self) -> dict:
        return {"id": self.id, "version": self.version, "workflow": self.workflow.value,
                "published_version": self.published_version, "updated_at": self.updated_at,
                "updated_by": self.updated_by, "entry": self.data,
                "unpublished_changes": self.published_data is not None and self.published_data != self.data}


def validate(data: object, sources_dir: Path | None, known_ids: set[str] | None = None,
             added: Callable[[str], str | None] | None = None) -> Entry:
    """The same checks as the build: the pydantic model, seed quotes found verbatim, successor exists; and with
    `added` (EntryStore.added_text), quotes from documents added in the curation app found verbatim in them."""
    if not isinstance(data, dict):
        raise Invalid([FieldError("(entry)", "the entry must be an object of fields")])
    try:
        entry = Entry.model_validate(data)
    except ValidationError as exc:
        raise Invalid([FieldError(".".join(str(p) for p in err["loc"]) or "(entry)", err["msg"].removeprefix("Value error, "))
                       for err in exc.errors()]) from None
    errors = []
    if sources_dir is not None:
        errors += [FieldError(p.field, p.message) for p in check_sources([entry], sources_dir, added)]
    if entry.successor and known_ids is not None and entry.successor not in known_ids:
        errors.append(FieldError("successor", f"no entry with id '{entry.successor}'"))
    if errors:
        raise Invalid(errors)
    return entry


class EntryStore:
    def __init__(self, db: Database, sources_dir: Path | None):
        self.db = db
        self.sources_dir = sources_dir
        self.added_text = DocumentStore(db).text  # quotes from documents added in the curation app are checked too

    # Reading.

    def ids(self) -> set[str]:
        with self.db.connect() as c:
            return {r["id"] for r in c.all("SELECT id FROM entries")}

    def count(self) -> int:
        with self.db.connect() as c:
            return c.one("SELECT COUNT(*) AS n FROM entries")["n"]

    def get(self, entry_id: str) -> Record:
        with self.db.connect() as c:
            return self._get(c, entry_id)

    def list(self, workflow: str | None = None, owner: str | None = None, kind: str | None = None,
             due_by: dt.date | None = None) -> list[Record]:
        sql, params = "SELECT e.*, v.data FROM entries e JOIN versions v ON v.entry_id = e.id AND v.version = e.version WHERE 1=1", []
        for column, value in (("workflow", workflow), ("owner", owner), ("kind", kind)):
            if value:
                sql += f" AND e.{column} = ?"
                params.append(value)
        if due_by:
            sql += " AND e.review_due <= ? AND e.workflow <> 'retired'"
            params.append(due_by.isoformat())
        with self.db.connect() as c:
            return [self._record(r) for r in c.all(sql + " ORDER BY e.title", params)]

    def owners(self) -> list[str]:
        with self.db.connect() as c:
            return [r["owner"] for r in c.all("SELECT DISTINCT owner FROM entries ORDER BY owner")]

    def published_entries(self) -> list[Entry]:
        """What the bot answers from: each entry's published version."""
        with self.db.connect() as c:
            rows = c.all("SELECT v.data FROM entries e JOIN versions v ON v.entry_id = e.id "
                         "AND v.version = e.published_version WHERE e.published_version IS NOT NULL ORDER BY e.id")
        return [Entry.model_validate(json.loads(r["data"])) for r in rows]

    def published_entry(self, entry_id: str) -> Entry | None:
        """The entry's published version, or None when it has none (never published, or retired)."""
        with self.db.connect() as c:
            row = c.one("SELECT v.data FROM entries e JOIN versions v ON v.entry_id = e.id "
                        "AND v.version = e.published_version WHERE e.id = ?", (entry_id,))
        return Entry.model_validate(json.loads(row["data"])) if row else None

    def published_serial(self) -> int:
        """Goes up with every change to what is published, on any instance: each one polls it to follow the store."""
        with self.db.connect() as c:
            row = c.one("SELECT value FROM meta WHERE key = 'published_serial'")
        return int(row["value"]) if row else 0

    def published_versions(self) -> dict[str, int]:
        """Entry id -> the number of its published version, for every published entry."""
        with self.db.connect() as c:
            rows = c.all("SELECT id, published_version FROM entries WHERE published_version IS NOT NULL")
        return {r["id"]: r["published_version"] for r in rows}

    def published_changes(self, known: dict[str, int]) -> tuple[dict[str, int], list[Entry], set[str]]:
        """What is published now, compared with `known` (id -> version, what a live index holds): the versions
        now, the entries published since (each at exactly the version listed) and the ids retired since."""
        now = self.published_versions()
        changed = [(i, v) for i, v in now.items() if known.get(i) != v]
        entries = []
        with self.db.connect() as c:  # versions never change once written, so each read matches `now`
            for entry_id, number in changed:
                row = c.one("SELECT data FROM versions WHERE entry_id = ? AND version = ?", (entry_id, number))
                entries.append(Entry.model_validate(json.loads(row["data"])))
        return now, entries, set(known) - set(now)

    def history(self, entry_id: str) -> list[dict]:
        with self.db.connect() as c:
            self._get(c, entry_id)
            rows = c.all("SELECT version, workflow, action, author, created_at, diff FROM versions "
                         "WHERE entry_id = ? ORDER BY version DESC", (entry_id,))
        return rows

    def version(self, entry_id: str, number: int) -> dict:
        with self.db.connect() as c:
            row = c.one("SELECT * FROM versions WHERE entry_id = ? AND version = ?", (entry_id, number))
        if row is None:
            raise NotFound(f"no version {number} of entry '{entry_id}'")
        return {**row, "data": json.loads(row["data"])}

    def files_fingerprint(self) -> str | None:
        """The fingerprint of the entry files at the last import or export (see entryfiles.fingerprint)."""
        with self.db.connect() as c:
            row = c.one("SELECT value FROM meta WHERE key = 'files_fingerprint'")
        return row["value"] if row else None

    def remember_files(self, fingerprint: str) -> None:
        with self.db.connect() as c:  # an upsert: instances starting together may both remember the files
            c.execute("INSERT INTO meta (key, value) VALUES ('files_fingerprint', ?) ON CONFLICT (key) "
                      "DO UPDATE SET value = excluded.value", (fingerprint,))

    # Changing: every call adds one version, or raises and changes nothing.

    def create(self, data: object, author: str) -> Record:
        entry = validate(data, self.sources_dir, self.ids(), self.added_text)
        with self.db.connect() as c:
            if c.one("SELECT id FROM entries WHERE id = ?", (entry.id,)):
                raise Conflict(f"an entry with id '{entry.id}' already exists")
            self._insert(c, entry, Workflow.draft, "create", author)
            return self._get(c, entry.id)

    def save(self, entry_id: str, data: object, base_version: int, author: str) -> Record:
        """Save an edit made to `base_version`; refused with the others' changes if it is no longer the latest."""
        if isinstance(data, dict) and data.get("id", entry_id) != entry_id:
            raise Invalid([FieldError("id", "the id of an existing entry cannot change; create a new entry instead")])
        entry = validate(data, self.sources_dir, self.ids(), self.added_text)
        with self.db.connect() as c:
            current = self._get(c, entry_id)
            new = to_data(entry)
            self._advance(c, current, base_version, new, Workflow.draft, "edit", author)
            return self._get(c, entry_id)

    def submit(self, entry_id: str, base_version: int, author: str) -> Record:
        return self._step(entry_id, base_version, author, "submit", Workflow.in_review, {Workflow.draft})

    def send_back(self, entry_id: str, base_version: int, author: str) -> Record:
        return self._step(entry_id, base_version, author, "send back", Workflow.draft, {Workflow.in_review})

    def publish(self, entry_id: str, base_version: int, author: str) -> Record:
        return self._step(entry_id, base_version, author, "publish", Workflow.published, {Workflow.in_review})

    def retire(self, entry_id: str, base_version: int, author: str) -> Record:
        return self._step(entry_id, base_version, author, "retire", Workflow.retired,
                          {Workflow.draft, Workflow.in_review, Workflow.published})

    def restore(self, entry_id: str, number: int, base_version: int, author: str) -> Record:
        """A new draft with the content of an earlier version; the versions in between stay in the history."""
        old = self.version(entry_id, number)
        validate(old["data"], self.sources_dir, self.ids(), self.added_text)
        with self.db.connect() as c:
            current = self._get(c, entry_id)
            self._advance(c, current, base_version, old["data"], Workflow.draft, f"restore v{number}", author)
            return self._get(c, entry_id)

    def import_entries(self, entries: list[Entry], author: str) -> dict[str, int]:
        """Make the given entries the published ones (e.g. from the files in git); unchanged ones are left alone."""
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        with self.db.connect() as c:
            if self.db.postgres:  # instances starting together on an empty store: one imports, the others wait
                c.execute("SELECT pg_advisory_xact_lock(6009)")
            for entry in entries:
                current = c.one("SELECT id FROM entries WHERE id = ?", (entry.id,))
                if current is None:
                    self._insert(c, entry, Workflow.published, "import", author)
                    counts["created"] += 1
                    continue
                record = self._get(c, entry.id)
                if record.published_data == to_data(entry):  # live already; a draft in progress is left alone
                    counts["unchanged"] += 1
                    continue
                self._advance(c, record, record.version, to_data(entry), Workflow.published, "import", author)
                counts["updated"] += 1
            if counts["created"] or counts["updated"]:
                self._published_changed(c)
        return counts

    # Internals.

    def _step(self, entry_id: str, base_version: int, author: str, action: str, to: Workflow,
              allowed: set[Workflow]) -> Record:
        with self.db.connect() as c:
            current = self._get(c, entry_id)
            if current.version == base_version and current.workflow not in allowed:
                raise BadTransition(f"cannot {action} an entry that is {current.workflow.value.replace('_', ' ')}")
            self._advance(c, current, base_version, current.data, to, action, author)
            if to in (Workflow.published, Workflow.retired):
                self._published_changed(c)
            return self._get(c, entry_id)

    def _advance(self, c: Connection, current: Record, base_version: int, data: dict, workflow: Workflow,
                 action: str, author: str) -> None:
        number = current.version + 1
        published = number if workflow is Workflow.published else (
            None if workflow is Workflow.retired else current.published_version)
        now = time.time()
        changed = c.execute(
            "UPDATE entries SET version = ?, workflow = ?, published_version = ?, title = ?, kind = ?, owner = ?, "
            "review_due = ?, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?",
            (number, workflow.value, published, data["title"], data["kind"], data["owner"], data["review_due"],
             now, author, current.id, base_version))
        if changed != 1:
            raise self._conflict(c, current, base_version)
        c.execute("INSERT INTO versions (entry_id, version, data, workflow, action, author, created_at, diff) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  (current.id, number, json.dumps(data), workflow.value, action, author, now,
                   diff(current.data, data, f"v{current.version}", f"v{number}")))

    def _conflict(self, c: Connection, current: Record, base_version: int) -> Conflict:
        base = c.one("SELECT data FROM versions WHERE entry_id = ? AND version = ?", (current.id, base_version))
        if base is None:
            return Conflict(f"version {base_version} of '{current.id}' does not exist; the latest is {current.version}",
                            current.to_dict())
        since = c.all("SELECT version, action, author, created_at FROM versions WHERE entry_id = ? AND version > ? "
                      "ORDER BY version", (current.id, base_version))
        change = diff(json.loads(base["data"]), current.data, f"v{base_version} (yours was based on)",
                      f"v{current.version} (now)")
        who = ", ".join(sorted({r["author"] for r in since}))
        return Conflict(f"'{current.id}' was changed by {who} after you opened it (version {base_version}; now "
                        f"{current.version}). Your text is kept below: compare, then save again.",
                        current.to_dict(), [*since, {"diff": change}])

    def _insert(self, c: Connection, entry: Entry, workflow: Workflow, action: str, author: str) -> None:
        data, now = to_data(entry), time.time()
        c.execute("INSERT INTO entries (id, version, workflow, published_version, title, kind, owner, review_due, "
                  "updated_at, updated_by) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
                  (entry.id, workflow.value, 1 if workflow is Workflow.published else None, data["title"],
                   data["kind"], data["owner"], data["review_due"], now, author))
        c.execute("INSERT INTO versions (entry_id, version, data, workflow, action, author, created_at, diff) "
                  "VALUES (?, 1, ?, ?, ?, ?, ?, ?)",
                  (entry.id, json.dumps(data), workflow.value, action, author, now, diff(None, data, "(new)", "v1")))

    @staticmethod
    def _published_changed(c: Connection) -> None:
        """Last in its transaction, after the entry rows: every writer locks in that order, so none deadlock."""
        c.execute("INSERT INTO meta (key, value) VALUES ('published_serial', '1') ON CONFLICT (key) "
                  "DO UPDATE SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)")

    def _get(self, c: Connection, entry_id: str) -> Record:
        row = c.one("SELECT e.*, v.data, p.data AS published_data FROM entries e "
                    "JOIN versions v ON v.entry_id = e.id AND v.version = e.version "
                    "LEFT JOIN versions p ON p.entry_id = e.id AND p.version = e.published_version WHERE e.id = ?",
                    (entry_id,))
        if row is None:
            raise NotFound(f"no entry '{entry_id}'")
        return self._record(row)

    @staticmethod
    def _record(row: dict) -> Record:
        published = row.get("published_data")
        return Record(row["id"], row["version"], Workflow(row["workflow"]), row["published_version"],
                      json.loads(row["data"]), row["updated_at"], row["updated_by"],
                      json.loads(published) if published else None)
