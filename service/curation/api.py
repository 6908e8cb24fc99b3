"""The curation REST API (JSON): everything the pages do, for scripts and other tools.

Every change takes the version it was based on (`base_version`); a stale one is
refused with 409 and the other person's change. Validation errors are 422 and
name the field. Publishing and retiring put the change live before answering.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from aiohttp import web

from knowledge import answer as answers
from knowledge import retention
from knowledge.curation import catalogue, questions
from knowledge.curation.store import (
    MAX_VERSION,
    BadTransition,
    Conflict,
    Invalid,
    NotFound,
    Record,
    validate,
    version_number,
)
from knowledge.curation.users import AccountError, Role
from service.curation import workflow
from service.curation.auth import SESSION, USER, clear_session_cookie, csrf_token, requires, set_session_cookie
from service.curation.context import CURATION, Curation
from service.curation.publish import refresh_index
from service.http_input import error, json_object, refusal
from service.state import STATE

log = logging.getLogger("knowledge.curation.api")
PREFIX = "/curation/api"


def _cur(request: web.Request) -> Curation:
    return request.app[CURATION]


async def body_of(request: web.Request) -> dict:
    return await json_object(request, empty={})


def _int(body: dict, name: str) -> int:
    value = body.get(name)
    try:
        return version_number(value if isinstance(value, int) else None)
    except ValueError:
        raise refusal(web.HTTPBadRequest,
                      f"'{name}' must be a version number (a whole number from 1 to {MAX_VERSION})") from None


async def run_store(call, *args, yours: object = None) -> web.Response | Record:
    """Run a store call off the event loop and turn its refusals into clear HTTP answers.

    On a conflict the answer carries the latest version, what changed since, and `yours` (the refused text).
    """
    try:
        return await asyncio.to_thread(call, *args)
    except STORE_REFUSALS as exc:
        return _refused(exc, yours)


STORE_REFUSALS = (Invalid, NotFound, Conflict, BadTransition)


def _refused(exc: Exception, yours: object = None) -> web.Response:
    if isinstance(exc, Invalid):
        return error(422, "the entry is not valid", errors=[e.__dict__ for e in exc.errors])
    if isinstance(exc, NotFound):
        return error(404, str(exc))
    if isinstance(exc, Conflict):
        return error(409, str(exc), current=exc.current, changes=exc.changes, yours=yours)
    return error(409, str(exc))


def _audit(request: web.Request, action: str, entry_id: str | None = None, **extra) -> None:
    user = request[USER]
    log.info(action, extra={"user": user.id, "role": user.role.name, "entry": entry_id, **extra})


# Sign-in.

async def sign_in(request: web.Request) -> web.Response:
    # Only JSON: another site's form cannot send it without the browser asking this server first.
    if request.content_type != "application/json":
        return error(415, "send the sign-in as JSON (Content-Type: application/json)")
    body = await body_of(request)
    email, password = body.get("email"), body.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        return error(400, "give 'email' and 'password'")
    done = await workflow.sign_in(request, email, password)
    if done.wait:
        return error(429, f"too many failed sign-ins; try again in {done.wait // 60 + 1} minutes",
                     headers={"Retry-After": str(done.wait)})
    if done.user is None:
        return error(401, "wrong email or password")
    response = web.json_response({"user": done.user.to_dict(), "csrf": csrf_token(_cur(request).secret, done.token)})
    set_session_cookie(request, response, done.token)
    return response


@requires(Role.viewer)
async def sign_out(request: web.Request) -> web.Response:
    if SESSION in request:
        await asyncio.to_thread(_cur(request).accounts.end_session, request[SESSION])
    response = web.Response(status=204)
    clear_session_cookie(response)
    return response


@requires(Role.viewer)
async def me(request: web.Request) -> web.Response:
    session = request.get(SESSION)
    return web.json_response({"user": request[USER].to_dict(),
                              "csrf": csrf_token(_cur(request).secret, session) if session else None})


# Entries.

@requires(Role.viewer)
async def list_entries(request: web.Request) -> web.Response:
    try:
        filters = workflow.entry_filters(request.query)
    except workflow.BadFilter as exc:
        return error(400, str(exc))
    records = await workflow.find_entries(request, request.query.get("q", ""), filters)
    return web.json_response([{k: v for k, v in r.to_dict().items() if k != "entry"} |
                              {"title": r.data["title"], "kind": r.data["kind"], "owner": r.data["owner"],
                               "review_due": r.data["review_due"]} for r in records])


@requires(Role.editor)
async def create_entry(request: web.Request) -> web.Response:
    body = await body_of(request)
    result = await run_store(_cur(request).entries.create, body.get("entry"), request[USER].email)
    if isinstance(result, web.Response):
        return result
    _audit(request, "entry created", result.id)
    return web.json_response(result.to_dict(), status=201)


@requires(Role.viewer)
async def get_entry(request: web.Request) -> web.Response:
    result = await run_store(_cur(request).entries.get, request.match_info["entry_id"])
    return result if isinstance(result, web.Response) else web.json_response(result.to_dict())


@requires(Role.editor)
async def save_entry(request: web.Request) -> web.Response:
    body = await body_of(request)
    entry_id = request.match_info["entry_id"]
    base = _int(body, "base_version")
    result = await run_store(_cur(request).entries.save, entry_id, body.get("entry"), base, request[USER].email,
                             yours=body.get("entry"))
    if isinstance(result, web.Response):
        return result
    _audit(request, "entry saved", entry_id, version=result.version)
    return web.json_response(result.to_dict())


def _step(step: workflow.Step):
    @requires(step.role)
    async def handler(request: web.Request) -> web.Response:
        body = await body_of(request)
        try:
            record, index = await workflow.take_step(request, step, request.match_info["entry_id"],
                                                     _int(body, "base_version"), request[USER])
        except STORE_REFUSALS as exc:
            return _refused(exc)
        live = {"live_entries": len(index.entries)} if index is not None else {}
        return web.json_response({**record.to_dict(), **live})

    handler.__name__ = f"{step.action.replace('-', '_')}_entry"
    return handler


@requires(Role.viewer)
async def versions(request: web.Request) -> web.Response:
    result = await run_store(_cur(request).entries.history, request.match_info["entry_id"])
    return result if isinstance(result, web.Response) else web.json_response(result)


@requires(Role.viewer)
async def version(request: web.Request) -> web.Response:
    try:
        number = version_number(request.match_info["version"])
    except ValueError:
        return error(400, f"the version must be a whole number from 1 to {MAX_VERSION}")
    result = await run_store(_cur(request).entries.version, request.match_info["entry_id"], number)
    return result if isinstance(result, web.Response) else web.json_response(result)


@requires(Role.editor)
async def restore(request: web.Request) -> web.Response:
    body = await body_of(request)
    entry_id = request.match_info["entry_id"]
    result = await run_store(_cur(request).entries.restore, entry_id, _int(body, "version"),
                             _int(body, "base_version"), request[USER].email)
    if isinstance(result, web.Response):
        return result
    _audit(request, "entry restored", entry_id, version=result.version, restored=body["version"])
    return web.json_response(result.to_dict())


@requires(Role.viewer)
async def preview(request: web.Request) -> web.Response:
    """The answer card the bot would give for this (unsaved) entry."""
    body = await body_of(request)
    cur = _cur(request)
    try:
        entry = await asyncio.to_thread(validate, body.get("entry"), cur.settings.sources_dir, None,
                                          cur.entries.added_text)
    except Invalid as exc:
        return error(422, "the entry is not valid", errors=[e.__dict__ for e in exc.errors])
    return web.json_response(answers.from_entry(entry, request.app[STATE].index).to_dict())


@requires(Role.reviewer)
async def reindex(request: web.Request) -> web.Response:
    """Rebuild the live index from the store (after `python -m knowledge import` while the service runs)."""
    index = await refresh_index(request.app, "reindex")
    _audit(request, "reindex")
    return web.json_response({"live_entries": len(index.entries), "embedded": index.stats.embedded})


@requires(Role.viewer)
async def dashboard(request: web.Request) -> web.Response:
    cur = _cur(request)
    board = await asyncio.to_thread(catalogue.dashboard, cur.entries, dt.date.today(), cur.settings.review_soon_days)
    brief = lambda r: {"id": r.id, "title": r.data["title"], "review_due": r.data["review_due"],  # noqa: E731
                       "owner": r.data["owner"], "workflow": r.workflow.value}
    return web.json_response({"counts": board["counts"], **{k: [brief(r) for r in board[k]]
                                                            for k in ("in_review", "overdue", "due_soon")}})


# Questions staff asked.

async def _questions(request: web.Request) -> list[questions.Question]:
    cur = _cur(request)
    include = request.query.get("include_handled") in ("1", "true")
    return await asyncio.to_thread(questions.collect, request.app[STATE].gaps, cur.db, include)


@requires(Role.editor)  # what staff typed: editors and above (docs/privacy.md)
async def question_groups(request: web.Request) -> web.Response:
    found = await _questions(request)
    groups = await asyncio.to_thread(questions.group, found, _cur(request).settings.gap_similarity)
    groups = questions.suggest_entries(groups, request.app[STATE].index)
    return web.json_response({"groups": [g.to_dict() for g in groups], "total": len(found)})


@requires(Role.editor)
async def question_stats(request: web.Request) -> web.Response:
    found = await _questions(request)
    return web.json_response(questions.stats(found, request.app[STATE].index))


@requires(Role.editor)
async def question_csv(request: web.Request) -> web.Response:
    found = await _questions(request)
    return web.Response(text=questions.to_csv(found), content_type="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="questions.csv"'})


@requires(Role.editor)
async def mark_handled(request: web.Request) -> web.Response:
    keys = (await body_of(request)).get("keys")
    if not _question_keys(keys):
        return error(400, "'keys' must be a list like [\"gap:12\", \"feedback:3\"]")
    marked = await asyncio.to_thread(questions.mark_handled, _cur(request).db, keys, request[USER].id)
    _audit(request, "questions handled", count=marked)
    return web.json_response({"marked": marked})


@requires(Role.admin)
async def delete_question(request: web.Request) -> web.Response:
    key = request.match_info["key"]
    try:
        done = await asyncio.to_thread(retention.forget_question, request.app[STATE].gaps, _cur(request).db, key)
    except ValueError as exc:
        return error(400, str(exc))
    if not done:
        return error(404, "no such question")
    _audit(request, "question deleted", key=key)
    return web.Response(status=204)


@requires(Role.editor)
async def get_retention(request: web.Request) -> web.Response:
    cur = _cur(request)
    days = await asyncio.to_thread(retention.days_in_force, cur.settings, cur.db)
    return web.json_response({"days": days, "default_days": cur.settings.retention_days})


@requires(Role.admin)
async def set_retention(request: web.Request) -> web.Response:
    """The R&D office's retention period for questions and conversations; the next purge applies it."""
    cur, days = _cur(request), (await body_of(request)).get("days")
    try:
        await asyncio.to_thread(retention.set_days, cur.db, days)
    except ValueError as exc:
        return error(400, str(exc))
    _audit(request, "retention changed", days=days)
    return web.json_response({"days": days, "default_days": cur.settings.retention_days})


