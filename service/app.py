"""The knowledge service's aiohttp application: the answer API, the web chat, the curation application and the
source documents on one server, with one access log and one JSON error shape."""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web

from knowledge.gaps import GapLog
from knowledge.index import KnowledgeIndex
from knowledge.published import build_index
from knowledge.settings import Settings
from service import documents
from service.api import add_api_routes
from service.curation.app import mount as add_curation
from service.http_input import MAX_BODY_BYTES, error, json_errors
from service.state import STATE, State
from service.webchat import add_web_chat

log = logging.getLogger("knowledge.service")


@web.middleware
async def access_log(request: web.Request, handler):
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    except Exception:
        log.exception("unhandled error", extra={"path": request.path})
        return error(500, "internal error")
    finally:
        log.info("request", extra={"method": request.method, "path": request.path, "status": status,
                                   "ms": round((time.perf_counter() - started) * 1000, 1)})


def create_app(settings: Settings, index: KnowledgeIndex | None = None) -> web.Application:
    app = web.Application(middlewares=[access_log, json_errors], client_max_size=MAX_BODY_BYTES)
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="search")
    gaps = GapLog(settings.gaps_db, settings.database_url)
    app[STATE] = State(settings, index or build_index(settings), gaps, pool, asyncio.Lock())
    add_api_routes(app)
    add_web_chat(app, settings)
    add_curation(app, settings)
    documents.add_documents(app, settings)

    async def _close_pool(app: web.Application) -> None:
        pool.shutdown(wait=False, cancel_futures=True)

    app.on_cleanup.append(_close_pool)
    return app
