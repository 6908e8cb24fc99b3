"""Answers from the R&D office waiting for a web chat or REST conversation, collected at the person's
next message (knowledge service: POST /api/tickets/answers). Teams gets them proactively instead.

The Rasa environment cannot import knowledge.settings, so the service's address comes from the
same NHSBOT_* variables (NHSBOT_KNOWLEDGE_URL, else NHSBOT_HOST and NHSBOT_KNOWLEDGE_PORT).
A failure leaves the answers waiting for the next message; the turn itself never fails for it.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import List, Mapping

import aiohttp

from bot.channels.botframework_client import log_event

logger = logging.getLogger(__name__)
TIMEOUT = aiohttp.ClientTimeout(total=3)


def knowledge_url(env: Mapping[str, str] = os.environ) -> str:
    explicit = env.get("NHSBOT_KNOWLEDGE_URL")
    if explicit:
        return explicit.rstrip("/")
    return f"http://{env.get('NHSBOT_HOST', '127.0.0.1')}:{env.get('NHSBOT_KNOWLEDGE_PORT', '8000')}"


async def waiting_answers(channel: str, sender: str) -> List[str]:
    """The texts to show before this turn's replies ("The R&D office answered your question: ...")."""
    try:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            async with session.post(f"{knowledge_url()}/api/tickets/answers",
                                    json={"channel": channel, "sender": sender}) as response:
                if response.status != 200:
                    raise aiohttp.ClientResponseError(response.request_info, (), status=response.status)
                body = await response.json(content_type=None)
        return [a["text"] for a in body.get("answers", []) if isinstance(a, dict) and isinstance(a.get("text"), str)]
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError, AttributeError) as exc:
        log_event(logger, logging.WARNING, "ticket_answers_unavailable", error=type(exc).__name__)
        return []
