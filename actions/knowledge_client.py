"""HTTP client for the knowledge service, as the actions see it."""

from __future__ import annotations

import aiohttp

from knowledge.settings import get_settings


class KnowledgeUnavailable(Exception):
    """The knowledge service could not be reached or failed; the bot says so politely."""


async def post(path: str, body: dict) -> dict:
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
