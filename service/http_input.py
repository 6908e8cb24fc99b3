"""Request input every endpoint reads the same way, refused with a 4xx and a JSON `error`, never a 500.

`json.loads` raises more than JSONDecodeError: RecursionError for deep nesting, ValueError for a number
of more than 4,300 digits, and aiohttp's `request.json()` a LookupError for an unknown charset. Valid
JSON can still carry text no database keeps: a lone surrogate ("\\ud800" is not a character) or a NUL
(PostgreSQL refuses it), and a NUL can arrive in the address too ("/entries/%00").
"""

from __future__ import annotations

import json

from aiohttp import web

from userinput import clean, error_body

MAX_BODY_BYTES = 64 * 1024
API_PREFIXES = ("/api/", "/chat/api/", "/curation/api/")


def error(status: int, message: str, headers: dict | None = None, **extra) -> web.Response:
    """A refusal to return: the one JSON error shape (userinput.error_body)."""
    return web.json_response(error_body(message, **extra), status=status, headers=headers)


def refusal(cls: type[web.HTTPException], message: str, **kwargs) -> web.HTTPException:
    """The same refusal, to raise."""
    return cls(text=json.dumps(error_body(message)), content_type="application/json", **kwargs)


def text_input(raw: object, what: str, limit: int) -> str:
    """What a person typed, cleaned (userinput.clean), or a 400/413 refusal naming `what`."""
    if not isinstance(raw, str):
        raise refusal(web.HTTPBadRequest, f"the {what} must be text")
    text = clean(raw)
    if not text:
        raise refusal(web.HTTPBadRequest, f"the {what} is empty")
    if len(text) > limit:
        raise refusal(web.HTTPRequestEntityTooLarge, f"the {what} is longer than {limit} characters",
                      max_size=limit, actual_size=len(text))
    return text


def unstorable(value: object) -> str | None:
    """What in a parsed JSON value no database can store, if anything (an explicit stack: no recursion limit)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            if "\x00" in item:
                return "a NUL character"
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return "invalid Unicode (a lone surrogate)"
    return None


async def json_object(request: web.Request, empty: dict | None = None) -> dict:
    """The body as a JSON object, read as UTF-8 (RFC 8259) whatever charset the request claims;
    `empty` is returned for an empty body when given."""
    if request.content_length and request.content_length > MAX_BODY_BYTES:
        raise refusal(web.HTTPRequestEntityTooLarge, "request body too large", max_size=MAX_BODY_BYTES,
                      actual_size=request.content_length)
    raw = await request.read()
    if not raw and empty is not None:
        return empty
    try:
        body = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # ValueError covers bad UTF-8 and over-long numbers
        raise refusal(web.HTTPBadRequest, "the body must be JSON (UTF-8)") from None
    if not isinstance(body, dict):
        raise refusal(web.HTTPBadRequest, "the body must be a JSON object")
    problem = unstorable(body)
    if problem:
        raise refusal(web.HTTPBadRequest, f"the body contains {problem}")
    return body


@web.middleware
async def json_errors(request: web.Request, handler):
    """aiohttp's own refusals on the APIs (no such route, wrong method, body over the size limit) as JSON too,
    and a NUL in the path or query refused before any handler sees it."""
    if "\x00" in request.path or any("\x00" in k or "\x00" in v for k, v in request.query.items()):
        raise refusal(web.HTTPBadRequest, "the address contains a NUL character")
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400 or exc.content_type == "application/json" or not request.path.startswith(API_PREFIXES):
            raise
        allow = {"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else {}
        return error(exc.status, exc.text or exc.reason, headers=allow)
