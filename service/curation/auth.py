"""Who is asking, and may they? Sessions (browser) or bearer tokens (automation), roles, and CSRF.

A state-changing request signed in by cookie must carry the CSRF token (form
field `csrf` or header `X-CSRF-Token`); bearer-token requests carry no cookie,
so they cannot be forged by another site and need none.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from knowledge.curation.users import Role, User
from service.curation.context import CURATION
from service.curation.headers import secure_cookies
from service.http_input import refusal

log = logging.getLogger("knowledge.curation.auth")

COOKIE = "nhsbot_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
USER = web.RequestKey("user", User)
SESSION = web.RequestKey("session", str)


def csrf_token(secret: bytes, session: str) -> str:
    return hmac.new(secret, session.encode(), hashlib.sha256).hexdigest()


def set_session_cookie(request: web.Request, response: web.StreamResponse, token: str) -> None:
    settings = request.app[CURATION].settings
    response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", secure=secure_cookies(request, settings),
                        path="/", max_age=int(settings.session_hours * 3600))


def clear_session_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(COOKIE, path="/")


async def sign_in_wait(request: web.Request, email: str) -> int:
    """Count this sign-in attempt before the password is checked; the seconds to wait when over a limit."""
    wait = await asyncio.to_thread(request.app[CURATION].throttle.attempt, email, request.remote or "unknown")
    if wait:
        log.warning("sign-in throttled", extra={"retry_after_s": wait})
    return wait


def _json_error(status: int, message: str) -> web.HTTPException:
    return refusal({401: web.HTTPUnauthorized, 403: web.HTTPForbidden}[status], message)


async def identify(request: web.Request) -> tuple[User | None, str | None]:
    """The signed-in user and their session token (None for a bearer token)."""
    cur = request.app[CURATION]
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return await asyncio.to_thread(cur.accounts.token_user, header.removeprefix("Bearer ").strip()), None
    session = request.cookies.get(COOKIE)
    if session:
        return await asyncio.to_thread(cur.accounts.session_user, session), session
    return None, None


async def csrf_ok(request: web.Request, session: str) -> bool:
    expected = csrf_token(request.app[CURATION].secret, session)
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        given = (await request.post()).get("csrf")
    return isinstance(given, str) and hmac.compare_digest(expected, given)


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def requires(role: Role, page: bool = False) -> Callable[[Handler], Handler]:
    """Refuse the request unless a signed-in user with at least `role` makes it (with CSRF when by cookie).

    API handlers answer 401/403 with JSON; pages send the visitor to sign in instead of a bare 401.
    """

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def checked(request: web.Request) -> web.StreamResponse:
            user, session = await identify(request)
            if user is None:
                if page:
                    raise web.HTTPSeeOther(f"/curation/login?next={request.path_qs}")
                raise _json_error(401, "sign in or give an API token")
            if request.method not in SAFE_METHODS and session and not await csrf_ok(request, session):
                log.warning("csrf refused", extra={"user": user.id, "path": request.path})
                if page:
                    raise web.HTTPForbidden(text="This form has expired or did not come from this site. "
                                                 "Go back, reload the page and try again.")
                raise _json_error(403, "missing or wrong CSRF token (send the X-CSRF-Token header)")
            if not user.can(role):
                log.info("forbidden", extra={"user": user.id, "role": user.role.name, "needs": role.name,
                                             "path": request.path})
                if page:
                    raise web.HTTPForbidden(text=f"This needs the {role.name} role; you are a {user.role.name}.")
                raise _json_error(403, f"this needs the {role.name} role; you are a {user.role.name}")
            request[USER] = user
            if session:
                request[SESSION] = session
            return await handler(request)

        return checked

    return wrap