@requires(Role.editor)
async def add_alternate_question(request: web.Request) -> web.Response:
    """Add a question staff asked to an entry's alternate questions: a new draft, to submit and publish as any
    edit; `keys` (the group's questions) are marked handled."""
    body = await body_of(request)
    entry_id, question, keys = body.get("entry_id"), body.get("question"), body.get("keys", [])
    if not isinstance(entry_id, str) or not isinstance(question, str) or not question.strip():
        return error(400, "give 'entry_id' and 'question' as text")
    if not _question_keys(keys, allow_empty=True):
        return error(400, "'keys' must be a list like [\"gap:12\", \"feedback:3\"]")
    cur = _cur(request)
    result = await run_store(questions.add_as_question, cur.entries, entry_id, question, request[USER].email)
    if isinstance(result, web.Response):
        return result
    marked = await asyncio.to_thread(questions.mark_handled, cur.db, keys, request[USER].id) if keys else 0
    _audit(request, "alternate question added", entry_id, version=result.version, handled=marked)
    return web.json_response({**result.to_dict(), "handled": marked}, status=201)


def _question_keys(keys: object, allow_empty: bool = False) -> bool:
    return isinstance(keys, list) and (allow_empty or bool(keys)) and all(
        isinstance(k, str) and k.split(":")[0] in ("gap", "feedback") for k in keys)


