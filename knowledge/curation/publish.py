"""Put the published entries live: make the next index from the store and swap it in, as a reload does.

The work runs in the service's thread pool under its reload lock; requests in
flight keep the index they started with, new ones get the new one. Publishing or
retiring one entry updates the live index for that entry alone (a fraction of a
second at 10,000 entries); start-up and "reindex" rebuild from every published
entry, embedding only passages whose text changed.
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial

from aiohttp import web

from knowledge.curation.context import CURATION
from knowledge.curation.entryfiles import fingerprint
from knowledge.index import KnowledgeIndex
from knowledge.loader import EntryError, load_entries
from knowledge.service import STATE

log = logging.getLogger("knowledge.curation.publish")


async def refresh_index(app: web.Application, reason: str, entry_id: str | None = None) -> KnowledgeIndex:
    """Rebuild from every published entry, or, given `entry_id`, bring just that entry up to date
    (when the live index came from the store: after a reload from the entry files it rebuilds)."""
    state, cur = app[STATE], app[CURATION]
    loop = asyncio.get_running_loop()
    settings = cur.settings
    async with state.reload_lock:
        if entry_id is None or not state.from_store:
            entries = await asyncio.to_thread(cur.entries.published_entries)
            index = await loop.run_in_executor(state.pool, KnowledgeIndex.build, entries, settings.index_dir,
                                               settings.embedding_batch_size)
        else:
            entry = await asyncio.to_thread(cur.entries.published_entry, entry_id)
            index = await loop.run_in_executor(
                state.pool, partial(state.index.updated, [entry] if entry else [], removed=() if entry else {entry_id},
                                    cache_dir=settings.index_dir, batch_size=settings.embedding_batch_size))
        state.index, state.from_store = index, True
    log.info("live index updated from the curation store",
             extra={"reason": reason, "entry": entry_id, "entries": index.stats.entries,
                    "embedded": index.stats.embedded, "seconds": round(index.stats.seconds, 3)})
    return index


async def sync_on_start(app: web.Application) -> None:
    """First start: import the entry files. Later: serve what is published in the store, and warn when the
    files were edited since (a `git pull`), since the store, not the files, is what the bot answers from."""
    cur, state = app[CURATION], app[STATE]
    await asyncio.to_thread(cur.db.migrate)
    if await asyncio.to_thread(cur.entries.count) == 0:
        try:
            files = await asyncio.to_thread(load_entries, cur.settings.entries_dir, cur.settings.sources_dir)
        except EntryError as exc:  # keep serving the index the service started with; curation waits for valid files
            log.error("curation store is empty and the entry files are invalid; nothing imported",
                      extra={"problems": [str(p) for p in exc.problems]})
            return
        counts = await asyncio.to_thread(cur.entries.import_entries, files, "import from files")
        await asyncio.to_thread(cur.entries.remember_files, fingerprint(cur.settings.entries_dir))
        log.info("curation store was empty: imported the entry files", extra={"imported": counts})
    elif await asyncio.to_thread(cur.entries.files_fingerprint) != await asyncio.to_thread(
            fingerprint, cur.settings.entries_dir):
        log.warning("the entry files changed since the last import or export; the bot serves the curation store. "
                    "Run `python -m knowledge import` to publish the files, or `export` to replace them",
                    extra={"entries_dir": str(cur.settings.entries_dir)})
    published = await asyncio.to_thread(cur.entries.published_entries)
    if {e.id: e for e in published} != state.index.entries:
        await refresh_index(app, "start")
    else:
        state.from_store = True
