"""The curation web pages: server-rendered HTML forms that work without JavaScript.

Every page escapes what it shows (jinja2 autoescape). Each state-changing form
carries the session's CSRF token; the sign-in form, which has no session yet,
uses a signed double-submit cookie instead.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import logging
import re
import secrets
from pathlib import Path
from urllib.parse import quote

import jinja2
from aiohttp import web
from markupsafe import Markup, escape

from knowledge import answer as answers
from knowledge import retention
from knowledge.curation import catalogue, questions
from knowledge.curation.store import BadTransition, Conflict, Invalid, NotFound, Workflow, validate, version_number
from knowledge.curation.users import AccountError, Role
from knowledge.schema import Entry, Gives, Kind, Status
from service.curation import charts, forms, workflow
from service.curation.auth import SESSION, USER, clear_session_cookie, csrf_token, requires, set_session_cookie
from service.curation.context import CURATION, Curation
from service.curation.headers import secure_cookies
from service.state import STATE

log = logging.getLogger("knowledge.curation.pages")
LOGIN_COOKIE = "nhsbot_login"

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                          autoescape=True, undefined=jinja2.StrictUndefined)
_env.filters["when"] = lambda t: dt.datetime.fromtimestamp(t).strftime("%d %b %Y %H:%M") if t else ""


def answer_html(text: str) -> Markup:
    """The bot's answer as the chat shows it: **bold** and _italic_ rendered, everything else escaped."""
    html = str(escape(text))
    html = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html)
    return Markup(re.sub(r"(?<!\w)_(.+?)_(?!\w)", r"<em>\1</em>", html, flags=re.S))


_env.filters["answer"] = answer_html

def _cur(request: web.Request) -> Curation:
    return request.app[CURATION]


def render(request: web.Request, template: str, status: int = 200, **context) -> web.Response:
    session = request.get(SESSION)
    html = _env.get_template(template).render(
        user=request.get(USER), roles=Role, csrf=csrf_token(_cur(request).secret, session) if session else "",
        flash=_flash(request), today=dt.date.today().isoformat(), **context)
    return web.Response(text=html, content_type="text/html", status=status)  # headers: curation/headers.py


def _see(request: web.Request, path: str, done: str = "") -> web.HTTPSeeOther:
    """Redirect after a change, with a message for the next page, signed so a link cannot plant one."""
    if not done:
        return web.HTTPSeeOther(path)
    return web.HTTPSeeOther(f"{path}?done={quote(done)}&sig={_flash_sig(request, done)}")


def _flash_sig(request: web.Request, message: str) -> str:
    return csrf_token(_cur(request).secret, "flash:" + message)[:32]


def _flash(request: web.Request) -> str:
    message, sig = request.query.get("done", ""), request.query.get("sig", "")
    return message if message and hmac.compare_digest(_flash_sig(request, message), sig) else ""


def _safe_next(value: object) -> str:
    """Only a path on this site: never an open redirect."""
    return value if isinstance(value, str) and value.startswith("/curation") and not value.startswith("//") else "/curation/"


# Sign-in.

async def to_dashboard(request: web.Request) -> web.Response:
    raise _see(request, "/curation/")


async def login_form(request: web.Request) -> web.Response:
    nonce = secrets.token_urlsafe(16)
    response = render(request, "login.html", login_csrf=csrf_token(_cur(request).secret, "login:" + nonce),
                      next=_safe_next(request.query.get("next")), email="", error="")
    response.set_cookie(LOGIN_COOKIE, nonce, httponly=True, samesite="Strict",
                        secure=secure_cookies(request, _cur(request).settings), path="/curation/login", max_age=3600)
    return response


async def login(request: web.Request) -> web.Response:
    cur, form = _cur(request), await request.post()
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    given = form.get("csrf")
    if not nonce or not isinstance(given, str) or not hmac.compare_digest(csrf_token(cur.secret, "login:" + nonce), given):
        raise web.HTTPForbidden(text="This sign-in form has expired. Go back, reload the page and try again.")
    email, password = str(form.get("email", "")), str(form.get("password", ""))
    done = await workflow.sign_in(request, email, password)
    if done.wait:
        return render(request, "login.html", status=429, login_csrf=given, next=_safe_next(form.get("next")),
                      email=email, error=f"Too many failed attempts. Try again in {done.wait // 60 + 1} minutes, "
                                         "or ask your administrator to set a new password.")
    if done.user is None:
        return render(request, "login.html", status=401, login_csrf=given, next=_safe_next(form.get("next")),
                      email=email, error="Wrong email or password.")
    response = web.HTTPSeeOther(_safe_next(form.get("next")))
    set_session_cookie(request, response, done.token)
    response.del_cookie(LOGIN_COOKIE, path="/curation/login")
    raise response


