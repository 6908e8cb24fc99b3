"""HTTP client for the knowledge service, as the actions see it: every action asks through `ask` (or
`quietly`, where a failure changes nothing the person sees), so "the service is down" and "it refused
the input" are handled one way everywhere."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from rasa_sdk.executor import CollectingDispatcher

from actions.settings import get_settings

log = logging.getLogger(__name__)

Say = str | dict[str, Any]  # a response name ("utter_knowledge_unavailable"), or utter_message's arguments


class KnowledgeUnavailable(Exception):
    """The knowledge service could not be reached or failed; the bot says so politely."""


# One pooled session per event loop: a new connection per call cost ~1.3 ms of the action server's CPU per message.
_sessions: dict[asyncio.AbstractEventLoop, aiohttp.ClientSession] = {}
# A kept-alive connection the service closed (it restarted, or dropped it idle) fails before the request is read:
# such a failure is retried once on a new connection, never reported as "the service is down".
STALE_CONNECTION = (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)


def _session() -> aiohttp.ClientSession:
    loop = asyncio.get_running_loop()
    session = _sessions.get(loop)
    if session is None or session.closed:
        for old in [old for old in _sessions if old.is_closed()]:  # loops gone (tests start one each)
            del _sessions[old]
        session = _sessions[loop] = aiohttp.ClientSession()
    return session


async def close() -> None:
    """Close the pooled sessions (the action server stopping)."""
    while _sessions:
        await _sessions.popitem()[1].close()


async def _post_once(path: str, body: dict) -> dict:
    settings = get_settings()
    timeout = aiohttp.ClientTimeout(total=settings.search_timeout_s)
    async with _session().post(settings.knowledge_base_url + path, json=body, timeout=timeout) as response:
        if response.status >= 500:
            raise KnowledgeUnavailable(f"knowledge service answered {response.status}")
        payload = await response.json(content_type=None)
        if response.status >= 400:
            raise ValueError(payload.get("error", f"HTTP {response.status}"))
        return payload


async def post(path: str, body: dict) -> dict:
    """The service's JSON reply; KnowledgeUnavailable when down or failing (5xx), ValueError when it refused (4xx)."""
    try:
        try:
            return await _post_once(path, body)
        except STALE_CONNECTION:  # every pooled connection may be stale (the service restarted): start afresh
            await _session().close()
            return await _post_once(path, body)
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise KnowledgeUnavailable(str(exc) or type(exc).__name__) from exc


def _say(dispatcher: CollectingDispatcher, what: Say) -> None:
    if isinstance(what, str):
        dispatcher.utter_message(response=what)
    else:
        dispatcher.utter_message(**what)


async def ask(dispatcher: CollectingDispatcher, path: str, body: dict, refused: Say = "utter_ask_rephrase",
              unavailable: Say = "utter_knowledge_unavailable") -> dict | None:
    """The service's reply; or None, once the person has been told: `unavailable` when the service is down,
    `refused` when it turned the input down (too long, unknown entry or profile)."""
    try:
        return await post(path, body)
    except KnowledgeUnavailable as exc:
        log.warning("knowledge service unavailable", extra={"path": path, "error": str(exc)})
        _say(dispatcher, unavailable)
    except ValueError as exc:
        log.info("knowledge service refused the input", extra={"path": path, "error": str(exc)})
        _say(dispatcher, refused)
    return None


async def quietly(path: str, body: dict) -> dict | None:
    """The service's reply, or None when it is down or refused: for calls whose failure the person need not hear
    about (the conversation goes on without what they would add)."""
    try:
        return await post(path, body)
    except (KnowledgeUnavailable, ValueError) as exc:
        log.warning("knowledge service call failed", extra={"path": path, "error": type(exc).__name__})
        return None
