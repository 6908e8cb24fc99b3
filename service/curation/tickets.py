"""Ask the R&D office over HTTP: the chat side (/api/tickets, used by the actions and the REST channel)
and the R&D office's queue (/curation/tickets pages, /curation/api/tickets JSON).

Any curation role reads tickets; editors and above take, answer, close and turn answers into entries.
Logs carry ticket numbers, users and outcomes, never a question, answer, contact or sender id.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging

from aiohttp import web

from knowledge.curation.store import Record
from knowledge.curation.throttle import TicketThrottle
from knowledge.curation.users import Role
from knowledge.tickets import NotFound, Ticket, TicketError, TicketStore, WrongState
from service.curation import (
    forms,
    tickets_openapi,  # noqa: F401 (describes these routes in the OpenAPI spec)
)
from service.curation.api import body_of, run_store
from service.curation.auth import USER, requires
from service.curation.context import CURATION
from service.curation.pages import _see, blank_entry, form_page, render, save_form
from service.http_input import error, json_object
from service.ticket_delivery import TeamsSender, answer_text, deliver_answer, outbox, wait_text

log = logging.getLogger("knowledge.tickets")
TICKETS = web.AppKey("tickets", TicketStore)
TEAMS = web.AppKey("tickets_teams", TeamsSender)
OUTBOX_WAKE = web.AppKey("tickets_outbox_wake", asyncio.Event)
THROTTLE = web.AppKey("tickets_throttle", TicketThrottle)


async def _call(call, *args) -> Ticket | web.Response:
    try:
        return await asyncio.to_thread(call, *args)
    except TicketError as exc:
        return error(400, str(exc))
    except NotFound as exc:
        return error(404, str(exc))
    except WrongState as exc:
        return error(409, str(exc))


def _number(request: web.Request) -> int:
    try:
        return int(request.match_info["number"])
    except ValueError:
        raise web.HTTPNotFound(text="No such ticket.") from None


# The chat side.

async def create_ticket(request: web.Request) -> web.Response:
    """A person agreed to send their question (and optionally profile and contact) to the R&D office."""
    body = await json_object(request)
    app = request.app
    wait = await asyncio.to_thread(app[THROTTLE].attempt, body.get("channel"), body.get("sender"))
    if wait:
        log.warning("ticket throttled", extra={"retry_after_s": wait})
        return error(429, f"too many questions sent to the R&D office; try again in {wait // 60 + 1} minutes",
                     headers={"Retry-After": str(wait)})
    ticket = await _call(app[TICKETS].create, body.get("question"), body.get("channel"), body.get("sender"),
                         body.get("attempted_answer", ""), body.get("nearest", []), body.get("profile"),
                         body.get("contact_email"), body.get("reference"))
    if isinstance(ticket, web.Response):
        return ticket
    log.info("ticket created", extra={"ticket": ticket.id, "channel": ticket.channel,
                                      "profile": ticket.profile is not None, "email": ticket.contact_email is not None})
    with contextlib.suppress(Exception):  # the card is a courtesy; the queue page always has the ticket
        await app[TEAMS].announce(ticket)
    wait = await asyncio.to_thread(app[TICKETS].typical_wait_s)
    return web.json_response({"ticket": ticket.id, "next": wait_text(wait)}, status=201)


async def claim_answers(request: web.Request) -> web.Response:
    """Answers waiting for this conversation (web chat, REST), each returned once."""
    body = await json_object(request)
    channel, sender = body.get("channel"), body.get("sender")
    if not isinstance(channel, str) or not isinstance(sender, str) or not sender:
        return error(400, "give 'channel' and 'sender'")
    found = await asyncio.to_thread(request.app[TICKETS].claim_answers, channel, sender)
    if found:
        log.info("ticket answers delivered", extra={"tickets": [t.id for t in found]})
    return web.json_response({"answers": [{"ticket": t.id, "text": answer_text(t)} for t in found]})


# The R&D office's JSON API.

@requires(Role.viewer)
async def api_list(request: web.Request) -> web.Response:
    found = await _call(request.app[TICKETS].list, request.query.get("status") or None)
    return found if isinstance(found, web.Response) else web.json_response([t.to_dict() for t in found])


@requires(Role.viewer)
async def api_get(request: web.Request) -> web.Response:
    ticket = await _call(request.app[TICKETS].get, _number(request))
    return ticket if isinstance(ticket, web.Response) else web.json_response(ticket.to_dict())


async def _answer(request: web.Request, text: object) -> Ticket | web.Response:
    app, user = request.app, request[USER]
    ticket = await _call(app[TICKETS].answer, _number(request), text, user.email)
    if isinstance(ticket, web.Response):
        return ticket
    log.info("ticket answered", extra={"ticket": ticket.id, "user": user.id})
    ticket = await deliver_answer(app[TICKETS], app[TEAMS], ticket)
    app[OUTBOX_WAKE].set()
    return ticket


async def _step(request: web.Request, action: str) -> Ticket | web.Response:
    store, user, number = request.app[TICKETS], request[USER], _number(request)
    if action == "take":
        ticket = await _call(store.take, number, user.email)
    elif action == "close":
        ticket = await _call(store.close, number)
    else:
        ticket = await _call(store.retry_email, number)
        request.app[OUTBOX_WAKE].set()
    if not isinstance(ticket, web.Response):
        log.info(f"ticket {action}", extra={"ticket": number, "user": user.id})
    return ticket


def _api_step(action: str):
    @requires(Role.editor)
    async def handler(request: web.Request) -> web.Response:
        ticket = await _step(request, action)
        return ticket if isinstance(ticket, web.Response) else web.json_response(ticket.to_dict())

    handler.__name__ = f"api_{action.replace('-', '_')}"
    return handler


@requires(Role.editor)
async def api_answer(request: web.Request) -> web.Response:
    ticket = await _answer(request, (await body_of(request)).get("answer"))
    return ticket if isinstance(ticket, web.Response) else web.json_response(ticket.to_dict())


def added_to(data: dict, ticket: Ticket) -> dict:
    """The entry with the ticket's answer added: the question as an alternate question (so search finds the entry
    the way people ask) and a new paragraph that starts with the question, so the paragraph the bot quotes for it
    is the answer (each paragraph is a passage; alternate questions are searched, never quoted). The editor sees
    the draft, and a reviewer publishes it: personal details in a question can be taken out on the way."""
    data = dict(data)
    question = ticket.question.strip()
    data["alternate_questions"] = [*(data.get("alternate_questions") or []), question]
    asked = question if question.endswith("?") else question + "?"
    data["body"] = f"{data['body'].rstrip()}\n\n{asked} {ticket.answer}"
    return data


async def _with_answer(request: web.Request) -> Ticket | web.Response:
    """The ticket, or the refusal when it has no answer yet."""
    ticket = await _call(request.app[TICKETS].get, _number(request))
    if not isinstance(ticket, web.Response) and not ticket.answer:
        return error(409, "answer the ticket first")
    return ticket


async def _answered(request: web.Request) -> tuple[dict, Ticket | web.Response]:
    return await body_of(request), await _with_answer(request)


async def _link(request: web.Request, ticket: Ticket, record: Record) -> web.Response:
    await asyncio.to_thread(request.app[TICKETS].link_entry, ticket.id, record.id, record.version)
    log.info("ticket into entry", extra={"ticket": ticket.id, "entry": record.id, "user": request[USER].id})
    record = await asyncio.to_thread(request.app[CURATION].entries.get, record.id)
    return web.json_response(record.to_dict())


@requires(Role.editor)
async def api_add_to_entry(request: web.Request) -> web.Response:
    """Put the answer into an existing entry's draft (base_version guards against overwriting others' edits)."""
    body, ticket = await _answered(request)
    if isinstance(ticket, web.Response):
        return ticket
    entry_id, base = body.get("entry_id"), body.get("base_version")
    if not isinstance(entry_id, str) or not isinstance(base, int):
        return error(400, "give 'entry_id' and 'base_version'")
    return await _add_to_entry(request, ticket, entry_id, base)


async def _add_to_entry(request: web.Request, ticket: Ticket, entry_id: str, base: int | None) -> web.Response:
    """`base` None: on top of the entry's latest version (the page, where the editor acts on it now)."""
    entries = request.app[CURATION].entries
    current = await run_store(entries.get, entry_id)
    if isinstance(current, web.Response):
        return current
    record = await run_store(entries.save, entry_id, added_to(current.data, ticket), base or current.version,
                             request[USER].email)
    return record if isinstance(record, web.Response) else await _link(request, ticket, record)