@requires(Role.viewer, page=True)
async def logout(request: web.Request) -> web.Response:
    if SESSION in request:
        await asyncio.to_thread(_cur(request).accounts.end_session, request[SESSION])
    response = web.HTTPSeeOther("/curation/login")
    clear_session_cookie(response)
    raise response


# Entries.

@requires(Role.viewer, page=True)
async def dashboard(request: web.Request) -> web.Response:
    cur = _cur(request)
    board = await asyncio.to_thread(catalogue.dashboard, cur.entries, dt.date.today(), cur.settings.review_soon_days)
    return render(request, "dashboard.html", board=board, soon_days=cur.settings.review_soon_days)


@requires(Role.viewer, page=True)
async def entry_list(request: web.Request) -> web.Response:
    cur = _cur(request)
    try:
        filters = workflow.entry_filters(request.query)
    except workflow.BadFilter:
        raise web.HTTPBadRequest(text="Unknown filter value: use the menus on the entries page.") from None
    q = request.query.get("q", "")[: cur.settings.max_query_chars]
    records = await workflow.find_entries(request, q, filters)
    owners = await asyncio.to_thread(cur.entries.owners)
    return render(request, "entries.html", records=records, q=q, filters=filters, owners=owners,
                  workflows=list(Workflow.__members__), kinds=list(Kind.__members__),
                  soon_days=cur.settings.review_soon_days)


async def _record_or_404(request: web.Request):
    try:
        return await asyncio.to_thread(_cur(request).entries.get, request.match_info["entry_id"])
    except NotFound:
        raise web.HTTPNotFound(text="There is no entry with that identifier.")


@requires(Role.viewer, page=True)
async def entry_page(request: web.Request) -> web.Response:
    record = await _record_or_404(request)
    preview = answers.from_entry(Entry.model_validate(record.data), request.app[STATE].index)
    return render(request, "entry.html", record=record, preview=preview, steps=list(workflow.STEPS.values()))


def form_page(request: web.Request, values: dict, creating: bool, status: int = 200, **extra) -> web.Response:
    context = {"errors": {}, "conflict": None, "preview": None, "question": "", "handles": "", "base_version": None,
               "ticket": None, **extra}
    return render(request, "edit.html", status=status, values=values, creating=creating,
                  kinds=list(Kind.__members__), statuses=list(Status.__members__), gives=list(Gives.__members__),
                  **context)


def blank_entry(owner: str) -> dict:
    today = dt.date.today()
    return {"kind": "scheme", "status": "open", "nations": ["any"], "professions": ["any"], "career_stages": ["any"],
            "owner": owner, "last_reviewed": today.isoformat(), "review_due": (today + dt.timedelta(days=365)).isoformat(),
            "sources": []}


@requires(Role.editor, page=True)
async def new_form(request: web.Request) -> web.Response:
    return form_page(request, forms.to_form(blank_entry("R&D office")), True,
                      question=request.query.get("question", "")[:500], handles=request.query.get("handles", "")[:4000])


@requires(Role.editor, page=True)
async def edit_form(request: web.Request) -> web.Response:
    record = await _record_or_404(request)
    return form_page(request, forms.to_form(record.data), False, base_version=record.version)


