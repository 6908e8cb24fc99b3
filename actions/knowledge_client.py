"""HTTP client for the knowledge service, as the actions see it: every action asks through `ask` (or
`quietly`, where a failure changes nothing the person sees), so "the service is down" and "it refused
the input" are handled one way everywhere."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from rasa_sdk.executor import CollectingDispatcher

from actions.settings import get_settings

log = logging.getLogger(__name__)

Say = str | dict[str, Any]  # a response name ("utter_knowledge_unavailable"), or utter_message's arguments


class KnowledgeUnavailable(Exception):
    """The knowledge service could not be reached or failed; the bot says so politely."""


async def post(path: str, body: dict) -> dict:
    """The service's JSON reply; KnowledgeUnavailable when down or failing (5xx), ValueError when it refused (4xx)."""
    settings = get_settings()
    timeout = aiohttp.ClientTimeout(total=settings.search_timeout_s)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.post(settings.knowledge_base_url + path, json=body) as response:
                if response.status >= 500:
                    raise KnowledgeUnavailable(f"knowledge service answered {response.status}")
                payload = await response.json(content_type=None)
                if response.status >= 400:
                    raise ValueError(payload.get("error", f"HTTP {response.status}"))
                return payload
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