def _creates_linked(request: web.Request, ticket: Ticket):
    """The store's create for a new entry from `ticket`, linking the ticket in the new entry's history (run off the
    loop). The API and the ticket page's "New entry from this" both create through it."""
    entries, tickets, user = request.app[CURATION].entries, request.app[TICKETS], request[USER]

    def create(data: object, author: str) -> Record:
        record = entries.create(data, author)
        tickets.link_entry(ticket.id, record.id, record.version)
        log.info("ticket into entry", extra={"ticket": ticket.id, "entry": record.id, "user": user.id})
        return entries.get(record.id)

    return create


@requires(Role.editor)
async def api_new_entry(request: web.Request) -> web.Response:
    """A new draft entry from the ticket: the editor gives the entry (with its source), the ticket is linked."""
    body, ticket = await _answered(request)
    if isinstance(ticket, web.Response):
        return ticket
    record = await run_store(_creates_linked(request, ticket), body.get("entry"), request[USER].email)
    return record if isinstance(record, web.Response) else web.json_response(record.to_dict())


# Pages.

@requires(Role.viewer, page=True)
async def queue_page(request: web.Request) -> web.Response:
    status = request.query.get("status") or None
    store = request.app[TICKETS]
    try:
        found = await asyncio.to_thread(store.list, status)
    except TicketError:
        raise web.HTTPBadRequest(text="Unknown status: use the links on the tickets page.") from None
    return render(request, "tickets.html", tickets=found, shown=status, counts=await asyncio.to_thread(store.counts))


