"""The running service's state, shared by every handler (the API, the web chat, curation, documents): its own module
so the handlers import it and the app that creates it without any of them importing another."""

from __future__ import annotations

import asyncio
import contextlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from aiohttp import web

from knowledge.gaps import GapLog
from knowledge.index import KnowledgeIndex
from knowledge.settings import Settings


@dataclass
class State:
    settings: Settings
    index: KnowledgeIndex
    gaps: GapLog
    pool: ThreadPoolExecutor
    reload_lock: asyncio.Lock
    # The live index holds exactly the curation store's published entries, so publishing one entry
    # may update it in place; false after a reload from the entry files (then a publish rebuilds).
    from_store: bool = False
    # Entry id -> published version the live index holds (when from_store): what a poll compares the store with.
    published: dict[str, int] = field(default_factory=dict)


STATE = web.AppKey("state", State)


async def cancel_task(app: web.Application, key: web.AppKey) -> None:
    """Stop a background task the app started under `key` (a store poller) and wait for it to end."""
    task = app.get(key)
    if task:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