async def save_form(request: web.Request, creating: bool, create=None, **shown) -> web.Response:
    """Validate, preview or save the entry form. `create(data, author)` (run off the loop) replaces the store's
    create, for a new entry made from a ticket; `shown` is what the form page shows again on an error."""
    cur, form = _cur(request), await request.post()
    data = forms.from_form(form)
    handles = [k for k in str(form.get("handles", "")).split(",") if k.split(":")[0] in ("gap", "feedback")]
    again = {"question": "", "handles": ",".join(handles), **shown}
    base = None
    if not creating:
        data["id"] = request.match_info["entry_id"]
        try:
            base = version_number(form.get("base_version"))
        except ValueError:
            raise web.HTTPBadRequest(text="The form is missing the version it was based on; reload the page.")
    if form.get("action") == "preview":
        try:
            entry = await asyncio.to_thread(_validate, cur, data)
        except Invalid as exc:
            return form_page(request, forms.to_form(data), creating, 422, base_version=base,
                              errors=forms.errors_by_field([e.__dict__ for e in exc.errors]), **again)
        return form_page(request, forms.to_form(data), creating, base_version=base,
                          preview=answers.from_entry(entry, request.app[STATE].index), **again)
    author = request[USER].email
    try:
        if creating:
            record = await asyncio.to_thread(create or cur.entries.create, data, author)
        else:
            record = await asyncio.to_thread(cur.entries.save, data["id"], data, base, author)
    except Invalid as exc:
        return form_page(request, forms.to_form(data), creating, 422, base_version=base,
                          errors=forms.errors_by_field([e.__dict__ for e in exc.errors]), **again)
    except Conflict as exc:
        diff = next((c["diff"] for c in exc.changes if "diff" in c), "")
        latest = exc.current["version"] if exc.current else base
        return form_page(request, forms.to_form(data), creating, 409, base_version=latest,
                          conflict={"message": str(exc), "diff": diff}, **again)
    if handles:
        await asyncio.to_thread(questions.mark_handled, cur.db, handles, request[USER].id)
    log.info("entry created" if creating else "entry saved",
             extra={"user": request[USER].id, "role": request[USER].role.name, "entry": record.id,
                    "version": record.version})
    raise _see(request, f"/curation/entries/{record.id}", "Saved as a draft. Submit it for review when it is ready.")


def _validate(cur: Curation, data: dict) -> Entry:
    return validate(data, cur.settings.sources_dir, cur.entries.ids() | {data.get("id")}, cur.entries.added_text)


@requires(Role.editor, page=True)
async def create(request: web.Request) -> web.Response:
    return await save_form(request, creating=True)


@requires(Role.editor, page=True)
async def save(request: web.Request) -> web.Response:
    return await save_form(request, creating=False)


@requires(Role.viewer, page=True)
async def step(request: web.Request) -> web.Response:
    step, entry_id = workflow.STEPS.get(request.match_info["action"]), request.match_info["entry_id"]
    if step is None:
        raise web.HTTPNotFound(text="No such action.")
    user = request[USER]
    if not user.can(step.role):
        raise web.HTTPForbidden(text=f"This needs the {step.role.name} role; you are a {user.role.name}.")
    form = await request.post()
    try:
        base = version_number(form.get("base_version"))
    except ValueError:
        raise web.HTTPBadRequest(text="The form is missing the version it was based on; reload the page.")
    try:
        await workflow.take_step(request, step, entry_id, base, user)
    except NotFound:
        raise web.HTTPNotFound(text="There is no entry with that identifier.")
    except (Conflict, BadTransition) as exc:
        raise _see(request, f"/curation/entries/{entry_id}", f"Not done: {exc}")
    raise _see(request, f"/curation/entries/{entry_id}", step.done)


@requires(Role.viewer, page=True)
async def history(request: web.Request) -> web.Response:
    record = await _record_or_404(request)
    versions = await asyncio.to_thread(_cur(request).entries.history, record.id)
    return render(request, "history.html", record=record, versions=versions)


@requires(Role.editor, page=True)
async def restore(request: web.Request) -> web.Response:
    form, entry_id = await request.post(), request.match_info["entry_id"]
    try:
        number, base = version_number(form.get("version")), version_number(form.get("base_version"))
    except ValueError:
        raise web.HTTPBadRequest(text="The form is missing a version number; reload the page.")
    try:
        record = await asyncio.to_thread(_cur(request).entries.restore, entry_id, number, base, request[USER].email)
    except NotFound:
        raise web.HTTPNotFound(text="There is no such entry or version.")
    except (Conflict, BadTransition, Invalid) as exc:
        raise _see(request, f"/curation/entries/{entry_id}/history", f"Not restored: {exc}")
    log.info("entry restored", extra={"user": request[USER].id, "entry": entry_id, "restored": number})
    raise _see(request, f"/curation/entries/{record.id}", f"Version {number} restored as a new draft (version {record.version}).")


# Questions staff asked.