@requires(Role.viewer, page=True)
async def ticket_page(request: web.Request) -> web.Response:
    try:
        ticket = await asyncio.to_thread(request.app[TICKETS].get, _number(request))
    except NotFound:
        raise web.HTTPNotFound(text="No such ticket.") from None
    return render(request, "ticket.html", ticket=ticket)


def _new_entry_fields(ticket: Ticket) -> dict:
    """The new entry's form, started from the ticket: its question searched as people ask, its answer the body."""
    asked = ticket.question.strip()
    return {**blank_entry("R&D office"), "alternate_questions": [asked],
            "body": f"{asked if asked.endswith('?') else asked + '?'} {ticket.answer}"}


@requires(Role.editor, page=True)
async def new_entry_page(request: web.Request) -> web.Response:
    """"New entry from this": the entry form, which posts back here to create the entry linked to the ticket."""
    number, ticket = _number(request), await _with_answer(request)
    if isinstance(ticket, web.Response):
        raise _see(request, f"/curation/tickets/{number}", "Not done: " + json.loads(ticket.text)["error"])
    return form_page(request, forms.to_form(_new_entry_fields(ticket)), True, ticket=ticket)


async def _new_entry_form(request: web.Request, number: int) -> web.Response:
    ticket = await _with_answer(request)
    if isinstance(ticket, web.Response):
        raise _see(request, f"/curation/tickets/{number}", "Not done: " + json.loads(ticket.text)["error"])
    return await save_form(request, True, create=_creates_linked(request, ticket), ticket=ticket)


@requires(Role.editor, page=True)
async def ticket_form(request: web.Request) -> web.Response:
    action, number = request.match_info["action"], _number(request)
    if action not in ("take", "answer", "close", "retry-email", "add-to-entry", "new-entry"):
        raise web.HTTPNotFound(text="No such action.")
    if action == "new-entry":
        return await _new_entry_form(request, number)
    form = await request.post()
    if action == "add-to-entry":
        return await _add_to_entry_form(request, number, str(form.get("entry_id", "")).strip())
    result = await (_answer(request, form.get("answer")) if action == "answer" else _step(request, action))
    done = {"take": "You have taken this ticket.", "answer": "Answer sent.", "close": "Ticket closed.",
            "retry-email": "The email will be tried again now."}[action]
    if isinstance(result, web.Response):
        done = "Not done: " + json.loads(result.text)["error"]
    raise _see(request, f"/curation/tickets/{number}", done)


async def _add_to_entry_form(request: web.Request, number: int, entry_id: str) -> web.Response:
    ticket = await _with_answer(request)
    result = ticket if isinstance(ticket, web.Response) else await _add_to_entry(request, ticket, entry_id, None)
    if result.status != 200:
        raise _see(request, f"/curation/tickets/{number}", "Not done: " + json.loads(result.text)["error"])
    raise _see(request, f"/curation/entries/{entry_id}",
               f"The answer to ticket #{number} is in this entry's draft: check it, then submit it for review.")


def add_ticket_routes(app: web.Application) -> None:
    """Routes and the services behind them (the store on the curation database, Teams, the email outbox)."""
    cur = app[CURATION]
    app[TICKETS] = TicketStore(cur.db)
    app[TEAMS] = TeamsSender(cur.settings)
    app[OUTBOX_WAKE] = asyncio.Event()
    app[THROTTLE] = TicketThrottle(cur.db)

    async def _outbox(app: web.Application):
        task = asyncio.create_task(outbox(app[TICKETS], app[TEAMS], cur.settings, app[OUTBOX_WAKE]))
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await app[TEAMS].close()

    app.cleanup_ctx.append(_outbox)
    r = app.router
    r.add_post("/api/tickets", create_ticket)
    r.add_post("/api/tickets/answers", claim_answers)
    r.add_get("/curation/api/tickets", api_list)
    r.add_get("/curation/api/tickets/{number}", api_get)
    r.add_post("/curation/api/tickets/{number}/answer", api_answer)
    for action in ("take", "close", "retry-email"):
        r.add_post(f"/curation/api/tickets/{{number}}/{action}", _api_step(action))
    r.add_post("/curation/api/tickets/{number}/add-to-entry", api_add_to_entry)
    r.add_post("/curation/api/tickets/{number}/new-entry", api_new_entry)
    r.add_get("/curation/tickets", queue_page)
    r.add_get("/curation/tickets/{number}", ticket_page)
    r.add_get("/curation/tickets/{number}/new-entry", new_entry_page)
    r.add_post("/curation/tickets/{number}/{action}", ticket_form)