# Accounts.

@requires(Role.admin)
async def list_users(request: web.Request) -> web.Response:
    return web.json_response([u.to_dict() for u in await asyncio.to_thread(_cur(request).accounts.users)])


def _role(value: object) -> Role:
    if not isinstance(value, str) or value not in Role.__members__:
        raise refusal(web.HTTPBadRequest, f"role must be one of {list(Role.__members__)}")
    return Role[value]


@requires(Role.admin)
async def create_user(request: web.Request) -> web.Response:
    body = await body_of(request)
    email, name, password = body.get("email"), body.get("name", ""), body.get("password")
    if not all(isinstance(v, str) for v in (email, name, password)):
        return error(400, "give 'email', 'name' and 'password' as text")
    try:
        user = await asyncio.to_thread(_cur(request).accounts.create_user, email, name, _role(body.get("role")), password)
    except AccountError as exc:
        return error(422, str(exc))
    _audit(request, "user created", new_user=user.id, new_role=user.role.name)
    return web.json_response(user.to_dict(), status=201)


@requires(Role.admin)
async def update_user(request: web.Request) -> web.Response:
    body = await body_of(request)
    role = _role(body["role"]) if "role" in body else None
    active = body.get("active")
    if active is not None and not isinstance(active, bool):
        return error(400, "'active' must be true or false")
    password = body.get("password")
    if password is not None and not isinstance(password, str):
        return error(400, "'password' must be text")
    try:
        user = await asyncio.to_thread(_cur(request).accounts.update_user, request.match_info["user_id"], role, active,
                                       password)
    except LookupError:
        return error(404, "no such user")
    except AccountError as exc:
        return error(422, str(exc))
    _audit(request, "user changed", changed_user=user.id, new_role=user.role.name, active=user.active)
    return web.json_response(user.to_dict())


