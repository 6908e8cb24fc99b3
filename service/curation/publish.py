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

from knowledge.curation.entryfiles import fingerprint
from knowledge.index import KnowledgeIndex
from knowledge.loader import EntryError, load_entries
from service.curation.context import CURATION
from service.state import STATE, cancel_task

log = logging.getLogger("knowledge.curation.publish")


POLL_S = 0.5  # how often each instance asks the store whether anything was published elsewhere


async def refresh_index(app: web.Application, reason: str, entry_id: str | None = None) -> KnowledgeIndex:
    """Rebuild from every published entry, or, given `entry_id` (just published or retired here), update the
    live index in place (when it came from the store: after a reload from the entry files it rebuilds)."""
    return await _refresh(app, reason, in_place=entry_id is not None, entry_id=entry_id)


async def _refresh(app: web.Application, reason: str, in_place: bool, entry_id: str | None = None) -> KnowledgeIndex:
    """In place: apply every entry published or retired since the live index was made, by this instance or
    another one sharing the store; nothing to apply leaves the index as it is."""
    state, cur = app[STATE], app[CURATION]
    loop = asyncio.get_running_loop()
    settings = cur.settings
    async with state.reload_lock:
        if not in_place or not state.from_store:
            # The versions before the entries: a publish in between is applied again by the next poll, never missed.
            versions = await asyncio.to_thread(cur.entries.published_versions)
            entries = await asyncio.to_thread(cur.entries.published_entries)
            index = await loop.run_in_executor(state.pool, KnowledgeIndex.build, entries, settings.index_dir,
                                               settings.embedding_batch_size)
        else:
            versions, changed, removed = await asyncio.to_thread(cur.entries.published_changes, state.published)
            if not changed and not removed:
                return state.index
            index = await loop.run_in_executor(
                state.pool, partial(state.index.updated, changed, removed=removed, cache_dir=settings.index_dir,
                                    batch_size=settings.embedding_batch_size))
        state.index, state.from_store, state.published = index, True, versions
    log.info("live index updated from the curation store",
             extra={"reason": reason, "entry": entry_id, "entries": index.stats.entries,
                    "embedded": index.stats.embedded, "seconds": round(index.stats.seconds, 3)})
    return index


async def follow_store(app: web.Application) -> None:
    """Several instances share one store: each polls its published serial and applies, in place, what another
    instance (or the CLI) published or retired, so every live index follows within a second."""
    state, entries = app[STATE], app[CURATION].entries
    seen = None
    while True:
        try:
            serial = await asyncio.to_thread(entries.published_serial)
            if serial != seen and (seen is not None or state.from_store):
                await _refresh(app, "published elsewhere", in_place=True)
            seen = serial
        except Exception:  # a database hiccup must not stop following; the next poll tries again
            log.exception("curation store poll failed")
        await asyncio.sleep(POLL_S)


FOLLOWER = web.AppKey("curation_follower", asyncio.Task)


async def start_following(app: web.Application) -> None:
    app[FOLLOWER] = asyncio.create_task(follow_store(app))


async def stop_following(app: web.Application) -> None:
    await cancel_task(app, FOLLOWER)


async def sync_on_start(app: web.Application) -> None:
    """First start: import the entry files. Later: serve what is published in the store, and warn when the
    files were edited since (a `git pull`), since the store, not the files, is what the bot answers from."""
    cur = app[CURATION]
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
    await _catch_up(app)


async def _catch_up(app: web.Application) -> None:
    """Serve what the store publishes now, whatever was published while this instance was down."""
    cur, state = app[CURATION], app[STATE]
    versions = await asyncio.to_thread(cur.entries.published_versions)  # before the entries, as in _refresh
    published = await asyncio.to_thread(cur.entries.published_entries)
    if {e.id: e for e in published} != state.index.entries:
        await refresh_index(app, "start")
    else:
        state.from_store, state.published = True, versions
