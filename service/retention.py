"""The retention purge on a schedule in the running service (knowledge/retention.py says what is kept, how long)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiohttp import web

from knowledge.curation.db import Database
from knowledge.gaps import GapLog
from knowledge.retention import purge
from knowledge.settings import Settings

log = logging.getLogger("knowledge.retention")


def on_schedule(app: web.Application, gaps: GapLog, store: Database | None, settings: Settings) -> None:
    """Purge once the service has started (after the store's migrations) and then every `purge_interval_hours`."""

    async def run() -> None:
        while True:
            try:
                await asyncio.to_thread(purge, settings, gaps, store)
            except Exception:  # a database briefly away must not stop later purges
                log.exception("retention purge failed; will try again")
            await asyncio.sleep(settings.purge_interval_hours * 3600)

    async def start(app: web.Application) -> None:
        tasks.append(asyncio.create_task(run()))

    async def stop(app: web.Application) -> None:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    tasks: list[asyncio.Task] = []
    app.on_startup.append(start)
    app.on_cleanup.append(stop)
