"""The entries the bot answers from: once curation is in use, what the curation store publishes; before
that (no store, or an empty one), the entry files in knowledge/entries/.

`python -m knowledge build`, the service's start-up and POST /api/admin/reload all read them here, so
they agree with what a publish puts live. The store's two tables are read directly and read-only, on
SQLite or PostgreSQL, as the curation store writes them (the engine does not import curation).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from knowledge.index import KnowledgeIndex
from knowledge.loader import load_entries
from knowledge.schema import Entry
from knowledge.settings import Settings

PUBLISHED = ("SELECT v.data FROM entries e JOIN versions v ON v.entry_id = e.id AND v.version = e.published_version "
             "WHERE e.published_version IS NOT NULL ORDER BY e.id")


def _sqlite_rows(settings: Settings) -> list[str] | None:
    if not settings.curation_db.is_file():
        return None
    with closing(sqlite3.connect(settings.curation_db.as_uri() + "?mode=ro", uri=True, timeout=15)) as db:
        if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entries'").fetchone() is None:
            return None
        if db.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is None:
            return None
        return [row[0] for row in db.execute(PUBLISHED)]


def _postgres_rows(settings: Settings) -> list[str] | None:
    import psycopg

    with psycopg.connect(settings.database_url, connect_timeout=5) as db:
        if db.execute("SELECT to_regclass('entries')").fetchone()[0] is None:
            return None
        if db.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is None:
            return None
        return [row[0] for row in db.execute(PUBLISHED)]


def published_entries(settings: Settings) -> list[Entry] | None:
    """Every entry's published version, or None when curation is not in use yet (no store, or no entry in it)."""
    rows = _postgres_rows(settings) if settings.database_url else _sqlite_rows(settings)
    return None if rows is None else [Entry.model_validate(json.loads(data)) for data in rows]


def current_entries(settings: Settings) -> tuple[list[Entry], str]:
    """The entries to answer from, and where they came from (for messages)."""
    published = published_entries(settings)
    if published is not None:
        return published, "the curation store"
    return load_entries(settings.entries_dir, settings.sources_dir), str(settings.entries_dir)


def build_index(settings: Settings, progress: bool = False) -> KnowledgeIndex:
    """The search index of the entries the bot answers from (re-embeds only changed passages)."""
    entries, _ = current_entries(settings)
    return KnowledgeIndex.build(entries, settings.index_dir, settings.embedding_batch_size, progress=progress)