@requires(Role.viewer)
async def list_tokens(request: web.Request) -> web.Response:
    """Your tokens; an admin's `?all=1` lists everyone's (to revoke one)."""
    everyone = request.query.get("all") in ("1", "true")
    if everyone and not request[USER].can(Role.admin):
        return error(403, "only admins can list everyone's tokens")
    return web.json_response(await asyncio.to_thread(_cur(request).accounts.tokens, request[USER], everyone))


@requires(Role.viewer)
async def create_token(request: web.Request) -> web.Response:
    body, accounts = await body_of(request), _cur(request).accounts
    name, days = body.get("name", ""), body.get("days", accounts.token_days)
    if not isinstance(name, str) or not name.strip():
        return error(400, "give the token a 'name' (what uses it)")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= accounts.token_days:
        return error(400, f"'days' (how long the token lasts) must be a whole number from 1 to {accounts.token_days}")
    token_id, token, expires_at = await asyncio.to_thread(accounts.create_token, request[USER], name, days)
    _audit(request, "token created", token=token_id, days=days)
    return web.json_response({"id": token_id, "token": token, "expires_at": expires_at,
                              "note": "shown once: store it now"}, status=201, headers={"Cache-Control": "no-store"})


@requires(Role.viewer)
async def revoke_token(request: web.Request) -> web.Response:
    """Revoke one of your tokens; an admin may revoke anyone's."""
    done = await asyncio.to_thread(_cur(request).accounts.revoke_token, request[USER], request.match_info["token_id"])
    if not done:
        return error(404, "no such token (of yours, unless you are an admin)")
    _audit(request, "token revoked", token=request.match_info["token_id"])
    return web.Response(status=204)


ROUTES = [
    ("POST", "/session", sign_in), ("DELETE", "/session", sign_out), ("GET", "/me", me),
    ("GET", "/dashboard", dashboard),
    ("GET", "/entries", list_entries), ("POST", "/entries", create_entry),
    ("GET", "/entries/{entry_id}", get_entry), ("PUT", "/entries/{entry_id}", save_entry),
    *(("POST", f"/entries/{{entry_id}}/{action}", _step(step)) for action, step in workflow.STEPS.items()),
    ("GET", "/entries/{entry_id}/versions", versions), ("GET", "/entries/{entry_id}/versions/{version}", version),
    ("POST", "/entries/{entry_id}/restore", restore),
    ("POST", "/preview", preview), ("POST", "/reindex", reindex),
    ("GET", "/questions", question_groups), ("GET", "/questions/stats", question_stats),
    ("GET", "/questions.csv", question_csv), ("POST", "/questions/handled", mark_handled),
    ("DELETE", "/questions/{key}", delete_question),
    ("GET", "/retention", get_retention), ("PUT", "/retention", set_retention),
    ("POST", "/questions/alternate", add_alternate_question),
    ("GET", "/users", list_users), ("POST", "/users", create_user), ("PATCH", "/users/{user_id}", update_user),
    ("GET", "/tokens", list_tokens), ("POST", "/tokens", create_token), ("DELETE", "/tokens/{token_id}", revoke_token),
]


def add_api_routes(app: web.Application) -> None:
    for method, path, handler in ROUTES:
        app.router.add_route(method, PREFIX + path, handler)
