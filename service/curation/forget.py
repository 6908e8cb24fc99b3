"""POST /api/forget: the chat's "forget me", called by the action server after the person confirmed.

The sender id is the credential, as for /api/tickets/answers: only whoever holds a conversation's id (its
channel, the action server) can name it, and the web chat's ids are random. The deletion is
knowledge.retention.forget_person; logs carry counts, never the sender id.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from knowledge import retention
from service.curation.context import CURATION
from service.http_input import error, json_object


async def forget(request: web.Request) -> web.Response:
    body = await json_object(request)
    cur = request.app[CURATION]
    try:
        done = await asyncio.to_thread(retention.forget_person, cur.settings, cur.db, body.get("sender"))
    except ValueError as exc:
        return error(400, str(exc))
    return web.json_response({"conversation_events": done.conversation_events, "tickets": done.tickets})


def add_forget_route(app: web.Application) -> None:
    app.router.add_post("/api/forget", forget)