@requires(Role.editor, page=True)  # what staff typed: editors and above (docs/privacy.md)
async def questions_page(request: web.Request) -> web.Response:
    cur, state = _cur(request), request.app[STATE]
    days = await asyncio.to_thread(retention.days_in_force, cur.settings, cur.db)
    found = await asyncio.to_thread(questions.collect, state.gaps, cur.db)
    groups = await asyncio.to_thread(questions.group, found, cur.settings.gap_similarity)
    groups = questions.suggest_entries(groups, state.index)
    figures = questions.stats(found, state.index)
    return render(request, "questions.html", groups=[g.to_dict() for g in groups], total=len(found),
                  retention_days=days, charts={
        "weeks": charts.columns("Questions per week (weeks starting Monday)", figures["per_week"]),
        "topics": charts.bars("Top topics", figures["topics"]),
        "professions": charts.bars("Professions named", figures["professions"])})


@requires(Role.editor, page=True)
async def handled(request: web.Request) -> web.Response:
    keys = [k for k in (await request.post()).getall("keys", []) if isinstance(k, str)]
    marked = await asyncio.to_thread(questions.mark_handled, _cur(request).db, keys, request[USER].id)
    log.info("questions handled", extra={"user": request[USER].id, "count": marked})
    raise _see(request, "/curation/questions", f"{marked} question{'' if marked == 1 else 's'} marked as handled.")


@requires(Role.admin, page=True)
async def delete_question(request: web.Request) -> web.Response:
    try:
        done = await asyncio.to_thread(retention.forget_question, request.app[STATE].gaps, _cur(request).db,
                                       request.match_info["key"])
    except ValueError:
        raise web.HTTPNotFound(text="No such question.")
    log.info("question deleted", extra={"user": request[USER].id, "key": request.match_info["key"]})
    raise _see(request, "/curation/questions", "Question deleted." if done else "That question was already deleted.")


@requires(Role.admin, page=True)
async def privacy_page(request: web.Request) -> web.Response:
    cur = _cur(request)
    days = await asyncio.to_thread(retention.days_in_force, cur.settings, cur.db)
    return render(request, "privacy.html", days=days, default_days=cur.settings.retention_days, error="")


@requires(Role.admin, page=True)
async def set_retention(request: web.Request) -> web.Response:
    cur, given = _cur(request), str((await request.post()).get("days", "")).strip()
    try:
        days = int(given) if given.isascii() and given.isdigit() and len(given) <= 4 else 0
        await asyncio.to_thread(retention.set_days, cur.db, days)
    except ValueError as exc:
        return render(request, "privacy.html", status=422, days=given, default_days=cur.settings.retention_days,
                      error=f"Not changed: {exc}.")
    log.info("retention changed", extra={"user": request[USER].id, "days": days})
    raise _see(request, "/curation/privacy", f"Questions and conversations are now kept for {days} days.")


@requires(Role.editor, page=True)
async def add_alternate_question(request: web.Request) -> web.Response:
    """"Add as a question of this entry": a new draft of the entry, reviewed and published like any edit."""
    form, cur = await request.post(), _cur(request)
    entry_id, question = str(form.get("entry_id", "")), str(form.get("question", "")).strip()
    keys = [k for k in form.getall("keys", []) if isinstance(k, str) and k.split(":")[0] in ("gap", "feedback")]
    try:
        record = await asyncio.to_thread(questions.add_as_question, cur.entries, entry_id, question,
                                         request[USER].email)
    except NotFound:
        raise web.HTTPNotFound(text="There is no entry with that identifier.")
    except (Invalid, Conflict) as exc:
        raise _see(request, "/curation/questions", f"Not added: {exc}")
    await asyncio.to_thread(questions.mark_handled, cur.db, keys, request[USER].id)
    log.info("alternate question added",
             extra={"user": request[USER].id, "entry": record.id, "version": record.version})
    raise _see(request, f"/curation/entries/{record.id}",
               "Question added to a draft of this entry. Submit it for review; once published the bot answers it.")


# Users and tokens.

@requires(Role.admin, page=True)
async def users_page(request: web.Request) -> web.Response:
    found = await asyncio.to_thread(_cur(request).accounts.users)
    return render(request, "users.html", users=found, role_names=list(Role.__members__), error="")


