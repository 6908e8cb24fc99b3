"""The web chat page at /chat, for trying the assistant in a browser, and the small same-origin
proxy it talks to (POST /chat/api/message -> Rasa's REST channel), so the page needs no CORS and
Rasa need not be exposed. Plain HTML/CSS/JS in service/web/, no build step."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

import aiohttp
from aiohttp import web

from knowledge.settings import Settings
from service.http_input import error, json_object, text_input

log = logging.getLogger("knowledge.webchat")

WEB_DIR = Path(__file__).resolve().parent / "web"
# The page makes a random 128-bit id (32 hex digits) per tab; it names the conversation in Rasa's tracker
# store, so a shorter or patterned one could be guessed and someone else's conversation read or continued.
SENDER = re.compile(r"^[0-9a-f]{32}$")
RASA_TIMEOUT = aiohttp.ClientTimeout(total=60)
UNAVAILABLE = ("Sorry, the assistant isn't available right now. Please try again in a few minutes; "
               "your conversation so far is kept.")
# No inline script or style anywhere: even if markup slipped through, it could not run.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
CHAT_SETTINGS = web.AppKey("chat_settings", Settings)
CHAT_HTTP = web.AppKey("chat_http", aiohttp.ClientSession)


def rasa_webhook(settings: Settings) -> str:
    base = settings.rasa_url or f"http://{settings.host}:{settings.rasa_port}"
    return base.rstrip("/") + "/webhooks/rest/webhook"


def clean_replies(raw: object) -> list[dict]:
    """Only what the page shows (text, buttons with title and payload), whatever else Rasa sends."""
    replies = []
    for reply in raw if isinstance(raw, list) else []:
        if not isinstance(reply, dict):
            continue
        text = reply.get("text") if isinstance(reply.get("text"), str) else None
        buttons = [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                   for b in reply.get("buttons") or [] if isinstance(b, dict) and b.get("payload")]
        if text or buttons:
            replies.append({"text": text, "buttons": buttons})
    return replies


async def page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(WEB_DIR / "index.html")


def unguessable(sender: object) -> bool:
    """32 hex digits that do not look made up: at least 8 different digits, and not a short pattern repeated
    (a random id fails either test about once in ten million)."""
    if not isinstance(sender, str) or not SENDER.match(sender) or len(set(sender)) < 8:
        return False
    return not any(sender == sender[:n] * (32 // n) for n in (1, 2, 4, 8, 16))


async def message(request: web.Request) -> web.Response:
    """Relay one message (typed text or a button's payload) and return the assistant's replies."""
    settings = request.app[CHAT_SETTINGS]
    body = await json_object(request)
    sender, text = body.get("sender"), body.get("message")
    if not unguessable(sender):
        return error(400, "sender must be a random id of 32 hex digits (the page makes one)")
    text = text_input(text, "message", settings.max_query_chars)
    started = time.perf_counter()
    try:
        async with request.app[CHAT_HTTP].post(rasa_webhook(settings), json={"sender": sender, "message": text},
                                               timeout=RASA_TIMEOUT) as response:
            if response.status != 200:
                raise aiohttp.ClientResponseError(response.request_info, (), status=response.status)
            replies = clean_replies(await response.json(content_type=None))
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        log.warning("rasa unavailable", extra={"error": type(exc).__name__})
        return error(503, UNAVAILABLE)
    log.info("web chat message", extra={"chars": len(text), "replies": len(replies),
                                        "ms": round((time.perf_counter() - started) * 1000, 1)})
    return web.json_response({"replies": replies})


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    if request.path == "/chat" or request.path.startswith("/chat/"):
        response.headers.update(SECURITY_HEADERS)


def add_web_chat(app: web.Application, settings: Settings) -> None:
    """Mount the page, its static files and the proxy on the knowledge service's app."""
    app[CHAT_SETTINGS] = settings

    async def _http(app: web.Application):
        app[CHAT_HTTP] = aiohttp.ClientSession()
        yield
        await app[CHAT_HTTP].close()

    app.cleanup_ctx.append(_http)
    app.on_response_prepare.append(_security_headers)
    app.router.add_get("/chat", page)
    app.router.add_static("/chat/static", WEB_DIR)
    app.router.add_post("/chat/api/message", message)