@requires(Role.admin, page=True)
async def add_user(request: web.Request) -> web.Response:
    form = await request.post()
    role = str(form.get("role", ""))
    try:
        if role not in Role.__members__:
            raise AccountError("choose a role from the list")
        user = await asyncio.to_thread(_cur(request).accounts.create_user, str(form.get("email", "")),
                                       str(form.get("name", "")), Role[role], str(form.get("password", "")))
    except AccountError as exc:
        found = await asyncio.to_thread(_cur(request).accounts.users)
        return render(request, "users.html", status=422, users=found, role_names=list(Role.__members__),
                      error=f"User not added: {exc}.")
    log.info("user created", extra={"user": request[USER].id, "new_user": user.id, "new_role": user.role.name})
    raise _see(request, "/curation/users", f"Added {user.email} as {user.role.name}.")


@requires(Role.admin, page=True)
async def change_user(request: web.Request) -> web.Response:
    form = await request.post()
    role, active = str(form.get("role", "")), form.get("active")
    try:
        if role not in Role.__members__ or active not in ("0", "1"):
            raise AccountError("choose a role and a status from the lists")
        user = await asyncio.to_thread(_cur(request).accounts.update_user, request.match_info["user_id"], Role[role],
                                       active == "1")
    except LookupError:
        raise web.HTTPNotFound(text="No such user.")
    except AccountError as exc:
        found = await asyncio.to_thread(_cur(request).accounts.users)
        return render(request, "users.html", status=422, users=found, role_names=list(Role.__members__),
                      error=f"Not changed: {exc}.")
    log.info("user changed", extra={"user": request[USER].id, "changed_user": user.id, "new_role": user.role.name,
                                    "active": user.active})
    raise _see(request, "/curation/users", f"Saved {user.email}.")


async def _tokens(request: web.Request) -> list[dict]:
    """The user's tokens; an admin sees everyone's, to revoke any."""
    user = request[USER]
    return await asyncio.to_thread(_cur(request).accounts.tokens, user, user.can(Role.admin))


@requires(Role.viewer, page=True)
async def tokens_page(request: web.Request) -> web.Response:
    return render(request, "tokens.html", tokens=await _tokens(request), new_token="",
                  days=_cur(request).accounts.token_days)


@requires(Role.viewer, page=True)
async def add_token(request: web.Request) -> web.Response:
    name = str((await request.post()).get("name", "")).strip()
    if not name:
        raise web.HTTPBadRequest(text="Give the token a name: what will use it?")
    accounts = _cur(request).accounts
    token_id, token, _ = await asyncio.to_thread(accounts.create_token, request[USER], name)
    log.info("token created", extra={"user": request[USER].id, "token": token_id})
    return render(request, "tokens.html", tokens=await _tokens(request), new_token=token, days=accounts.token_days)


@requires(Role.viewer, page=True)
async def revoke_token(request: web.Request) -> web.Response:
    if not await asyncio.to_thread(_cur(request).accounts.revoke_token, request[USER], request.match_info["token_id"]):
        raise web.HTTPNotFound(text="No such token (of yours, unless you are an admin).")
    log.info("token revoked", extra={"user": request[USER].id, "token": request.match_info["token_id"]})
    raise _see(request, "/curation/tokens", "Token revoked.")


def add_page_routes(app: web.Application) -> None:
    r = app.router
    r.add_get("/curation/login", login_form)
    r.add_post("/curation/login", login)
    r.add_post("/curation/logout", logout)
    r.add_get("/curation/", dashboard)
    r.add_get("/curation", to_dashboard)
    r.add_get("/curation/entries", entry_list)
    r.add_get("/curation/entries/new", new_form)
    r.add_post("/curation/entries/new", create)
    r.add_get("/curation/entries/{entry_id}", entry_page)
    r.add_get("/curation/entries/{entry_id}/edit", edit_form)
    r.add_post("/curation/entries/{entry_id}/edit", save)
    r.add_get("/curation/entries/{entry_id}/history", history)
    r.add_post("/curation/entries/{entry_id}/restore", restore)
    r.add_post("/curation/entries/{entry_id}/{action}", step)
    r.add_get("/curation/questions", questions_page)
    r.add_post("/curation/questions/handled", handled)
    r.add_post("/curation/questions/{key}/delete", delete_question)
    r.add_get("/curation/privacy", privacy_page)
    r.add_post("/curation/privacy", set_retention)
    r.add_post("/curation/questions/alternate", add_alternate_question)
    r.add_get("/curation/users", users_page)
    r.add_post("/curation/users", add_user)
    r.add_post("/curation/users/{user_id}", change_user)
    r.add_get("/curation/tokens", tokens_page)
    r.add_post("/curation/tokens", add_token)
    r.add_post("/curation/tokens/{token_id}/revoke", revoke_token)
